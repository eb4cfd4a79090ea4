import { Alert, Checkbox, DatePicker, Form, Input, Select, Spin } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, toProblem, unplacedErrors } from './api/problem';
import type { Field } from './api/types';
import type { Input as InputValue, Inputs } from './fields/values';
import { FileControl } from './fields/attachment';
import { RecordPicker, RecordsPicker, UserPicker } from './fields/pickers';

/** A problem from the server; field errors shown beside their inputs are left out here. */
export function ProblemBanner({ problem, fields = [], children }: {
  problem: Problem | null | undefined;
  /** Fields shown with inputs; their errors appear there, not here. */
  fields?: string[];
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  if (!problem) return null;
  const rest = unplacedErrors(problem, fields);
  return (
    <Alert type="error" showIcon role="alert" data-testid="problem" className="problem"
      message={t(`problem.status.${problem.status}`, { defaultValue: problem.title })}
      description={(
        <>
          {/* A refusal naming fields says it all beside the inputs (or in the list below); its detail repeats them. */}
          {problem.detail && problem.errors.length === 0 && <div>{problem.detail}</div>}
          {rest.length > 0 && <ul>{rest.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}</ul>}
          {children}
        </>
      )} />
  );
}

/** The banner for whatever a query threw. */
export function QueryProblem({ error }: { error: unknown }) {
  return error ? <ProblemBanner problem={toProblem(error)} /> : null;
}

export function Loading() {
  const { t } = useTranslation();
  return <div className="loading"><Spin /> <span className="muted">{t('common.loading')}</span></div>;
}

/** One labelled control per field, chosen by the field's type. */
export function FieldForm({ fields, inputs, errors, onChange }: {
  fields: Field[];
  inputs: Inputs;
  errors: Record<string, string[]>;
  onChange: (name: string, input: InputValue) => void;
}) {
  return (
    <div className="fields">
      {fields.map(field => {
        const id = `field-input-${field.name}`;
        const message = errors[field.name]?.join('; ');
        return (
          <Form.Item key={field.name} label={field.type === 'boolean' ? undefined : field.label} htmlFor={id}
                     required={field.required} validateStatus={message ? 'error' : undefined} help={message}
                     className={`field field-${field.type}`}>
            <FieldControl id={id} field={field} input={inputs[field.name]} onChange={v => onChange(field.name, v)} />
          </Form.Item>
        );
      })}
    </div>
  );
}

export function FieldControl({ id, field, input, onChange }: {
  id: string;
  field: Field;
  input: InputValue | undefined;
  onChange: (input: InputValue) => void;
}) {
  const { t } = useTranslation();
  const testId = `field-${field.name}`;
  const text = typeof input === 'string' ? input : '';
  switch (field.type as string) {
    case 'boolean':
      return <Checkbox id={id} name={field.name} data-testid={testId} checked={input === true}
                       onChange={e => onChange(e.target.checked)}>{field.label}</Checkbox>;
    case 'enum':
      return (
        <Select id={id} data-testid={testId} value={text || undefined} allowClear showSearch={{ optionFilterProp: 'label' }}
                aria-label={field.label} placeholder={t('common.none')} onChange={v => onChange(v ?? '')}
                options={(field.options ?? []).map(o => ({ value: o.value, label: o.label }))} />
      );
    case 'multienum':
      return (
        <Select id={id} data-testid={testId} mode="multiple" allowClear aria-label={field.label}
                value={Array.isArray(input) ? input : []} onChange={v => onChange(v)} optionFilterProp="label"
                options={(field.options ?? []).map(o => ({ value: o.value, label: o.label }))} />
      );
    case 'datetime':
      return (
        <DatePicker id={id} data-testid={testId} aria-label={field.label} showTime format="L LT" value={text ? dayjs(text) : null}
                    onChange={d => onChange(d ? d.toISOString() : '')} />
      );
    case 'date':
      return (
        <DatePicker id={id} data-testid={testId} aria-label={field.label} value={text ? dayjs(text) : null}
                    onChange={d => onChange(d ? d.format('YYYY-MM-DD') : '')} />
      );
    case 'link':
      return field.link
        ? <RecordPicker id={id} testId={testId} entity={field.link} label={field.label} value={text} onChange={onChange} />
        : <Input id={id} data-testid={testId} value={text} onChange={e => onChange(e.target.value)} />;
    case 'links':
      return field.link
        ? <RecordsPicker id={id} testId={testId} entity={field.link} label={field.label} value={Array.isArray(input) ? input : []} onChange={onChange} />
        : <Input id={id} data-testid={testId} value={text} onChange={e => onChange(e.target.value)} />;
    case 'file':
      return <FileControl id={id} testId={testId} label={field.label} value={text} onChange={onChange} />;
    case 'user':
      return <UserPicker id={id} testId={testId} label={field.label} value={text} onChange={onChange} />;
    case 'longtext':
      return <Input.TextArea id={id} name={field.name} data-testid={testId} value={text} autoSize={{ minRows: 3 }}
                             onChange={e => onChange(e.target.value)} />;
    default:
      return <Input id={id} name={field.name} data-testid={testId} value={text} onChange={e => onChange(e.target.value)}
                    {...inputProps(field)} />;
  }
}

function inputProps(field: Field): Record<string, string | number> {
  switch (field.type as string) {
    case 'email': return { type: 'email', autoComplete: 'off' };
    case 'phone': return { type: 'tel', autoComplete: 'off' };
    case 'url': return { type: 'url', autoComplete: 'off' };
    case 'number': case 'integer': return { inputMode: 'numeric' };
    case 'decimal': case 'percent': return { inputMode: 'decimal' };
    case 'money': return { inputMode: 'decimal', placeholder: '1250.00 RUB' };
    default: return field.maxLength ? { maxLength: field.maxLength } : {};
  }
}
