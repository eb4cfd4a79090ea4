import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { DownOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, type ButtonProps, Card, Dropdown, Empty, Flex, Form, Input, List, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { type Problem, toProblem } from '../api/problem';
import type { PipelineBoard as Board, PipelineCard, PipelineColumn } from '../api/types';
import { pickLabel, useEntity } from '../entities';
import { formatNumber } from '../fields/format';
import { href } from '../routes';
import { useIsAdmin } from '../session';
import { QueryProblem } from '../ui';
import { FilterBox } from './RecordList';
import { nameIn } from '../process/labels';

/** Every pipeline (a deployed process with lanes), each opening its board. */
export function Pipelines() {
  const { t, i18n } = useTranslation();
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: api.pipelines });
  return (
    <section data-testid="pipelines">
      <Typography.Title level={2} className="heading">{t('pipeline.title')}</Typography.Title>
      <QueryProblem error={pipelines.error} />
      <List loading={pipelines.isLoading} dataSource={pipelines.data ?? []} locale={{ emptyText: <Empty description={t('pipeline.none')} /> }}
            renderItem={p => (
              <List.Item>
                <List.Item.Meta title={<Link to={href.pipeline(p.key)} data-testid={`pipeline-${p.key}`}>{p.name ?? p.key}</Link>}
                                description={p.stages.map(s => stageName(s, i18n.language)).join(' → ')} />
              </List.Item>
            )} />
    </section>
  );
}

/** A stage's name in `language`: the lane's label in it (voronka:label), else the lane's name. */
export function stageName(stage: { label: string; labels?: Record<string, string> | null }, language: string): string {
  return pickLabel(stage.label, stage.labels, language);
}

/**
 * The words for a refused move, in the reader's language, from the refusal's data; `nameOf` names
 * a stage by its key in that language (the board knows the stages), else the refusal's label is used;
 * a step shows its label in `language`, else its name.
 */
export function refusalText(t: (key: string, options?: Record<string, unknown>) => string, problem: Problem,
                            nameOf: (key: string) => string | undefined = () => undefined, language = 'en'): string {
  const r = problem.refusal;
  if (!r) return problem.errors.length ? problem.errors.map(e => e.message).join(' · ') : problem.detail ?? problem.title;
  const named = (key: string | null | undefined, label: string | null) => (key ? nameOf(key) : undefined) ?? label;
  const steps = r.after.map(a => {
    const stage = named(a.stageKey, a.stage);
    const step = nameIn(a.step, a.stepLabels, language) ?? a.step;
    return stage ? t('pipeline.stepInStage', { step, stage }) : `«${step}»`;
  }).join(t('pipeline.or'));
  const current = r.current.map((c, i) => `«${named(r.currentKeys?.[i], c)}»`).join(', ');
  const to = named(r.to, r.toLabel);
  switch (r.reason) {
    case 'not-reachable':
      return steps ? t('pipeline.refusal.notReachable', { to, after: steps, current })
        : t('pipeline.refusal.nowhere', { to });
    case 'ambiguous':
      return t('pipeline.refusal.ambiguous', { to, after: steps });
    case 'already-there':
      return t('pipeline.refusal.alreadyThere', { to });
    case 'other-way':
      return t('pipeline.refusal.otherWay', { to, after: steps });
    default:
      return t('pipeline.refusal.notRunning');
  }
}

interface Loss {
  card: PipelineCard;
  to: string;
}

