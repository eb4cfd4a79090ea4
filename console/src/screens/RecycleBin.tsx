import { DeleteOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { itemsOf } from '../api/contract';
import type { BinItem } from '../api/types';
import { toProblem } from '../api/problem';
import { useEntities } from '../entities';
import { formatInstant } from '../fields/format';
import { href } from '../routes';
import { useIsAdmin } from '../session';
import { ProblemBanner, QueryProblem } from '../ui';

/** Deleted records: anyone restores what they may write; an admin purges for good. */
export function RecycleBin() {
  const { t } = useTranslation();
  const entities = useEntities();
  const admin = useIsAdmin();
  const client = useQueryClient();
  const [entity, setEntity] = useState<string | undefined>();
  const [restored, setRestored] = useState<BinItem | null>(null);
  const bin = useQuery({ queryKey: ['recycle-bin', entity ?? ''], queryFn: () => api.recycleBin(entity) });
  const refresh = () => client.invalidateQueries({ queryKey: ['recycle-bin'] });
  const restore = useMutation({
    mutationFn: (item: BinItem) => api.restoreDeleted(item.entity, item.id),
    onSuccess: (_, item) => { setRestored(item); void refresh(); void client.invalidateQueries({ queryKey: ['records', item.entity] }); },
  });
  const purge = useMutation({ mutationFn: (item: BinItem) => api.purge(item.entity, item.id), onSuccess: () => void refresh() });
  const meta = (name: string) => entities.find(e => e.name === name);
  const title = (item: BinItem) => item.title || `${meta(item.entity)?.label ?? item.entity} #${item.id}`;

  return (
    <section data-testid="recycle-bin">
      <Flex justify="space-between" align="center" className="heading" wrap>
        <Typography.Title level={2}>{t('bin.title')}</Typography.Title>
        <Form.Item label={t('bin.entity')} htmlFor="bin-entity">
          <Select id="bin-entity" allowClear placeholder={t('bin.all')} value={entity} onChange={setEntity} className="bulk-select"
                  options={entities.map(e => ({ value: e.name, label: e.labelPlural || e.label }))} />
        </Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary">{t('bin.hint')}</Typography.Paragraph>
      {restored && (
        <Alert type="success" showIcon closable className="problem" data-testid="bin-restored" onClose={() => setRestored(null)}
               message={<>{t('bin.restored', { title: title(restored) })} <Link to={href.card(restored.entity, restored.id)}>{t('bin.open')}</Link></>} />
      )}
      {restore.error && <ProblemBanner problem={toProblem(restore.error)} />}
      {purge.error && <ProblemBanner problem={toProblem(purge.error)} />}
      <QueryProblem error={bin.error} />
      {!bin.error && (
        <Table<BinItem> rowKey={i => `${i.entity}/${i.id}`} dataSource={itemsOf(bin.data)} loading={bin.isPending} pagination={{ pageSize: 50 }}
          locale={{ emptyText: t('bin.empty') }}
          onRow={i => ({ 'data-testid': 'bin-row', 'data-record-id': String(i.id) }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'title', title: t('common.name'), render: (_, i) => title(i) },
            { key: 'entity', title: t('bin.entity'), render: (_, i) => meta(i.entity)?.label ?? i.entity },
            { key: 'when', title: t('bin.deletedAt'), render: (_, i) => formatInstant(i.deletedAt) },
            { key: 'who', title: t('bin.deletedBy'), render: (_, i) => i.deletedBy ?? '—' },
            {
              key: 'actions', title: t('common.actions'), render: (_, i) => (
                <Space>
                  <Button icon={<RollbackOutlined />} onClick={() => restore.mutate(i)} loading={restore.isPending && restore.variables === i}
                          data-testid="bin-restore">{t('bin.restore')}</Button>
                  {admin && (
                    <Popconfirm title={t('bin.purgeConfirm')} onConfirm={() => purge.mutate(i)} okText={t('bin.purge')} cancelText={t('common.cancel')}>
                      <Button danger icon={<DeleteOutlined />} data-testid="bin-purge">{t('bin.purge')}</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]} />
      )}
    </section>
  );
}
