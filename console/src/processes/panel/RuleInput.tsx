import { Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../../api/problem';
import { processApi } from '../api';
import type { Ctx } from './context';

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A draft larger than this goes unsent (the API takes 1 MB of JSON): the check then knows every process's names only. */
const DRAFT_LIMIT = 900_000;

/** The draft as the modeler holds it now: the check reads the names its tasks and steps declare. */
async function draftXml(modeler: Ctx['modeler']): Promise<string | undefined> {
  try {
    const { xml } = await modeler.saveXML({ format: false });
    return xml && xml.length <= DRAFT_LIMIT ? xml : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A rule-language expression, checked by the server as you type (POST /rules/validate against the
 * trigger's entity) and written into the model when the field loses focus.
 */
export function RuleInput({ id, label, ctx, value, condition, locals, help, variable, onCommit }: {
  id: string; label: string; ctx: Ctx; value: string; condition?: boolean;
  /** Variables the engine provides beside the record's fields (a loop's counters), declared as locals for the check. */
  locals?: string[];
  help?: string;
  /** A bare name is a process variable (a list, say) the record does not have: taken without a check. */
  variable?: boolean;
  onCommit: (expr: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [check, setCheck] = useState<{ status?: 'error' | 'success' | 'validating'; message?: string }>({});
  const entity = ctx.entity?.name;
  useEffect(() => {
    if (!text.trim() || (variable && VARIABLE.test(text.trim()))) { setCheck({}); return; }
    if (!entity) { setCheck({ message: t('processes.noEntity') }); return; }
    setCheck({ status: 'validating', message: t('processes.rule.checking') });
    let current = true;
    const timer = setTimeout(() => {
      const source = locals?.length ? `${locals.map(name => `${name} = 0`).join('; ')}; return (${text})` : text;
      draftXml(ctx.modeler).then(model => processApi.validateRule(entity, source, model)).then(answer => {
        if (!current) return;
        if (condition && answer.type !== 'boolean' && answer.type !== 'null') setCheck({ status: 'error', message: t('processes.rule.notCondition', { type: answer.type }) });
        else setCheck({ status: 'success', message: t('processes.rule.valid', { type: answer.type }) });
      }, err => {
        if (!current) return;
        const problem = toProblem(err);
        setCheck({ status: 'error', message: problem.errors[0]?.message ?? problem.detail ?? problem.title });
      });
    }, 350);
    return () => { current = false; clearTimeout(timer); };
  }, [text, entity, condition, locals, variable, t, ctx.modeler]);
  return (
    <Form.Item label={label} htmlFor={id} validateStatus={check.status} help={<span data-testid={`${id}-check`}>{check.message ?? help}</span>}>
      <Input.TextArea id={id} data-testid={id} autoSize value={text} spellCheck={false}
        onChange={e => setText(e.target.value)} onBlur={() => { if (text.trim() !== value.trim()) onCommit(text.trim()); }} />
    </Form.Item>
  );
}
