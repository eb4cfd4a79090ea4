import { BellOutlined, CommentOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Form, Input, Mentions, Space, Tabs, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { TimelineItem } from '../api/types';
import { toProblem } from '../api/problem';
import { keys, useUserNamesQuery } from '../api/queries';
import type { Entity, RecordData } from '../api/types';
import { FieldValue } from '../fields/FieldValue';
import { formatInstant, fromHistory } from '../fields/format';
import { nameIn } from '../process/labels';
import { ProblemBanner, QueryProblem } from '../ui';

/**
 * The record's story, newest first: changes (each restorable in one click, values shown as the
 * card shows them), comments with @mentions (also those written on the record's tasks), reminders,
 * tasks and processes.
 */
export function RecordTimeline({ entity, record }: { entity: Entity; record: RecordData }) {
  const { t } = useTranslation();
  const id = String(record.id);
  const timeline = useInfiniteQuery({
    queryKey: keys.timeline(entity.name, id),
    queryFn: ({ pageParam }) => api.timeline(entity.name, id, pageParam || undefined),
    initialPageParam: '',
    getNextPageParam: last => last.next ?? undefined,
  });
  const items = timeline.data?.pages.flatMap(p => p.items) ?? [];

  return (
    <Card className="panel" size="small" title={t('timeline.title')} data-testid="timeline">
      {timeline.data && (
        <Tabs size="small" items={[
          { key: 'comment', label: <><CommentOutlined /> {t('timeline.comment')}</>, children: <CommentBox entity={entity.name} id={id} /> },
          { key: 'reminder', label: <><BellOutlined /> {t('timeline.reminder')}</>, children: <ReminderBox entity={entity.name} id={id} /> },
        ]} />
      )}
      <QueryProblem error={timeline.error} />
      {timeline.data && items.length === 0 && <Typography.Text type="secondary">{t('timeline.empty')}</Typography.Text>}
      <Timeline items={items.map(item => ({
        key: item.id,
        color: item.kind === 'comment' ? 'blue' : item.kind === 'deleted' ? 'red' : item.kind === 'restored' ? 'green' : 'gray',
        content: <TimelineEntry entity={entity} record={record} item={item} />,
      }))} />
      {timeline.hasNextPage && (
        <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage} data-testid="timeline-more">
          {t('timeline.older')}
        </Button>
      )}
    </Card>
  );
}

function TimelineEntry({ entity, record, item }: { entity: Entity; record: RecordData; item: TimelineItem }) {
  const { t, i18n } = useTranslation();
  const who = item.actorName || item.actor || t('timeline.system');
  const field = item.field ? entity.fields.find(f => f.name === item.field) : undefined;
  // History keeps text; read back into a value, it shows as the card shows it (a retired field as written).
  const show = (v: string | null | undefined) => (field
    ? <FieldValue field={field} value={fromHistory(field, v)} />
    : v === null || v === undefined ? '—' : v);
  let body;
  switch (item.kind) {
    case 'changed':
      body = (
        <>
          <EditOutlined /> {t('timeline.changed', { who, field: field?.label ?? item.field })}{' '}
          <Typography.Text delete type="secondary" data-testid="timeline-old">{show(item.oldValue)}</Typography.Text> →{' '}
          <Typography.Text data-testid="timeline-new">{show(item.newValue)}</Typography.Text>
          {item.entryId !== undefined && <RestoreButton entity={entity.name} record={record} entryId={item.entryId} />}
        </>
      );
      break;
    case 'comment':
      body = <><Typography.Text strong>{commentAuthor(t, { task: nameIn(item.task, item.taskLabels, i18n.language) }, who)}</Typography.Text> <span className="comment-text">{renderMentions(item.text ?? '')}</span></>;
      break;
    case 'reminder':
      body = <><BellOutlined /> {t('timeline.reminderItem', { when: formatInstant(String(item.at)), text: item.text ?? '' })}{item.done && ` (${t('reminders.done')})`}</>;
      break;
    case 'task':
      body = <>{t('timeline.task', { who, name: nameIn(item.name, item.labels, i18n.language) ?? '' })}{item.outcome && ` — ${item.outcome}`}{item.comment && `: ${item.comment}`}</>;
      break;
    case 'process':
      body = <>{t('timeline.process', { name: item.name ?? '' })}{item.step && ` — ${nameIn(item.step, item.stepLabels, i18n.language)}`}</>;
      break;
    default:
      body = <>{t(`timeline.kind.${item.kind}`, { who, defaultValue: `${item.kind} · ${who}` })}{item.text && `: ${item.text}`}</>;
  }
  return (
    <div data-testid="timeline-item" data-kind={item.kind}>
      <div>{body}</div>
      <Typography.Text type="secondary" className="small">{formatInstant(item.at)}</Typography.Text>
    </div>
  );
}

