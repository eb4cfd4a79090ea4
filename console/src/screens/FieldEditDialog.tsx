import { type ButtonProps, Checkbox, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldInput } from '../api/types';
import { LabelInputs } from './LabelInputs';
import { completeOptions, OptionsEditor } from './OptionsEditor';

const CHOICES = new Set(['enum', 'multienum']);

/**
 * Changes a field the entity has: its label (and in Russian and English), whether it is required,
 * and a choice field's options with their labels, colours and order. The name and type stay; the
 * definition goes to the server on Save like every other change, which previews any data loss.
 */
export function FieldEditDialog({ field, onCancel, onApply }: {
  field: FieldInput; onCancel: () => void; onApply: (field: FieldInput) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FieldInput>(field);
  const choice = CHOICES.has(draft.type);
  const apply = () => {
    const next: FieldInput = { ...draft, label: draft.label?.trim() || draft.name };
    if (choice) next.options = completeOptions(draft.options ?? []);
    onApply(next);
  };
  return (
    <Modal open title={t('designer.editField', { name: field.name })} onCancel={onCancel} onOk={apply} width={choice ? 1000 : 560}
           okText={t('designer.applyField')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'field-edit-apply' } as ButtonProps}
           destroyOnHidden>
      <Form layout="vertical" component="div" data-testid="field-edit">
        <Form.Item label={t('designer.label')} htmlFor="edit-field-label">
          <Input id="edit-field-label" data-testid="edit-field-label" value={draft.label ?? ''}
                 onChange={e => setDraft(d => ({ ...d, label: e.target.value }))} />
        </Form.Item>
        <LabelInputs id="edit-field-labels" labels={draft.labels} onChange={labels => setDraft(d => ({ ...d, labels }))} />
        <Form.Item>
          <Checkbox data-testid="edit-field-required" checked={draft.required === true}
                    onChange={e => setDraft(d => ({ ...d, required: e.target.checked }))}>{t('designer.required')}</Checkbox>
        </Form.Item>
        {choice && <OptionsEditor id="edit-field-options" options={draft.options ?? []} onChange={options => setDraft(d => ({ ...d, options }))} />}
      </Form>
    </Modal>
  );
}
