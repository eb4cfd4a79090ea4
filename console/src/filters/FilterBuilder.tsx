import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Popover, Radio, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entity, Field } from '../api/types';
import { RecordPicker } from '../fields/pickers';
import { useEntities } from '../entities';
import { type Condition, filterExpression, filterFields, FilterInputError, needsValue, type Operator, operatorsFor } from './rules';

/**
 * Conditions picked from the entity's fields (field, operator, value) turned into one rule
 * expression; the expression is what the list, the URL and saved views keep, so it can also be
 * written by hand in the box beside this.
 */
export function FilterBuilder({ entity, onApply }: { entity: Entity; onApply: (filter: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomLeft" title={t('filter.builder')}
             content={<Conditions entity={entity} onApply={f => { onApply(f); setOpen(false); }} />}>
      <Button icon={<FilterOutlined />} data-testid="filter-builder">{t('filter.builder')}</Button>
    </Popover>
  );
}

const blank = (entity: Entity): Condition => ({ field: entity.fields[0]?.name ?? '', op: 'eq', value: '' });

function Conditions({ entity, onApply }: { entity: Entity; onApply: (filter: string) => void }) {
  const { t } = useTranslation();
  const fields = filterFields(entity, useEntities());
  const [rows, setRows] = useState<Condition[]>(() => [blank(entity)]);
  const [join, setJoin] = useState<'and' | 'or'>('and');
  const [error, setError] = useState<{ index: number; message: string } | null>(null);
  const set = (i: number, change: Partial<Condition>) => setRows(rs => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));

  function apply() {
    setError(null);
    const filled = rows.filter(r => r.field);
    try {
      onApply(filterExpression(fields, filled, join));
    } catch (e) {
      if (!(e instanceof FilterInputError)) throw e;
      setError({ index: rows.findIndex(r => r.field === e.field), message: t(e.messageKey) });
    }
  }

  return (
    <div className="filter-builder" data-testid="filter-conditions">
      {rows.length > 1 && (
        <Radio.Group value={join} onChange={e => setJoin(e.target.value)} optionType="button" size="small"
                     aria-label={t('filter.join')}
                     options={[{ value: 'and', label: t('filter.all') }, { value: 'or', label: t('filter.any') }]} />
      )}
      {rows.map((row, i) => {
        const field = fields.find(f => f.name === row.field);
        const ops = field ? operatorsFor(field) : ['eq' as Operator];
        return (
          <Flex key={i} gap="small" align="start" className="filter-row" data-testid="filter-condition">
            <Select aria-label={t('filter.field')} value={row.field} className="filter-field" showSearch={{ optionFilterProp: 'label' }}
                    onChange={name => set(i, { field: name, op: 'eq', value: '' })} data-testid="condition-field"
                    options={fields.map(f => ({ value: f.name, label: f.label }))} />
            <Select aria-label={t('filter.operator')} value={ops.includes(row.op) ? row.op : ops[0]} className="filter-op"
                    onChange={op => set(i, { op })} data-testid="condition-op"
                    options={ops.map(op => ({ value: op, label: t(`filter.op.${op}`) }))} />
            {field && needsValue(row.op) && (
              <Form.Item validateStatus={error?.index === i ? 'error' : undefined} help={error?.index === i ? error.message : undefined}
                         className="filter-value">
                <ValueInput field={field} value={row.value ?? ''} onChange={value => set(i, { value })} />
              </Form.Item>
            )}
            <Button aria-label={t('filter.remove')} icon={<DeleteOutlined />} disabled={rows.length === 1}
                    onClick={() => setRows(rs => rs.filter((_, j) => j !== i))} />
          </Flex>
        );
      })}
      <Space>
        <Button icon={<PlusOutlined />} onClick={() => setRows(rs => [...rs, blank(entity)])} data-testid="condition-add">{t('filter.addCondition')}</Button>
        <Button type="primary" onClick={apply} data-testid="conditions-apply">{t('filter.apply')}</Button>
      </Space>
      <Typography.Paragraph type="secondary" className="small">{t('filter.builderHint')}</Typography.Paragraph>
    </div>
  );
}

function ValueInput({ field, value, onChange }: { field: Field; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const label = t('filter.value');
  switch (field.type as string) {
    case 'boolean':
      return <Select aria-label={label} value={value || undefined} onChange={onChange} className="filter-input" data-testid="condition-value"
                     options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />;
    case 'enum':
    case 'multienum':
      return <Select aria-label={label} value={value || undefined} onChange={onChange} className="filter-input" data-testid="condition-value"
                     showSearch={{ optionFilterProp: 'label' }} options={(field.options ?? []).map(o => ({ value: o.value, label: o.label }))} />;
    case 'date':
      return <DatePicker aria-label={label} value={value ? dayjs(value) : null} onChange={d => onChange(d ? d.format('YYYY-MM-DD') : '')}
                         data-testid="condition-value" />;
    case 'link':
      return field.link
        ? <div className="filter-input"><RecordPicker id={`filter-${field.name}`} testId="condition-value" entity={field.link} label={label} value={value} onChange={onChange} /></div>
        : <Input aria-label={label} value={value} onChange={e => onChange(e.target.value)} data-testid="condition-value" />;
    default:
      return <Input aria-label={label} value={value} onChange={e => onChange(e.target.value)} className="filter-input" data-testid="condition-value" />;
  }
}
