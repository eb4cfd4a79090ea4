import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './routes';

describe('parseRoute', () => {
  it('reads the screens the links point at', () => {
    expect(parseRoute(href.list('contact'))).toEqual({ screen: 'list', entity: 'contact' });
    expect(parseRoute(href.create('deal'))).toEqual({ screen: 'new', entity: 'deal' });
    expect(parseRoute(href.card('contact', 'a b/7'))).toEqual({ screen: 'card', entity: 'contact', id: 'a b/7' });
    expect(parseRoute(href.users())).toEqual({ screen: 'users' });
  });

  it('falls back to the inbox for anything else', () => {
    expect(parseRoute('')).toEqual({ screen: 'inbox' });
    expect(parseRoute('#/nowhere/at/all/x')).toEqual({ screen: 'inbox' });
  });
});
