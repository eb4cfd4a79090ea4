import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { Entity, LinkedGroup, LinkedItem } from '../api/types';
import { useEntities } from '../entities';
import { formatNumber } from '../fields/format';
import { href } from '../routes';
import { QueryProblem } from '../ui';

/**
 * Records linked to this one, both directions, from `GET .../linked`: each group names the link
 * field, its direction and up to 20 records as `{id, title}`. A group of records pointing here
 * (a contact's deals) offers to create one already linked.
 */
export function LinkedRecords({ entity, id }: { entity: Entity; id: string }) {
  const entities = useEntities();
  const linked = useQuery({ queryKey: ['linked', entity.name, id], queryFn: () => api.linked(entity.name, id) });
  return (
    <>
      <QueryProblem error={linked.error} />
      {linked.data?.map(group => (
        <LinkedGroupCard key={`${group.direction}.${group.entity}.${group.field}`} group={group} recordId={id}
                         entity={entities.find(e => e.name === group.entity)}
                         label={groupLabel(group, entity, entities.find(e => e.name === group.entity))} />
      ))}
    </>
  );
}

/**
 * The group's title in the user's language: the link field's label (outgoing) or its inverse name
 * (incoming; the far entity's plural without one), as the server names it in the default language.
 */
export function groupLabel(group: LinkedGroup, own: Entity, far: Entity | undefined): string {
  if (group.direction === 'outgoing') return own.fields.find(f => f.name === group.field)?.label ?? group.label;
  const field = far?.fields.find(f => f.name === group.field);
  return (field && (field.inverse?.label ?? far?.labelPlural)) || group.label;
}

function LinkedGroupCard({ group, entity, recordId, label }: { group: LinkedGroup; entity: Entity | undefined; recordId: string; label: string }) {
  const { t } = useTranslation();
  // Only an incoming group's records hold the link field, so only there can a new one be made linked.
  const field = group.direction === 'incoming' ? entity?.fields.find(f => f.name === group.field) : undefined;
  return (
    <Card size="small" className="panel" data-testid={`linked-${group.entity}`} data-field={group.field} data-direction={group.direction}
          title={<>{label} <Typography.Text type="secondary" data-testid="linked-total">({formatNumber(group.total)})</Typography.Text></>}
          extra={field && (
            <Link to={href.create(group.entity, { [field.name]: recordId })} data-testid="linked-create">
              <Button size="small" icon={<PlusOutlined />}>{t('record.createLinked', { entity: entity?.label ?? group.entity })}</Button>
            </Link>
          )}>
      <List<LinkedItem> size="small" dataSource={group.items} locale={{ emptyText: t('record.noneLinked') }}
        renderItem={r => (
          <List.Item>
            <Link to={href.card(group.entity, r.id)} data-testid="linked-record" data-record-id={r.id}>{r.title}</Link>
          </List.Item>
        )} />
      {group.total > group.items.length && field && (
        <Link to={href.list(group.entity, { filter: `${field.name} == '${recordId}'` })} data-testid="linked-all">
          {t('record.allLinked', { count: group.total })}
        </Link>
      )}
    </Card>
  );
}
