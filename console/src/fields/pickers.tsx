import { Input, Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { isMissingRoute, ProblemError } from '../api/problem';
import { useEntity } from '../entities';
import { textSearch } from '../filters/rules';
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
 * global search when the server has it, else a `contains` filter over the entity's name fields.
 */
export function RecordPicker({ id, testId, entity, label, value, onChange }: {
  id: string;
  testId: string;
  entity: string;
  label: string;
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  const meta = useEntity(entity);
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const current = useQuery({
    queryKey: ['record', entity, value],
    queryFn: () => api.record(entity, value),
    enabled: Boolean(value),
  });
  const found = useQuery({
    queryKey: ['search', 'picker', entity, q],
    queryFn: async () => {
      if (q.trim()) {
        try {
          const hits = await api.search(q, 20);
          return hits.items.filter(h => h.entity === entity).map(h => ({ value: String(h.id), label: h.title }));
        } catch (e) {
          if (!(e instanceof ProblemError && isMissingRoute(e.problem))) throw e;
        }
      }
      const filter = meta ? textSearch(meta.fields, q) : '';
      const page = await api.records(entity, { limit: 20, filter: filter || undefined });
      return page.items.map(r => ({ value: String(r.id), label: recordTitle(meta, r) }));
    },
  });
  const options = [...(found.data ?? [])];
  if (value && !options.some(o => o.value === value)) {
    options.unshift({ value, label: current.data ? recordTitle(meta, current.data) : `${meta?.label ?? entity} #${value}` });
  }
  return (
    <Select id={id} data-testid={testId} aria-label={label} value={value || undefined} allowClear
            showSearch={{ filterOption: false, onSearch: setText }}
            placeholder={t('picker.searchRecord', { entity: meta?.label ?? entity })}
            notFoundContent={found.isFetching ? <Spin size="small" /> : t('picker.nothingFound')}
            onChange={v => onChange(v ?? '')} options={options} />
  );
}

/**
 * Picks a user by name. The list of users is for admins only; anyone else types the username,
 * which is a name people know, not an internal id.
 */
export function UserPicker({ id, testId, label, value, onChange }: {
  id: string;
  testId: string;
  label: string;
  value: string;
  onChange: (username: string) => void;
}) {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['users'], queryFn: api.users, retry: false });
  if (users.isError) {
    return <Input id={id} data-testid={testId} aria-label={label} value={value} autoComplete="off"
                  placeholder={t('picker.username')} onChange={e => onChange(e.target.value)} />;
  }
  return (
    <Select id={id} data-testid={testId} aria-label={label} value={value || undefined} allowClear
            showSearch={{ optionFilterProp: 'label' }} loading={users.isPending}
            placeholder={t('picker.searchUser')} onChange={v => onChange(v ?? '')}
            options={(users.data ?? []).filter(u => u.active !== false || u.username === value)
              .map(u => ({ value: u.username, label: u.displayName ? `${u.displayName} (${u.username})` : u.username }))} />
  );
}
