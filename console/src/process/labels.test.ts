import { describe, expect, it } from 'vitest';
import { nameIn, taskName } from './labels';

describe('task and step names in the reader language', () => {
  const task = { name: 'Call Anna', labels: { ru: 'Позвонить: Анна', de: 'Anrufen' } };

  it('show the label in the reader language, or in its base language', () => {
    expect(taskName(task, 'ru')).toBe('Позвонить: Анна');
    expect(taskName(task, 'ru-RU')).toBe('Позвонить: Анна');
    expect(taskName(task, 'de-AT')).toBe('Anrufen');
  });

  it('fall back to the name the BPMN gives when there is no label in that language', () => {
    expect(taskName(task, 'en')).toBe('Call Anna');
    expect(taskName({ name: 'Call Anna', labels: {} }, 'ru')).toBe('Call Anna');
    expect(taskName({ name: 'Call Anna' }, 'ru')).toBe('Call Anna');
    expect(taskName({ name: 'Call Anna', labels: { ru: '' } }, 'ru')).toBe('Call Anna');
    expect(taskName({ name: null }, 'ru')).toBe('');
  });

  it('keep a missing step name missing', () => {
    expect(nameIn(null, null, 'ru')).toBeNull();
    expect(nameIn(undefined, { ru: 'Миг' }, 'ru')).toBe('Миг');
  });
});
