import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchResending } from './client';

function answer(status: number, retryAfter?: string): Response {
  return new Response(status === 200 ? '{}' : '', { status, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });
}

describe('fetchResending', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a write again after the wait a busy server asks for', async () => {
    const fetched = vi.fn().mockResolvedValueOnce(answer(503, '1')).mockResolvedValueOnce(answer(200));
    vi.stubGlobal('fetch', fetched);
    const waits: number[] = [];
    const res = await fetchResending('/api/v1/records/contact', { method: 'POST', body: '{"values":{}}' }, async ms => { waits.push(ms); });
    expect(res.status).toBe(200);
    expect(waits).toEqual([1000]);
    expect(fetched).toHaveBeenCalledTimes(2);
    expect(fetched.mock.calls[1][1].body).toBe('{"values":{}}');
  });

  it('gives up after two resends and answers the last 503', async () => {
    const fetched = vi.fn().mockImplementation(async () => answer(503, '1'));
    vi.stubGlobal('fetch', fetched);
    const res = await fetchResending('/x', { method: 'GET' }, async () => {});
    expect(res.status).toBe(503);
    expect(fetched).toHaveBeenCalledTimes(3);
  });

  it('does not resend a 503 without Retry-After, or one asking for a long wait', async () => {
    for (const retryAfter of [undefined, '60', 'Wed, 21 Oct 2026 07:28:00 GMT']) {
      const fetched = vi.fn().mockImplementation(async () => answer(503, retryAfter));
      vi.stubGlobal('fetch', fetched);
      const res = await fetchResending('/x', { method: 'POST' }, async () => {});
      expect(res.status).toBe(503);
      expect(fetched).toHaveBeenCalledTimes(1);
    }
  });

  it('never resends other failures', async () => {
    const fetched = vi.fn().mockImplementation(async () => answer(409, '1'));
    vi.stubGlobal('fetch', fetched);
    expect((await fetchResending('/x', { method: 'PUT' }, async () => {})).status).toBe(409);
    expect(fetched).toHaveBeenCalledTimes(1);
  });
});
