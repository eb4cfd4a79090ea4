import { describe, expect, it } from 'vitest';
import type { StoredTaskForm } from '../api/types';
import { formKeyOptions } from '../processes/panel/formKeys';
import { FORM_KEY, movedField, type TaskFormDoc, toTaskFormInput, withField } from './taskForms';

const doc: TaskFormDoc = { key: 'call-lead', label: 'Call', fields: [{ name: 'outcome', label: 'Outcome', type: 'text' }] };

describe('task form editing', () => {
  it('adds a choice with its options, its labels and required', () => {
    const next = withField(doc, { name: 'mood', label: '', type: 'enum', required: true, labels: { ru: 'Настроение' } },
      [{ value: 'happy', label: 'Happy' }, { value: ' sad ', label: '' }, { value: '', label: 'still typing' }]);
    expect(next).toEqual({ ...doc, fields: [...doc.fields, {
      name: 'mood', label: 'mood', type: 'enum', required: true, labels: { ru: 'Настроение' },
      options: [{ value: 'happy', label: 'Happy' }, { value: 'sad', label: 'sad' }],
    }] });
  });

  it('refuses a bad or taken name and a choice without options, naming the problem', () => {
    expect(withField(doc, { name: 'Bad name', type: 'text' }, [])).toBe('namePattern');
    expect(withField(doc, { name: 'outcome', type: 'text' }, [])).toBe('nameTaken');
    expect(withField(doc, { name: 'mood', type: 'multienum' }, [{ value: ' ', label: 'x' }])).toBe('noOptions');
  });

  it('sends no options, empty labels or required=false for a plain field', () => {
    expect(withField(doc, { name: 'note', label: 'Note', type: 'longtext', required: false, labels: {} }, [{ value: 'ignored', label: 'x' }])).toEqual({
      ...doc, fields: [...doc.fields, { name: 'note', label: 'Note', type: 'longtext' }],
    });
  });

  it('puts an edited field in its place, keeping what the editor does not show', () => {
    const form: TaskFormDoc = { ...doc, fields: [
      { name: 'mood', label: 'Mood', type: 'enum', required: true, options: [{ value: 'happy', label: 'Happy', labels: { ru: 'Рад' } }] },
      { name: 'note', label: 'Note', type: 'text', maxLength: 500, pattern: '^[a-z]+$' },
    ] };
    const edited = withField(form, { name: 'mood', label: 'Feeling', type: 'enum', required: false },
      [...(form.fields[0].options ?? []), { value: 'sad', label: 'Sad' }], 0) as TaskFormDoc;
    expect(edited.fields[0]).toEqual({ name: 'mood', label: 'Feeling', type: 'enum',
      options: [{ value: 'happy', label: 'Happy', labels: { ru: 'Рад' } }, { value: 'sad', label: 'Sad' }] });
    const renamed = withField(form, { name: 'comment', label: 'Comment', type: 'text', required: true }, [], 1) as TaskFormDoc;
    expect(renamed.fields[1]).toEqual({ name: 'comment', label: 'Comment', type: 'text', required: true, maxLength: 500, pattern: '^[a-z]+$' });
    expect(withField(form, { name: 'note', type: 'text' }, [], 0)).toBe('nameTaken');
    expect(withField(form, { name: 'note', label: 'Long note', type: 'longtext' }, [], 1)).toEqual({ ...form, fields: [form.fields[0],
      { name: 'note', label: 'Long note', type: 'longtext' }] });
  });

  it('moves a field within the list and ignores a move past either end', () => {
    const two = withField(doc, { name: 'note', type: 'text' }, []) as TaskFormDoc;
    expect(movedField(two, 1, -1).fields.map(f => f.name)).toEqual(['note', 'outcome']);
    expect(movedField(two, 0, -1)).toBe(two);
    expect(movedField(two, 1, 1)).toBe(two);
  });

  it('puts back only what a PUT takes from a stored form', () => {
    const stored: StoredTaskForm = { key: 'call-lead', label: 'Call', fields: [{ name: 'outcome', label: 'Outcome', type: 'text', required: false, options: [] }], version: 3, checksum: 'x', origin: 'api', changedBy: 'admin', changedAt: '2026-01-01T00:00:00Z' };
    expect(toTaskFormInput(stored)).toEqual({ key: 'call-lead', label: 'Call', labels: undefined, fields: stored.fields, version: 3 });
  });

  it('accepts the keys a user task may name', () => {
    expect(['call-lead', 'close_lost', 'a'].every(k => FORM_KEY.test(k))).toBe(true);
    expect(['Call', '1call', '', 'call lead'].some(k => FORM_KEY.test(k))).toBe(false);
  });
});

describe('the user task form picker', () => {
  it('offers each task form by key, labelled in the language asked for', () => {
    expect(formKeyOptions([
      { key: 'call-lead', label: 'Call the lead', labels: { ru: 'Позвонить лиду' }, fieldCount: 2, version: 1 },
      { key: 'close-lost', label: 'Why lost', fieldCount: 1, version: 4 },
    ], 'ru')).toEqual([
      { value: 'call-lead', label: 'Позвонить лиду (call-lead)' },
      { value: 'close-lost', label: 'Why lost (close-lost)' },
    ]);
  });
});