/**
 * Who wrote a comment, and on which task when it was written in the inbox (a task's comments land
 * on its record's timeline). Pure, for tests.
 */
export function commentAuthor(t: TFunction, item: Pick<TimelineItem, 'task'>, who: string): string {
  return item.task ? t('timeline.taskComment', { who, task: item.task }) : `${who}:`;
}

/** "@nina" in a comment stands out, as the person named was notified. */
function renderMentions(text: string) {
  return text.split(/(@[\w.-]+)/g).map((part, i) => (part.startsWith('@') ? <Typography.Text key={i} mark>{part}</Typography.Text> : part));
}

function RestoreButton({ entity, record, entryId }: { entity: string; record: RecordData; entryId: string | number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const restore = useMutation({
    mutationFn: () => api.restoreChange(entity, String(record.id), entryId, record.version),
    onSuccess: saved => {
      client.setQueryData(keys.record(entity, String(record.id)), saved);
      void client.invalidateQueries({ queryKey: ['timeline', entity, String(record.id)] });
    },
  });
  return (
    <>
      {' '}
      <Button size="small" type="link" icon={<RollbackOutlined />} loading={restore.isPending} onClick={() => restore.mutate()}
              data-testid="timeline-restore">{t('timeline.restore')}</Button>
      {restore.error && <ProblemBanner problem={toProblem(restore.error)} />}
    </>
  );
}

function CommentBox({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState('');
  // Suggestions from the colleagues' names, which everyone signed in may read.
  const users = useUserNamesQuery();
  const post = useMutation({
    mutationFn: () => api.comment(entity, id, text.trim()),
    onSuccess: () => { setText(''); void client.invalidateQueries({ queryKey: ['timeline', entity, id] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); if (text.trim()) post.mutate(); };
  return (
    <form onSubmit={submit} data-testid="comment-form">
      {post.error && <ProblemBanner problem={toProblem(post.error)} fields={[]} />}
      <Form.Item label={t('timeline.commentLabel')} htmlFor="comment-text" layout="vertical" help={t('timeline.mentionHint')}>
        <Mentions id="comment-text" data-testid="comment-text" rows={2} value={text} onChange={setText}
          options={(users.data ?? []).map(u => ({ value: u.username, label: u.displayName ? `${u.displayName} (@${u.username})` : `@${u.username}` }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={post.isPending} disabled={!text.trim()} data-testid="comment-submit">
        {t('timeline.post')}
      </Button>
    </form>
  );
}

function ReminderBox({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [at, setAt] = useState<Dayjs | null>(null);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const add = useMutation({
    mutationFn: () => api.addReminder(entity, id, { at: at!.toISOString(), text: text.trim() }),
    onSuccess: () => {
      setAt(null); setText('');
      void client.invalidateQueries({ queryKey: ['timeline', entity, id] });
      void client.invalidateQueries({ queryKey: ['reminders'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!at || !text.trim());
    if (at && text.trim()) add.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="reminder-form">
      {add.error && <ProblemBanner problem={toProblem(add.error)} />}
      <Flex gap="small" wrap align="end">
        <Form.Item label={t('reminders.when')} htmlFor="reminder-at" layout="vertical" required
                   validateStatus={missing && !at ? 'error' : undefined} help={missing && !at ? t('common.required') : undefined}>
          <DatePicker id="reminder-at" showTime value={at} onChange={setAt} data-testid="reminder-at" format="L LT" />
        </Form.Item>
        <Form.Item label={t('reminders.text')} htmlFor="reminder-text" layout="vertical" required className="grow"
                   validateStatus={missing && !text.trim() ? 'error' : undefined} help={missing && !text.trim() ? t('common.required') : undefined}>
          <Input id="reminder-text" value={text} onChange={e => setText(e.target.value)} data-testid="reminder-text" />
        </Form.Item>
        <Form.Item>
          <Space><Button htmlType="submit" loading={add.isPending} data-testid="reminder-submit">{t('reminders.add')}</Button></Space>
        </Form.Item>
      </Flex>
    </form>
  );
}