export function PipelineBoard() {
  const { processKey = '' } = useParams();
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') ?? '';
  const [refusal, setRefusal] = useState<Problem | null>(null);
  const admin = useIsAdmin();
  const [loss, setLoss] = useState<Loss | null>(null);
  const board = useQuery({
    queryKey: ['pipeline', processKey, filter],
    queryFn: () => api.pipelineBoard(processKey, filter || undefined),
  });
  const move = useMutation({
    mutationFn: ({ card, to, lossReason, lossComment }: { card: PipelineCard; to: string; lossReason?: string; lossComment?: string }) =>
      api.moveToStage(processKey, card.entity, card.id, { to, ...(lossReason ? { lossReason } : {}), ...(lossComment ? { lossComment } : {}) }),
    onMutate: () => setRefusal(null),
    onSuccess: () => {
      setLoss(null);
      void client.invalidateQueries({ queryKey: ['pipeline', processKey] });
      void client.invalidateQueries({ queryKey: ['records'] });
    },
    onError: err => setRefusal(toProblem(err)),
  });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  // Columns, menus and the loss dialog read stage labels from here: named in the reader's language.
  const data = board.data && { ...board.data, stages: board.data.stages.map(s => ({ ...s, label: stageName(s, i18n.language) })) };
  const stageLabel = (key: string) => data?.stages.find(s => s.key === key)?.label ?? key;

  function moveTo(card: PipelineCard, to: string) {
    if (card.stages.includes(to)) return;
    if (data?.stages.find(s => s.key === to)?.outcome === 'lost') {
      setRefusal(null);
      setLoss({ card, to });
      return;
    }
    move.mutate({ card, to });
  }

  function onDragEnd(e: DragEndEvent) {
    const card = e.active.data.current?.card as PipelineCard | undefined;
    if (!card || !e.over) return;
    moveTo(card, String(e.over.id));
  }

  return (
    <section data-testid={`pipeline-board-${processKey}`}>
      <Flex justify="space-between" align="center" className="heading" wrap gap="small">
        <Typography.Title level={2}>{data?.pipeline.name ?? processKey}</Typography.Title>
        <Flex gap="middle">
          {admin && <Link to={href.pipelineAutomations(processKey)} data-testid="pipeline-automations">{t('automations.open')}</Link>}
          <Link to={href.pipelines()}>{t('pipeline.all')}</Link>
        </Flex>
      </Flex>
      <div className="filter">
        <FilterBox key={filter} value={filter} onApply={f => setParams(p => {
          const next = new URLSearchParams(p);
          if (f) next.set('filter', f); else next.delete('filter');
          return next;
        }, { replace: true })} />
      </div>
      <QueryProblem error={board.error} />
      {refusal && (
        <Alert type="error" showIcon closable onClose={() => setRefusal(null)} className="problem" data-testid="pipeline-problem" role="alert"
               message={t('pipeline.refused')} description={refusalText(t, refusal, key => (data?.stages.some(s => s.key === key) ? stageLabel(key) : undefined), i18n.language)} />
      )}
      {data && (
        <DndContext sensors={sensors} onDragEnd={onDragEnd} autoScroll={{ threshold: { x: 0.05, y: 0.2 } }} accessibility={{
          screenReaderInstructions: { draggable: t('board.dragHelp') },
          announcements: {
            onDragStart: ({ active }) => t('board.picked', { id: String(active.data.current?.card?.title ?? active.id) }),
            onDragOver: ({ over }) => (over ? t('board.over', { column: stageLabel(String(over.id)) }) : undefined),
            onDragEnd: ({ over }) => (over ? t('board.dropped', { column: stageLabel(String(over.id)) }) : t('board.cancelled')),
            onDragCancel: () => t('board.cancelled'),
          },
        }}>
          <div className="kanban pipeline" data-testid="pipeline-board">
            {data.stages.map(column => (
              <Column key={column.key} column={column} board={data} onMove={moveTo} />
            ))}
          </div>
        </DndContext>
      )}
      {loss && data && (
        <LossDialog board={data} loss={loss} busy={move.isPending} onCancel={() => setLoss(null)}
                    onSubmit={(lossReason, lossComment) => move.mutate({ card: loss.card, to: loss.to, lossReason, lossComment })} />
      )}
    </section>
  );
}

function Column({ column, board, onMove }: { column: PipelineColumn; board: Board; onMove: (card: PipelineCard, to: string) => void }) {
  const { setNodeRef, isOver } = useDroppable({ id: column.key });
  return (
    <div ref={setNodeRef} className={`kanban-column${isOver ? ' over' : ''}`} data-testid="pipeline-column" data-stage={column.key}
         role="region" aria-label={column.label}>
      <Flex justify="space-between" align="center" className="kanban-head">
        <Typography.Text strong>{column.label}</Typography.Text>
        <Badge count={formatNumber(column.count)} color={column.outcome === 'lost' ? '#a8071a' : '#595959'} showZero
               overflowCount={Number.MAX_SAFE_INTEGER} />
      </Flex>
      {column.cards.map(card => (
        <StageCard key={`${card.entity}:${card.id}`} column={column} card={card} board={board} onMove={onMove} />
      ))}
    </div>
  );
}

