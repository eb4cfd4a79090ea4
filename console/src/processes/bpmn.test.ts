import { describe, expect, it } from 'vitest';
import { asRule, blankModel, inputModeOf, ISO_DURATION, processKey, relativeDate, ruleOf, strategyOf, timerOf } from './bpmn';

describe('Voronka BPMN encoding', () => {
  it('reads one rule expression and nothing else as a rule', () => {
    expect(ruleOf("${warmth == 'hot'}")).toBe("warmth == 'hot'");
    expect(ruleOf('Welcome, ${first_name}!')).toBeNull();
    expect(ruleOf('${a} and ${b}')).toBeNull();
    expect(asRule(' email ')).toBe('${email}');
  });

  it('tells a literal, a record field and a rule apart', () => {
    expect(inputModeOf('${email}', ['email'])).toBe('field');
    expect(inputModeOf('${upper(email)}', ['email'])).toBe('rule');
    expect(inputModeOf('Hello, ${first_name}', ['first_name'])).toBe('rule');
    expect(inputModeOf('Hello', ['first_name'])).toBe('literal');
    expect(inputModeOf(undefined, [])).toBe('literal');
  });

  it('reads assignment strategies as the engine runs them', () => {
    expect(strategyOf(undefined, 'manager', ['${roundRobin}']).strategy).toBe('round-robin');
    expect(strategyOf(undefined, 'manager', ['${ leastLoaded }'])).toEqual({ strategy: 'least-loaded', groups: ['manager'] });
    expect(strategyOf('ivanov', undefined, [])).toEqual({ strategy: 'named', assignee: 'ivanov', groups: [] });
    expect(strategyOf("${responsible_manager}", 'a, b', [])).toEqual({ strategy: 'rule', rule: 'responsible_manager', groups: ['a', 'b'] });
    expect(strategyOf(undefined, 'manager', []).strategy).toBe('pool');
  });

  it('writes and reads timers relative to a record field', () => {
    expect(relativeDate('contract_end', -30)).toBe('${addDays(contract_end, -30)}');
    expect(relativeDate('contract_end', 0)).toBe('${contract_end}');
    expect(timerOf(undefined, '${addDays(contract_end, -30)}')).toEqual({ mode: 'field', field: 'contract_end', days: -30 });
    expect(timerOf('PT4H', undefined)).toEqual({ mode: 'duration', duration: 'PT4H' });
    expect(timerOf(undefined, '2026-12-31T09:00:00Z').mode).toBe('date');
    expect(ISO_DURATION.test('P30D')).toBe(true);
    expect(ISO_DURATION.test('PT')).toBe(false);
    expect(ISO_DURATION.test('30 days')).toBe(false);
  });

  it('makes a process key from a latin name, a fallback otherwise', () => {
    expect(processKey('Lead walk 1a', 'x')).toBe('lead-walk-1a');
    expect(processKey('Новый процесс', 'k1')).toBe('process-k1');
    expect(blankModel('p-1', 'A & B')).toContain('name="A &amp; B"');
  });
});
