import { describe, expect, it } from 'vitest';
import { parseProblem } from '../api/problem';
import i18n from '../i18n';
import { refusal } from './attachment';

const t = i18n.t.bind(i18n) as unknown as Parameters<typeof refusal>[2];
const file = new File([new Uint8Array(5000)], 'Договор.pdf');

describe('an upload the server refuses', () => {
  it('says what kind of refusal it is, with the server\'s words beside', async () => {
    await i18n.changeLanguage('ru');
    const tooLarge = refusal(parseProblem(413, JSON.stringify({ title: 'Payload Too Large', status: 413,
      errors: [{ field: 'file', rule: 'maxSize', message: 'must be at most 4096 bytes, this is 5000' }] })), file, t);
    expect(tooLarge.message).toContain('«Договор.pdf»');
    expect(tooLarge.message).toContain('больше, чем принимает сервер');
    expect(tooLarge.detail).toBe('must be at most 4096 bytes, this is 5000');
    const unsupported = refusal(parseProblem(415, '{"title":"Unsupported Media Type","status":415,"detail":"its content is application/x-msdownload"}'), file, t);
    expect(unsupported.message).toBe('Файлы такого типа, как «Договор.pdf», сервер не принимает.');
    expect(unsupported.detail).toBe('its content is application/x-msdownload');
    await i18n.changeLanguage('en');
    expect(refusal(parseProblem(422, '{"title":"Unprocessable","status":422}'), file, t).message).toBe('The server did not accept the file “Договор.pdf”.');
  });
});
