import { describe, expect, it } from 'vitest';
import { fromLegacyHash, href } from './routes';

describe('href', () => {
  it('builds paths with each part encoded', () => {
    expect(href.list('contact')).toBe('/records/contact');
    expect(href.create('deal')).toBe('/records/deal/new');
    expect(href.card('contact', 'a b/7')).toBe('/records/contact/a%20b%2F7');
    expect(href.list('deal', { filter: 'stage = "won"', view: undefined })).toBe('/records/deal?filter=stage+%3D+%22won%22');
  });

  it('leads old hash links to the same screen', () => {
    expect(fromLegacyHash('#/records/contact/7')).toBe('/records/contact/7');
    expect(fromLegacyHash('')).toBeNull();
    expect(fromLegacyHash('#main')).toBeNull();
  });
});
