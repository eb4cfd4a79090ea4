import { Input, Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUserNamesQuery } from '../api/queries';
import { useEntity } from '../entities';
import { recordTitle } from './format';

/** `value` once it has stayed the same for `ms`: one search per pause in typing, not per key. */
export function useDebounced(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Picks a record of `entity` by what people know it by (its name), never by typing an id: the
 * global search (`/search`) as they type, the newest records before they do.
 */
export function RecordPicker({ id, testId, entity, label, value, onChange }: {
  id: string;
  testId: string;
  entity: string;
  label: string;
  value: string;
  onChange: (id: string) => void;
}) {
  return <RecordsPicker id={id} testId={testId} entity={entity} label={label} value={value ? [value] : []} single
                        onChange={ids => onChange(ids[0] ?? '')} />;
}

/** Picks several records of `entity` (a many-to-many `links` field), the same way. */
export function RecordsPicker({ id, testId, entity, label, value, onChange, single = false }: {
  id: string;
  testId: string;
  entity: string;
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  single?: boolean;
}) {
  const { t } = useTranslation();
  const meta = useEntity(entity);
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const current = useQuery({
    queryKey: ['picked', entity, value.join(',')],
    queryFn: () => Promise.all(value.map(v => api.record(entity, v))),
    enabled: value.length > 0,
  });
  const found = useQuery({
    queryKey: ['search', 'picker', entity, q],
    queryFn: async () => {
      if (q.trim()) {
        const hits = await api.search(q.trim(), 20);
        return hits.items.filter(h => h.entity === entity).map(h => ({ value: String(h.id), label: h.title }));
      }
      const page = await api.records(entity, { limit: 20 });
      return page.items.map(r => ({ value: String(r.id), label: recordTitle(meta, r) }));
    },
  });
  const options = [...(found.data ?? [])];
  for (const v of value) {
    if (options.some(o => o.value === v)) continue;
    const known = current.data?.find(r => String(r.id) === v);
    options.unshift({ value: v, label: known ? recordTitle(meta, known) : `${meta?.label ?? entity} #${v}` });
  }
  // Says when the options are the answer to what was typed (not the list before it): what a
  // browser walk waits for before it clicks one.
  const settled = q === text && !found.isFetching;
  return (
    <Select id={id} data-testid={testId} data-search-settled={String(settled)} aria-label={label} allowClear
            mode={single ? undefined : 'multiple'}
            value={single ? value[0] : value}
            showSearch={{ filterOption: false, onSearch: setText }}
            placeholder={t('picker.searchRecord', { entity: meta?.label ?? entity })}
            notFoundContent={found.isFetching ? <Spin size="small" /> : t('picker.nothingFound')}
            onChange={(v: string | string[] | undefined) => onChange(v === undefined ? [] : Array.isArray(v) ? v : [v])} options={options} />
  );
}

/**
 * Picks a user by name from the active colleagues (everyone may read their names); a user no
 * longer active stays shown while picked. Should the names not load, the username is typed, a
 * name people know, not an internal id.
 */
export function UserPicker({ id, testId, label, value, onChange }: {
  id: string;
  testId: string;
  label: string;
  value: string;
  onChange: (username: string) => void;
}) {
  const { t } = useTranslation();
  const users = useUserNamesQuery();
  if (users.isError) {
    return <Input id={id} data-testid={testId} aria-label={label} value={value} autoComplete="off"
                  placeholder={t('picker.username')} onChange={e => onChange(e.target.value)} />;
  }
  return (
    <Select id={id} data-testid={testId} aria-label={label} value={value || undefined} allowClear
            showSearch={{ optionFilterProp: 'label' }} loading={users.isPending}
            placeholder={t('picker.searchUser')} onChange={v => onChange(v ?? '')}
            options={[...(users.data ?? []), ...(value && users.data && !users.data.some(u => u.username === value)
              ? [{ username: value, displayName: '' }] : [])]
              .map(u => ({ value: u.username, label: u.displayName ? `${u.displayName} (${u.username})` : u.username }))} />
  );
}
