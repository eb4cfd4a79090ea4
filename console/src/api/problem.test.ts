import { describe, expect, it } from 'vitest';
import { fieldMessages, parseProblem, ProblemError, toProblem, unplacedErrors } from './problem';

describe('parseProblem', () => {
  it('reads title, detail and per-field errors of problem+json', () => {
    const body = JSON.stringify({
      type: 'about:blank', title: 'Invalid record', status: 422, detail: 'Two fields are wrong',
      errors: [
        { field: 'email', rule: 'format', message: 'Not an email address' },
        { field: 'email', rule: 'unique', message: 'Already used' },
        { field: 'budget', rule: 'min', message: 'Must be positive' },
      ],
    });
    const problem = parseProblem(422, body);
    expect(problem.title).toBe('Invalid record');
    expect(problem.detail).toBe('Two fields are wrong');
    expect(fieldMessages(problem)).toEqual({
      email: ['Not an email address', 'Already used'],
      budget: ['Must be positive'],
    });
    expect(unplacedErrors(problem, ['email']).map(e => e.field)).toEqual(['budget']);
  });

  it('places errors on record values by their path', () => {
    const body = JSON.stringify({
      title: 'Invalid record', status: 400,
      errors: [{ field: 'values.email', rule: 'format', message: 'must be an email address' }, { field: 'version', message: 'is required' }],
    });
    const problem = parseProblem(400, body);
    expect(fieldMessages(problem)).toEqual({ email: ['must be an email address'], version: ['is required'] });
    expect(unplacedErrors(problem, ['email']).map(e => e.field)).toEqual(['version']);
  });

  it('still gives a readable problem when the body is not JSON', () => {
    expect(parseProblem(502, '<html>Bad gateway</html>', 'Bad Gateway'))
      .toEqual({ title: 'Bad Gateway', status: 502, errors: [] });
    expect(parseProblem(500, '').title).toBe('Request failed (HTTP 500)');
  });

  it('drops malformed entries in errors', () => {
    const body = JSON.stringify({ title: 'Conflict', status: 409, errors: [{ field: 'x' }, 'oops', null] });
    expect(parseProblem(409, body)).toEqual({ title: 'Conflict', status: 409, errors: [] });
  });
});

describe('toProblem', () => {
  it('explains a network failure as an unreachable server', () => {
    expect(toProblem(new TypeError('Failed to fetch')).title).toBe('Could not reach the server');
    const p = parseProblem(409, '{"title":"Stale version"}');
    expect(toProblem(new ProblemError(p))).toBe(p);
  });
});
