import { Tag } from 'antd';
import { useUserNamesQuery } from '../api/queries';
import type { Field, Value } from '../api/types';
import { RecordLink } from '../screens/RecordLink';
import { FileValue } from './attachment';
import { formatValue } from './format';

/**
 * A field's value as the card shows it, and the timeline too: links by the linked record's title,
 * choices by their labels in their colours, users by name, files by name and size, and the rest
 * (money, dates, numbers, yes/no) formatted in the user's language.
 */
export function FieldValue({ field, value }: { field: Field; value: Value | undefined }) {
  const type = field.type as string;
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) return <>{formatValue(field, value)}</>;
  if (type === 'link' && field.link) {
    return <RecordLink entity={field.link} id={value as string | number} />;
  }
  if (type === 'links' && field.link && Array.isArray(value)) {
    return <>{value.map((v, i) => <span key={String(v)}>{i > 0 && ', '}<RecordLink entity={field.link!} id={String(v)} /></span>)}</>;
  }
  if ((type === 'enum' || type === 'multienum') && field.options?.length) {
    const chosen = Array.isArray(value) ? value.map(String) : [String(value)];
    return <>{chosen.map(v => <OptionTag key={v} field={field} value={v} />)}</>;
  }
  if (type === 'user') return <UserName username={String(value)} />;
  if (type === 'file') return <FileValue id={String(value)} />;
  if (type === 'url' && typeof value === 'string' && /^https?:\/\//.test(value)) {
    return <a href={value} target="_blank" rel="noreferrer noopener">{value}</a>;
  }
  return <>{formatValue(field, value)}</>;
}

function OptionTag({ field, value }: { field: Field; value: string }) {
  const option = field.options?.find(o => o.value === value);
  return <Tag color={option?.color} data-option={value}>{option?.label ?? value}</Tag>;
}

/** A user by display name (the colleagues' names everyone may read), else by username, a name people know too. */
function UserName({ username }: { username: string }) {
  const names = useUserNamesQuery();
  const user = names.data?.find(u => u.username === username);
  return <span title={username}>{user?.displayName || username}</span>;
}
