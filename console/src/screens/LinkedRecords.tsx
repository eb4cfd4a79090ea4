import { useQuery } from '@tanstack/react-query';
import { Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { LinkedGroup } from '../api/contract';
import { isMissingRoute, ProblemError } from '../api/problem';
import type { Entity, RecordData } from '../api/types';
import { useEntities } from '../entities';
import { backLinks, formatNumber, formatValue, pluralLabel, recordTitle } from '../fields/format';
import { href } from '../routes';
import { QueryProblem } from '../ui';

/**
 * Records linked to this one, both directions, from `GET .../linked`. An engine without that
 * route still shows the records whose link fields point here (a contact's deals), read as lists.
 */
export function LinkedRecords({ entity, id }: { entity: Entity; id: string }) {
  const entities = useEntities();
  const linked = useQuery({
    queryKey: ['linked', entity.name, id],
    queryFn: async (): Promise<LinkedGroup[]> => {
      try {
        return await api.linked(entity.name, id);
      } catch (e) {
        if (!(e instanceof ProblemError && isMissingRoute(e.problem))) throw e;
      }
      return Promise.all(backLinks(entities, entity.name).map(async ({ entity: other, field }) => {
        const page = await api.records(other.name, { [field.name]: id, limit: 20, count: 'true' });
        return { entity: other.name, field: field.name, label: pluralLabel(other), items: page.items, total: page.count ?? page.items.length };
      }));
    },
  });
  return (
    <>
      <QueryProblem error={linked.error} />
      {linked.data?.map(group => (
        <LinkedGroupCard key={`${group.entity}.${group.field}`} group={group} entity={entities.find(e => e.name === group.entity)} />
      ))}
    </>
  );
}

function LinkedGroupCard({ group, entity }: { group: LinkedGroup; entity: Entity | undefined }) {
  const { t } = useTranslation();
  const summary = entity?.fields.filter(f => f.type === 'enum' || f.type === 'decimal' || (f.type as string) === 'money') ?? [];
  return (
    <Card size="small" className="panel" data-testid={`linked-${group.entity}`}
          title={<>{group.label} <Typography.Text type="secondary">({formatNumber(group.total)})</Typography.Text></>}>
      <List<RecordData> size="small" dataSource={group.items} locale={{ emptyText: t('record.noneLinked') }}
        renderItem={r => (
          <List.Item>
            <Link to={href.card(group.entity, r.id)} data-testid="linked-record" data-record-id={String(r.id)}>
              {recordTitle(entity, r)}
            </Link>
            {summary.map(f => <span key={f.name} className="muted"> · {f.label}: {formatValue(f, r.values[f.name])}</span>)}
          </List.Item>
        )} />
    </Card>
  );
}
