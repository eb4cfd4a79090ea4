import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { parseProblem } from '../api/problem';
import { refusalText, stageName } from './PipelineBoard';

const refused = JSON.stringify({
  type: 'about:blank', title: 'Conflict', status: 409, code: 'stage-refused', instance: '/x',
  detail: 'stage «Выиграна» is reachable only after ...',
  refusal: {
    to: 'won', toLabel: 'Выиграна', reason: 'not-reachable', current: ['Квалификация'],
    after: [{ stage: 'Юристы', step: 'Согласовать договор' }, { stage: 'Финансы', step: 'Оплата получена' }],
  },
});

describe('pipeline refusals', () => {
  it('name the steps a stage is reachable after, in Russian', async () => {
    await i18n.changeLanguage('ru');
    expect(refusalText(i18n.t.bind(i18n), parseProblem(409, refused))).toBe(
      'Этап «Выиграна» доступен только после шага «Согласовать договор» (этап «Юристы») или «Оплата получена» (этап «Финансы»).'
      + ' Сейчас запись на этапе «Квалификация».');
  });

  it('say the same in English', async () => {
    await i18n.changeLanguage('en');
    expect(refusalText(i18n.t.bind(i18n), parseProblem(409, refused))).toContain(
      'Stage «Выиграна» is reachable only after «Согласовать договор» (stage «Юристы») or «Оплата получена»');
  });

  it('fall back to the field errors of a problem that is no refusal', () => {
    const problem = parseProblem(422, JSON.stringify({ title: 'Invalid', status: 422, errors: [{ field: 'lossReason', message: 'needs a reason' }] }));
    expect(refusalText(i18n.t.bind(i18n), problem)).toBe('needs a reason');
  });

  it('name stages by their key in the reader\'s language when the board knows them', async () => {
    await i18n.changeLanguage('ru');
    const english = JSON.stringify({
      title: 'Conflict', status: 409, code: 'stage-refused',
      refusal: {
        to: 'approval', toLabel: 'Approval', reason: 'not-reachable', current: ['Qualification'], currentKeys: ['qualification'],
        after: [{ stage: 'Negotiation', stageKey: 'negotiation', step: 'Negotiate' }],
      },
    });
    const russian: Record<string, string> = { approval: 'Согласование', qualification: 'Квалификация', negotiation: 'Переговоры' };
    expect(refusalText(i18n.t.bind(i18n), parseProblem(409, english), key => russian[key])).toBe(
      'Этап «Согласование» доступен только после шага «Negotiate» (этап «Переговоры»). Сейчас запись на этапе «Квалификация».');
    // A stage the board does not know keeps the server's label.
    expect(refusalText(i18n.t.bind(i18n), parseProblem(409, english), () => undefined)).toContain('«Approval»');
    // A step with a label in the reader's language says it there.
    const labelled = english.replace('"step":"Negotiate"', '"step":"Negotiate","stepLabels":{"ru":"Согласовать условия"}');
    expect(refusalText(i18n.t.bind(i18n), parseProblem(409, labelled), key => russian[key], 'ru-RU')).toContain(
      'после шага «Согласовать условия» (этап «Переговоры»)');
    expect(refusalText(i18n.t.bind(i18n), parseProblem(409, labelled), key => russian[key], 'en')).toContain('«Negotiate»');
  });

  it('pick a lane\'s label in the language, its base language, or its name', () => {
    const stage = { label: 'Proposal', labels: { ru: 'Предложение' } };
    expect(stageName(stage, 'ru')).toBe('Предложение');
    expect(stageName(stage, 'ru-RU')).toBe('Предложение');
    expect(stageName(stage, 'en')).toBe('Proposal');
    expect(stageName({ label: 'Proposal', labels: {} }, 'ru')).toBe('Proposal');
  });
});
