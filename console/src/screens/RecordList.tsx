import { PlusOutlined, ProjectOutlined, SettingOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Input, Popover, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult, SortOrder } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Entity, Field, RecordData } from '../api/types';
import { useEntity } from '../entities';
import { formatNumber, formatValue, pluralLabel, recordTitle } from '../fields/format';
import { href } from '../routes';
import { FilterBuilder } from '../filters/FilterBuilder';
import { ProblemBanner, QueryProblem } from '../ui';
import { choiceFields } from './boardColumns';
import { BulkActions } from './BulkActions';
import { SavedViews } from './SavedViews';

const PAGE = 50;
const SUMMARY_TYPES = new Set(['phone', 'email', 'enum', 'decimal', 'number', 'integer', 'money', 'percent', 'date', 'link', 'user']);

/**
 * Default columns: short-valued fields besides the leading name, up to five, and every computed
 * field (score, warmth) since those are what a manager sorts leads by.
 */
export function listColumns(entity: Entity): Field[] {
  const summary = entity.fields.filter(f => !f.computed && SUMMARY_TYPES.has(f.type)).slice(0, 5);
  const computed = entity.fields.filter(f => f.computed);
  return [...summary, ...computed];
}

/**
 * Lists sort only by indexed fields (the server refuses others with 400): a field says so with
 * `indexed`; without it, choice, user, date and decimal fields are indexed.
 */
export function sortable(field: Field): boolean {
  return field.indexed ?? ['enum', 'user', 'date', 'decimal', 'rollup'].includes(field.type);
}

/** The list's state lives in the URL (`filter`, `sort`, `cols`), so a link shows the same list. */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | undefined>) => setParams(p => {
    const next = new URLSearchParams(p);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    return next;
  }, { replace: true });
  return {
    filter: params.get('filter') ?? '',
    sort: params.get('sort') ?? '',
    cols: params.get('cols')?.split(',').filter(Boolean),
    set,
  };
}

export function RecordList() {
  const { entity: name = '' } = useParams();
  const entity = useEntity(name);
  const { t } = useTranslation();
  if (!entity) return <ProblemBanner problem={{ title: t('common.unknownEntity', { name }), status: 404, errors: [] }} />;
  return <EntityList key={name} entity={entity} />;
}

