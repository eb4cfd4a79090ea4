import { currentLanguage } from '../i18n';
import { loadSession } from './session';

/**
 * The headers every call to the engine sends: what it accepts, the signed-in user's token, and the
 * console's language as Accept-Language, so the engine words its problems (a field's validation
 * message, a rule's parse error) in the language the user chose in the header, not the browser's.
 */
export function requestHeaders(accept: string, contentType?: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': currentLanguage() };
  const token = loadSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (contentType) headers['Content-Type'] = contentType;
  return headers;
}
