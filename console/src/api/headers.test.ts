import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { requestHeaders } from './headers';

describe('requestHeaders', () => {
  beforeEach(() => {
    const stored = new Map<string, string>([['voronka.session', JSON.stringify({ token: 't0k3n' })]]);
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null });
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    await i18n.changeLanguage('en');
  });

  it('asks the engine for the console language, whatever the browser prefers', async () => {
    await i18n.changeLanguage('ru');
    expect(requestHeaders('application/json')['Accept-Language']).toBe('ru');
    await i18n.changeLanguage('en-US');
    expect(requestHeaders('application/json', 'application/json')).toMatchObject({
      Accept: 'application/json', 'Accept-Language': 'en', 'Content-Type': 'application/json', Authorization: 'Bearer t0k3n',
    });
  });
});
