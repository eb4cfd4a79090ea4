import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { commentAuthor } from './RecordTimeline';

describe('timeline comments', () => {
  it('name the task a comment was written on, in English and Russian', async () => {
    await i18n.changeLanguage('en');
    expect(commentAuthor(i18n.t.bind(i18n), { task: 'Call the lead' }, 'Pavel')).toBe('Pavel on the task “Call the lead”:');
    await i18n.changeLanguage('ru');
    expect(commentAuthor(i18n.t.bind(i18n), { task: 'Позвонить лиду' }, 'Павел')).toBe('Павел в задаче «Позвонить лиду»:');
  });

  it('show a comment on the record itself under its author alone', () => {
    expect(commentAuthor(i18n.t.bind(i18n), {}, 'Nina')).toBe('Nina:');
    expect(commentAuthor(i18n.t.bind(i18n), { task: null }, 'Nina')).toBe('Nina:');
  });
});
