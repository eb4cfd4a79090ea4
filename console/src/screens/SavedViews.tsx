import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, type ButtonProps, Checkbox, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { itemsOf } from '../api/contract';
import type { NewView, SavedView } from '../api/types';
import { toProblem } from '../api/problem';
import { ProblemBanner } from '../ui';

export type ViewState = Omit<NewView, 'name' | 'shared' | 'entity'>;

/**
 * Named list and board setups (filter, sort, columns, grouping) for an entity, the user's own or
 * shared with everyone. Picking one applies it; the current setup can be saved under a name.
 * An engine without `/views` shows nothing here.
 */
export function SavedViews({ entity, current, onPick }: {
  entity: string;
  current: ViewState;
  onPick: (view: SavedView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const views = useQuery({ queryKey: ['views'], queryFn: api.views, retry: false });
  const [selected, setSelected] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const remove = useMutation({
    mutationFn: (id: string | number) => api.deleteView(id),
    onSuccess: () => { setSelected(undefined); void client.invalidateQueries({ queryKey: ['views'] }); },
  });
  const mine = itemsOf(views.data).filter(v => v.entity === entity);
  const chosen = mine.find(v => String(v.id) === selected);
  return (
    <Space.Compact>
      <Select aria-label={t('views.pick')} placeholder={t('views.pick')} className="view-picker" data-testid="view-picker"
              value={selected} allowClear loading={views.isPending} onClear={() => setSelected(undefined)}
              onChange={id => { setSelected(id); const v = mine.find(x => String(x.id) === id); if (v) onPick(v); }}
              options={mine.map(v => ({ value: String(v.id), label: v.shared ? `${v.name} · ${t('views.shared')}` : v.name }))} />
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="view-save">{t('views.save')}</Button>
      {chosen && (
        <Popconfirm title={t('views.deleteConfirm', { name: chosen.name })} onConfirm={() => remove.mutate(chosen.id)}
                    okText={t('common.delete')} cancelText={t('common.cancel')}>
          <Button aria-label={t('views.delete')} icon={<DeleteOutlined />} data-testid="view-delete" />
        </Popconfirm>
      )}
      {saving && <SaveView entity={entity} current={current} existing={chosen} onClose={saved => {
        setSaving(false);
        if (saved) setSelected(String(saved.id));
      }} />}
    </Space.Compact>
  );
}

function SaveView({ entity, current, existing, onClose }: {
  entity: string;
  current: ViewState;
  existing?: SavedView;
  onClose: (saved?: SavedView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(existing?.name ?? '');
  const [shared, setShared] = useState(existing?.shared ?? false);
  const [replace, setReplace] = useState(Boolean(existing));
  const save = useMutation({
    mutationFn: () => {
      const view: NewView = { ...current, entity, name: name.trim(), shared };
      return replace && existing ? api.updateView(existing.id, view) : api.createView(view);
    },
    onSuccess: saved => { void client.invalidateQueries({ queryKey: ['views'] }); onClose(saved); },
  });
  const problem = save.error ? toProblem(save.error) : null;
  const nameError = problem?.errors.find(e => e.field === 'name')?.message;
  return (
    <Modal open title={t('views.saveTitle')} onCancel={() => onClose()} onOk={() => save.mutate()} okText={t('common.save')}
           cancelText={t('common.cancel')} confirmLoading={save.isPending} okButtonProps={{ disabled: !name.trim(), 'data-testid': 'view-save-ok' } as ButtonProps}>
      <ProblemBanner problem={problem} fields={['name']} />
      <Form.Item label={t('views.name')} htmlFor="view-name" layout="vertical" required
                 validateStatus={nameError ? 'error' : undefined} help={nameError}>
        <Input id="view-name" value={name} onChange={e => setName(e.target.value)} data-testid="view-name" autoFocus />
      </Form.Item>
      <Checkbox checked={shared} onChange={e => setShared(e.target.checked)} data-testid="view-shared">{t('views.shareWithAll')}</Checkbox>
      {existing && (
        <div><Checkbox checked={replace} onChange={e => setReplace(e.target.checked)}>{t('views.replace', { name: existing.name })}</Checkbox></div>
      )}
    </Modal>
  );
}
