import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { automationRequest, automationSettings, automationSummary } from './StageAutomations';

describe('stage automations', () => {
  it('send only the settings of the chosen kind, trimmed, without the empty ones', () => {
    expect(automationRequest('legal', 'task', { name: '  Позвонить юристу ', candidateGroups: '', to: 'left@over.example' }))
      .toEqual({ stage: 'legal', kind: 'task', name: 'Позвонить юристу' });
    expect(automationRequest('won', 'message', { to: '${email}', subject: 'Спасибо', body: 'Ура, ${title}', duration: 'P1D' }))
      .toEqual({ stage: 'won', kind: 'message', to: '${email}', subject: 'Спасибо', body: 'Ура, ${title}' });
  });

  it('ask each kind for what the engine needs', () => {
    expect(automationSettings('wait')).toEqual(['duration', 'name']);
    expect(automationSettings('field')).toEqual(['field', 'value', 'name']);
    expect(automationSettings('message').slice(0, 3)).toEqual(['to', 'subject', 'body']);
  });

  it('say what an automation does in Russian and English', async () => {
    await i18n.changeLanguage('ru');
    expect(automationSummary(i18n.t.bind(i18n), { kind: 'task', name: 'Позвонить юристу' }))
      .toBe('Создаёт задачу «Позвонить юристу» (этап идёт дальше, не дожидаясь её)');
    await i18n.changeLanguage('en');
    expect(automationSummary(i18n.t.bind(i18n), { kind: 'wait', name: 'Wait P1D' })).toBe('Waits: “Wait P1D”');
  });
});
