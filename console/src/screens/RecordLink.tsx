import { api } from '../api/client';
import { useEntity } from '../entities';
import { recordTitle } from '../fields/format';
import { href } from '../routes';
import { useLoad } from '../useLoad';

/** A link to a record's card, named by the record itself once it has loaded. */
export function RecordLink({ entity, id }: { entity: string; id: string | number }) {
  const meta = useEntity(entity);
  const record = useLoad(() => api.record(entity, String(id)), [entity, id]);
  const fallback = `${meta?.label ?? entity} #${id}`;
  return (
    <a href={href.card(entity, id)} data-testid="record-link" data-entity={entity} data-record-id={String(id)}>
      {record.data ? recordTitle(meta, record.data) : fallback}
    </a>
  );
}
