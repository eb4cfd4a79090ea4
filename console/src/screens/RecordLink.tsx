import { Link } from 'react-router';
import { useRecordQuery } from '../api/queries';
import { useEntity } from '../entities';
import { recordTitle } from '../fields/format';
import { href } from '../routes';

/** A link to a record's card, named by the record itself once it has loaded. */
export function RecordLink({ entity, id }: { entity: string; id: string | number }) {
  const meta = useEntity(entity);
  const record = useRecordQuery(entity, String(id));
  const fallback = `${meta?.label ?? entity} #${id}`;
  return (
    <Link to={href.card(entity, id)} data-testid="record-link" data-entity={entity} data-record-id={String(id)}>
      {record.data ? recordTitle(meta, record.data) : fallback}
    </Link>
  );
}
