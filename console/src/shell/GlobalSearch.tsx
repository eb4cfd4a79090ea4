import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { toProblem } from '../api/problem';
import { useEntities } from '../entities';
import { useDebounced } from '../fields/pickers';
import { href } from '../routes';

/** One box in the header that finds records of every entity the user may read (`/api/v1/search`). */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const entities = useEntities();
  const [text, setText] = useState('');
  const q = useDebounced(text).trim();
  const found = useQuery({ queryKey: ['search', 'global', q], queryFn: () => api.search(q, 10), enabled: q.length >= 2, retry: false });
  const label = (entity: string) => entities.find(e => e.name === entity)?.label ?? entity;
  const options: { value: string; label: ReactNode; disabled?: boolean }[] = found.error
    ? [{ value: '', label: toProblem(found.error).title, disabled: true }]
    : (found.data?.items ?? []).map(hit => ({
      value: href.card(hit.entity, hit.id),
      label: (
        <div data-testid="search-hit">
          <strong>{hit.title}</strong> <span className="muted">· {label(hit.entity)}</span>
          {hit.matched && <div className="muted small">{hit.matched}</div>}
        </div>
      ),
    }));
  return (
    <AutoComplete className="global-search" options={q.length >= 2 ? options : []} value={text} onChange={setText}
                  onSelect={(path: string) => { if (path) { setText(''); navigate(path); } }}
                  notFoundContent={q.length >= 2 && !found.isFetching ? t('search.nothing') : null}>
      <Input prefix={<SearchOutlined />} aria-label={t('search.label')} placeholder={t('search.placeholder')} data-testid="global-search" allowClear />
    </AutoComplete>
  );
}