function StageCard({ column, card, board, onMove }: {
  column: PipelineColumn;
  card: PipelineCard;
  board: Board;
  onMove: (card: PipelineCard, to: string) => void;
}) {
  const { t } = useTranslation();
  // One draggable per column the card is in: a record in two parallel stages shows (and moves) from both.
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: `${column.key}|${card.entity}|${card.id}`, data: { card } });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  const others = card.stages.filter(s => s !== column.key);
  return (
    <div ref={setNodeRef} style={style} {...listeners} {...attributes} className={`kanban-card${isDragging ? ' dragging' : ''}`}
         data-testid="pipeline-card" data-record-id={card.id} aria-label={card.title}>
      <Card size="small">
        <Flex justify="space-between" gap="small">
          <Link to={href.card(card.entity, card.id)} onPointerDown={e => e.stopPropagation()}>{card.title}</Link>
          <Dropdown trigger={['click']} menu={{
            items: board.stages.filter(s => !card.stages.includes(s.key)).map(s => ({ key: s.key, label: s.label })),
            onClick: ({ key }) => onMove(card, key),
          }}>
            <Button size="small" type="text" onPointerDown={e => e.stopPropagation()} onKeyDown={e => e.stopPropagation()}
                    aria-label={t('board.moveTo')} data-testid="pipeline-move">
              <DownOutlined />
            </Button>
          </Dropdown>
        </Flex>
        {others.length > 0 && (
          <div className="muted small">
            {t('pipeline.alsoIn')} {others.map(s => <Tag key={s}>{board.stages.find(x => x.key === s)?.label ?? s}</Tag>)}
          </div>
        )}
        {!card.running && <div className="muted small">{t('pipeline.ended')}</div>}
      </Card>
    </div>
  );
}

/** A move to a lost stage asks for the reason from the entity's list, and a comment for "other". */
function LossDialog({ board, loss, busy, onCancel, onSubmit }: {
  board: Board;
  loss: Loss;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reason: string, comment?: string) => void;
}) {
  const { t } = useTranslation();
  const entity = useEntity(loss.card.entity);
  const reasons = entity?.fields.find(f => f.name === 'loss_reason')?.options ?? [];
  const [reason, setReason] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const needsComment = reason === 'other';
  const ready = Boolean(reason) && (!needsComment || comment.trim().length > 0);
  const stage = board.stages.find(s => s.key === loss.to)?.label ?? loss.to;
  return (
    <Modal open title={t('pipeline.lossTitle', { stage })} onCancel={onCancel} confirmLoading={busy} okText={t('pipeline.lossConfirm')}
           okButtonProps={{ disabled: !ready, 'data-testid': 'loss-confirm' } as ButtonProps} cancelText={t('common.cancel')}
           onOk={() => reason && onSubmit(reason, comment.trim() || undefined)}>
      <Form layout="vertical">
        <Form.Item label={t('pipeline.lossReason')} htmlFor="loss-reason" required>
          {reasons.length > 0
            ? <Select id="loss-reason" data-testid="loss-reason" value={reason} onChange={setReason}
                      options={reasons.map(o => ({ value: o.value, label: o.label }))} />
            : <Input id="loss-reason" data-testid="loss-reason" value={reason ?? ''} onChange={e => setReason(e.target.value || undefined)} maxLength={100} />}
        </Form.Item>
        <Form.Item label={t('pipeline.lossComment')} htmlFor="loss-comment" required={needsComment}
                   help={needsComment && !comment.trim() ? t('pipeline.lossCommentNeeded') : undefined}>
          <Input.TextArea id="loss-comment" data-testid="loss-comment" value={comment} onChange={e => setComment(e.target.value)} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
