import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { requestHeaders } from './headers';

describe('requestHeaders', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('asks the engine for the console language, whatever the browser prefers', async () => {
    await i18n.changeLanguage('ru');
    expect(requestHeaders('application/json')['Accept-Language']).toBe('ru');
    await i18n.changeLanguage('en-US');
    expect(requestHeaders('application/json', 'application/json')).toMatchObject({
      Accept: 'application/json', 'Accept-Language': 'en', 'Content-Type': 'application/json',
    });
  });
});