function EntityList({ entity }: { entity: Entity }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useListParams();
  const [selected, setSelected] = useState<string[]>([]);
  const query = { filter: list.filter || undefined, sort: list.sort || undefined };
  const pages = useInfiniteQuery({
    queryKey: keys.records(entity.name, query),
    queryFn: ({ pageParam }) => api.records(entity.name, { ...query, limit: PAGE, ...(pageParam ? { after: pageParam } : { count: 'exact' }) }),
    initialPageParam: '',
    getNextPageParam: last => last.next ?? undefined,
  });
  const rows = pages.data?.pages.flatMap(p => p.items) ?? [];
  const first = pages.data?.pages[0];
  const shownFields = list.cols
    ? list.cols.map(c => entity.fields.find(f => f.name === c)).filter((f): f is Field => Boolean(f))
    : listColumns(entity);
  const sortField = list.sort.replace(/^-/, '');
  const sortOrder: SortOrder = list.sort ? (list.sort.startsWith('-') ? 'descend' : 'ascend') : null;

  const columns: ColumnsType<RecordData> = [
    {
      key: '__title', title: t('common.name'), fixed: 'left',
      render: (_, r) => <Link to={href.card(entity.name, r.id)}>{recordTitle(entity, r)}</Link>,
    },
    ...shownFields.map(f => ({
      key: f.name, dataIndex: ['values', f.name], title: f.label,
      sorter: sortable(f), sortOrder: sortField === f.name ? sortOrder : null,
      render: (_: unknown, r: RecordData) => <span className={f.computed ? `badge value-${String(r.values[f.name])}` : undefined}>{formatValue(f, r.values[f.name])}</span>,
    })),
  ];

  return (
    <section data-testid={`list-${entity.name}`}>
      <Flex justify="space-between" align="center" className="heading" wrap gap="small">
        <Typography.Title level={2}>{pluralLabel(entity)}</Typography.Title>
        <Space wrap>
          <SavedViews entity={entity.name} current={{ kind: 'list', filter: list.filter, sort: list.sort, columns: list.cols }}
                      onPick={v => (v.kind === 'kanban'
                        ? navigate(href.board(entity.name, { filter: v.filter ?? undefined, by: v.groupBy ?? undefined }))
                        : list.set({ filter: v.filter ?? undefined, sort: v.sort ?? undefined, cols: v.columns.join(',') }))} />
          {choiceFields(entity).length > 0 && (
            <Button icon={<ProjectOutlined />} onClick={() => navigate(href.board(entity.name, { filter: list.filter || undefined }))}
                    data-testid="view-board">{t('list.asBoard')}</Button>
          )}
          <ColumnChooser entity={entity} shown={shownFields.map(f => f.name)}
                         onChange={cols => list.set({ cols: cols.join(',') || undefined })} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(href.create(entity.name))} data-testid="new-record">
            {t('list.new', { entity: entity.label })}
          </Button>
        </Space>
      </Flex>
      <Flex gap="small" align="start" className="filter">
        <FilterBuilder entity={entity} onApply={f => list.set({ filter: f || undefined })} />
        <div className="grow"><FilterBox key={list.filter} value={list.filter} onApply={f => list.set({ filter: f || undefined })} /></div>
      </Flex>
      {selected.length > 0 && (
        <BulkActions entity={entity} filter={list.filter} ids={selected} total={first?.total ?? first?.count} clear={() => setSelected([])} />
      )}
      <QueryProblem error={pages.error} />
      <Table<RecordData>
        rowKey={r => String(r.id)} columns={columns} dataSource={rows} loading={pages.isPending || pages.isRefetching}
        pagination={false} size="middle" scroll={{ x: 'max-content' }} sticky
        rowSelection={{
          selectedRowKeys: selected,
          onChange: ks => setSelected(ks.map(String)),
          getCheckboxProps: r => ({ 'aria-label': t('list.selectRow', { title: recordTitle(entity, r) }) }) as object,
          getTitleCheckboxProps: () => ({ 'aria-label': t('list.selectAll') }) as object,
        }}
        onRow={r => ({ 'data-testid': 'record-row', 'data-record-id': String(r.id) }) as React.HTMLAttributes<HTMLElement>}
        onChange={(_, __, sorter) => {
          const s = sorter as SorterResult<RecordData>;
          const field = s.order ? String(s.columnKey) : '';
          list.set({ sort: field && field !== '__title' ? `${s.order === 'descend' ? '-' : ''}${field}` : undefined });
        }}
        locale={{ emptyText: t('list.empty') }}
      />
      <Flex justify="space-between" align="center" className="pager">
        <span className="muted" data-testid="pager-position" aria-live="polite">
          {first?.total !== undefined
            ? t('list.shownOf', { shown: formatNumber(rows.length), total: formatNumber(first.total) })
            : t('list.shown', { shown: formatNumber(rows.length) })}
        </span>
        {pages.hasNextPage && (
          <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="pager-next">
            {t('list.more')}
          </Button>
        )}
      </Flex>
    </section>
  );
}

/** The written filter (a rule expression), applied on Enter or with the button. */
export function FilterBox({ value, onApply }: { value: string; onApply: (filter: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  return (
    <form data-testid="filter" onSubmit={e => { e.preventDefault(); onApply(text.trim()); }}>
      <Space.Compact block>
        <Input aria-label={t('filter.expression')} placeholder={t('filter.placeholder')} value={text}
               onChange={e => setText(e.target.value)} data-testid="filter-expression" allowClear
               onClear={() => onApply('')} />
        <Button htmlType="submit" data-testid="filter-apply">{t('filter.apply')}</Button>
      </Space.Compact>
    </form>
  );
}

function ColumnChooser({ entity, shown, onChange }: { entity: Entity; shown: string[]; onChange: (cols: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Popover trigger="click" title={t('list.columns')} content={
      <Checkbox.Group value={shown} onChange={v => onChange(entity.fields.map(f => f.name).filter(n => v.includes(n)))}
        className="column-chooser"
        options={entity.fields.map(f => ({ value: f.name, label: f.label }))} />
    }>
      <Button icon={<SettingOutlined />} data-testid="columns">{t('list.columns')}</Button>
    </Popover>
  );
}
