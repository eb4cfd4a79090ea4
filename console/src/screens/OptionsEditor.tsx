import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, ColorPicker, Flex, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldInput } from '../api/types';

export type FieldOption = NonNullable<FieldInput['options']>[number];

/** `options` with the one at `index` changed by `patch`; a blank colour or label in a language is taken out. */
export function withOption(options: FieldOption[], index: number, patch: Partial<FieldOption>): FieldOption[] {
  return options.map((o, i) => {
    if (i !== index) return o;
    const next: FieldOption = { ...o, ...patch };
    if (!next.color) delete next.color;
    if (next.labels) {
      const labels = Object.fromEntries(Object.entries(next.labels).filter(([, text]) => text.trim() !== ''));
      if (Object.keys(labels).length) next.labels = labels; else delete next.labels;
    }
    return next;
  });
}

/** `options` with the one at `index` moved `by` places (-1 up, +1 down), as the form shows them. */
export function movedOption(options: FieldOption[], index: number, by: number): FieldOption[] {
  const to = index + by;
  if (to < 0 || to >= options.length) return options;
  const next = [...options];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved);
  // Position is the order once moved by hand: an explicit order from the JSON would override it.
  return next.map(({ order: _order, ...o }) => o);
}

/**
 * The options of a choice field, one row each: the stored value, its label, the label in Russian
 * and in English, a colour from antd's picker, and buttons to move or remove it. Changing a value
 * that records hold is refused by the server with a preview of what would be lost.
 */
export function OptionsEditor({ id, options, onChange }: { id: string; options: FieldOption[]; onChange: (options: FieldOption[]) => void }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-labelledby={`${id}-title`} data-testid={id}>
      <Typography.Text id={`${id}-title`} strong>{t('designer.options')}</Typography.Text>
      {options.map((o, i) => (
        <Flex key={i} gap="small" wrap align="center" className="option-row" data-testid="option-row" data-value={o.value}>
          <Input aria-label={t('designer.optionValue', { n: i + 1 })} data-testid="option-value" value={o.value} style={{ width: 140 }}
                 onChange={e => onChange(withOption(options, i, { value: e.target.value.trim() }))} />
          <Input aria-label={t('designer.optionLabel', { n: i + 1 })} data-testid="option-label" value={o.label} style={{ width: 160 }}
                 onChange={e => onChange(withOption(options, i, { label: e.target.value }))} />
          {(['ru', 'en'] as const).map(lang => (
            <Input key={lang} lang={lang} aria-label={t(`designer.optionLabelIn.${lang}`, { n: i + 1 })} data-testid={`option-label-${lang}`}
                   value={o.labels?.[lang] ?? ''} placeholder={t(`entityLabels.${lang}`)} style={{ width: 160 }}
                   onChange={e => onChange(withOption(options, i, { labels: { ...(o.labels ?? {}), [lang]: e.target.value } }))} />
          ))}
          <ColorPicker aria-label={t('designer.optionColor', { n: i + 1 })} data-testid="option-color" value={o.color ?? null} allowClear
                       format="hex" disabledAlpha
                       onChange={c => onChange(withOption(options, i, { color: c.cleared ? undefined : c.toHexString() }))}
                       onClear={() => onChange(withOption(options, i, { color: undefined }))} />
          <Space.Compact>
            <Button icon={<ArrowUpOutlined />} aria-label={t('designer.optionUp', { n: i + 1 })} disabled={i === 0}
                    onClick={() => onChange(movedOption(options, i, -1))} />
            <Button icon={<ArrowDownOutlined />} aria-label={t('designer.optionDown', { n: i + 1 })} disabled={i === options.length - 1}
                    onClick={() => onChange(movedOption(options, i, 1))} />
            <Button icon={<DeleteOutlined />} danger aria-label={t('designer.optionRemove', { n: i + 1 })} data-testid="option-remove"
                    onClick={() => onChange(options.filter((_, j) => j !== i))} />
          </Space.Compact>
        </Flex>
      ))}
      <Button icon={<PlusOutlined />} data-testid={`${id}-add`} onClick={() => onChange([...options, { value: '', label: '' }])}>
        {t('designer.addOption')}
      </Button>
    </div>
  );
}

/** The options worth saving: a row without a value is still being typed; its label defaults to the value. */
export function completeOptions(options: FieldOption[]): FieldOption[] {
  return options.filter(o => o.value.trim() !== '').map(o => ({ ...o, value: o.value.trim(), label: o.label.trim() || o.value.trim() }));
}
