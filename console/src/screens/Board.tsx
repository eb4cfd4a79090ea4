import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { DownOutlined, TableOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Dropdown, Empty, Flex, Form, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { type Problem, toProblem } from '../api/problem';
import type { Entity, Field, RecordData } from '../api/types';
import { useEntity } from '../entities';
import { FilterBuilder } from '../filters/FilterBuilder';
import { formatNumber, formatValue, pluralLabel, recordTitle } from '../fields/format';
import { href } from '../routes';
import { ProblemBanner, QueryProblem } from '../ui';
import { choiceFields, columnFilter } from './boardColumns';
import { FilterBox } from './RecordList';
import { SavedViews } from './SavedViews';

const EMPTY = '__empty';

function fieldLabel(entity: Entity, path: string): string {
  const name = path.replace(/^values\./, '');
  return entity.fields.find(f => f.name === name)?.label ?? name;
}

export function Board() {
  const { entity: name = '' } = useParams();
  const { t } = useTranslation();
  const entity = useEntity(name);
  if (!entity) return <ProblemBanner problem={{ title: t('common.unknownEntity', { name }), status: 404, errors: [] }} />;
  return <EntityBoard key={name} entity={entity} />;
}

function EntityBoard({ entity }: { entity: Entity }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const choices = choiceFields(entity);
  const by = choices.find(f => f.name === params.get('by')) ?? choices[0];
  const filter = params.get('filter') ?? '';
  const [refusal, setRefusal] = useState<Problem | null>(null);
  const set = (changes: Record<string, string | undefined>) => setParams(p => {
    const next = new URLSearchParams(p);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    return next;
  }, { replace: true });

  const groups = useQuery({
    queryKey: ['groups', entity.name, by?.name, filter],
    enabled: Boolean(by),
    queryFn: async () => (await api.groups(entity.name, by!.name, filter || undefined)).groups,
  });
  const move = useMutation({
    mutationFn: ({ record, value }: { record: RecordData; value: string | null }) =>
      api.updateRecord(entity.name, String(record.id), record.version, { [by!.name]: value }),
    onMutate: () => setRefusal(null),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records', entity.name] });
      void client.invalidateQueries({ queryKey: ['groups', entity.name] });
    },
    onError: err => setRefusal(toProblem(err)),
  });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));

  if (!by) {
    return <Empty description={t('board.noChoiceField', { entity: entity.label })} />;
  }
  const counts = new Map((groups.data ?? []).map(g => [g.value ?? EMPTY, g.count]));
  const values: (string | null)[] = (by.options ?? []).map(o => o.value);
  if (counts.has(EMPTY) || !groups.data) values.push(null);
  const label = (v: string | null) => (v === null ? t('board.empty') : by.options?.find(o => o.value === v)?.label ?? v);

  function onDragEnd(e: DragEndEvent) {
    const record = e.active.data.current?.record as RecordData | undefined;
    if (!record || !e.over) return;
    const target = e.over.id === EMPTY ? null : String(e.over.id);
    if ((record.values[by!.name] ?? null) === target) return;
    move.mutate({ record, value: target });
  }

  return (
    <section data-testid={`board-${entity.name}`}>
      <Flex justify="space-between" align="center" className="heading" wrap gap="small">
        <Typography.Title level={2}>{pluralLabel(entity)}</Typography.Title>
        <Space wrap>
          <SavedViews entity={entity.name} current={{ kind: 'kanban', filter, groupBy: by.name }}
                      onPick={v => (v.kind === 'list' ? navigate(href.list(entity.name, { filter: v.filter ?? undefined, sort: v.sort ?? undefined, cols: v.columns.join(',') }))
                        : set({ filter: v.filter ?? undefined, by: v.groupBy ?? undefined }))} />
          <Button icon={<TableOutlined />} onClick={() => navigate(href.list(entity.name, { filter: filter || undefined }))} data-testid="view-list">
            {t('board.asList')}
          </Button>
        </Space>
      </Flex>
      <Flex gap="small" wrap align="start" className="filter">
        <Form.Item label={t('board.groupBy')} htmlFor="board-by">
          <Select id="board-by" value={by.name} onChange={v => set({ by: v })} data-testid="board-by" className="bulk-select"
                  options={choices.map(f => ({ value: f.name, label: f.label }))} />
        </Form.Item>
        <FilterBuilder entity={entity} onApply={f => set({ filter: f || undefined })} />
        <div className="grow"><FilterBox key={filter} value={filter} onApply={f => set({ filter: f || undefined })} /></div>
      </Flex>
      <QueryProblem error={groups.error} />
      {refusal && (
        <Alert type="error" showIcon closable onClose={() => setRefusal(null)} className="problem" data-testid="board-problem" role="alert"
               message={t('board.refused', { title: t(`problem.status.${refusal.status}`, { defaultValue: refusal.title }) })}
               description={refusal.errors.length
                 ? refusal.errors.map(e => `${fieldLabel(entity, e.field)}: ${e.message}`).join(' · ')
                 : refusal.detail} />
      )}
      {/* Scroll sideways only near the very edge, so a column in view can be aimed at without the board sliding away. */}
      <DndContext sensors={sensors} onDragEnd={onDragEnd} autoScroll={{ threshold: { x: 0.05, y: 0.2 } }} accessibility={{
        screenReaderInstructions: { draggable: t('board.dragHelp') },
        announcements: {
          onDragStart: ({ active }) => t('board.picked', { id: String(active.id) }),
          onDragOver: ({ over }) => (over ? t('board.over', { column: label(over.id === EMPTY ? null : String(over.id)) }) : undefined),
          onDragEnd: ({ over }) => (over ? t('board.dropped', { column: label(over.id === EMPTY ? null : String(over.id)) }) : t('board.cancelled')),
          onDragCancel: () => t('board.cancelled'),
        },
      }}>
        <div className="kanban" data-testid="board">
          {values.map(v => (
            <Column key={v ?? EMPTY} entity={entity} by={by} value={v} label={label(v)} count={counts.get(v ?? EMPTY)}
                    filter={filter} columns={values.map(x => ({ value: x, label: label(x) }))}
                    onMove={(record, value) => move.mutate({ record, value })} />
          ))}
        </div>
      </DndContext>
    </section>
  );
}

