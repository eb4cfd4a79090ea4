import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The label in Russian and in English beside the default one; an empty box leaves that language to the default. */
export function LabelInputs({ id, labels, onChange }: { id: string; labels?: Record<string, string> | null; onChange: (labels: Record<string, string>) => void }) {
  const { t } = useTranslation();
  return (['ru', 'en'] as const).map(lang => (
    <Form.Item key={lang} label={t(`entityLabels.${lang}`)} htmlFor={`${id}-${lang}`} layout="vertical">
      <Input id={`${id}-${lang}`} data-testid={`${id}-${lang}`} lang={lang} value={labels?.[lang] ?? ''}
             onChange={e => onChange(withLabel(labels, lang, e.target.value))} />
    </Form.Item>
  ));
}

/** `labels` with the label of `lang` set, or removed when `text` is blank. */
export function withLabel(labels: Record<string, string> | null | undefined, lang: string, text: string): Record<string, string> {
  const next = { ...(labels ?? {}) };
  if (text.trim()) next[lang] = text;
  else delete next[lang];
  return next;
}