function Column({ entity, by, value, label, count, filter, columns, onMove }: {
  entity: Entity;
  by: Field;
  value: string | null;
  label: string;
  count?: number;
  filter: string;
  columns: { value: string | null; label: string }[];
  onMove: (record: RecordData, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: value ?? EMPTY });
  const where = columnFilter(by.name, value, filter);
  const pages = useInfiniteQuery({
    queryKey: ['records', entity.name, { board: where }],
    queryFn: ({ pageParam }) => api.records(entity.name, { filter: where, limit: 30, ...(pageParam ? { after: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: last => last.next ?? undefined,
  });
  const rows = pages.data?.pages.flatMap(p => p.items) ?? [];
  return (
    <div ref={setNodeRef} className={`kanban-column${isOver ? ' over' : ''}`} data-testid="board-column" data-value={value ?? ''}
         role="region" aria-label={label}>
      <Flex justify="space-between" align="center" className="kanban-head">
        <Typography.Text strong>{label}</Typography.Text>
        {count !== undefined && <Badge count={formatNumber(count)} color="#8c8c8c" overflowCount={Number.MAX_SAFE_INTEGER} />}
      </Flex>
      <QueryProblem error={pages.error} />
      {rows.map(r => <BoardCard key={r.id} entity={entity} record={r} columns={columns.filter(c => c.value !== value)} onMove={onMove} />)}
      {pages.hasNextPage && (
        <Button block size="small" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('list.more')}</Button>
      )}
    </div>
  );
}

function BoardCard({ entity, record, columns, onMove }: {
  entity: Entity;
  record: RecordData;
  columns: { value: string | null; label: string }[];
  onMove: (record: RecordData, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: String(record.id), data: { record } });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  const summary = entity.fields.filter(f => ['decimal', 'money', 'user', 'date'].includes(f.type as string) && record.values[f.name] != null).slice(0, 2);
  return (
    <div ref={setNodeRef} style={style} {...listeners} {...attributes} className={`kanban-card${isDragging ? ' dragging' : ''}`}
         data-testid="board-card" data-record-id={String(record.id)} aria-label={recordTitle(entity, record)}>
      <Card size="small">
        <Flex justify="space-between" gap="small">
          <Link to={href.card(entity.name, record.id)} onPointerDown={e => e.stopPropagation()}>{recordTitle(entity, record)}</Link>
          {/* Moving without dragging, for a keyboard or a screen reader. */}
          <Dropdown trigger={['click']} menu={{
            items: columns.map(c => ({ key: c.value ?? EMPTY, label: c.label })),
            onClick: ({ key }) => onMove(record, key === EMPTY ? null : key),
          }}>
            <Button size="small" type="text" onPointerDown={e => e.stopPropagation()} onKeyDown={e => e.stopPropagation()}
                    aria-label={t('board.moveTo')} data-testid="board-move">
              <DownOutlined />
            </Button>
          </Dropdown>
        </Flex>
        {summary.map(f => <div key={f.name} className="muted small">{f.label}: {formatValue(f, record.values[f.name])}</div>)}
      </Card>
    </div>
  );
}
