import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Space, Typography } from 'antd';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { fieldMessages, toProblem } from '../api/problem';
import { keys } from '../api/queries';
import { isAdmin, type Task, type User } from '../api/types';
import { formatInstant } from '../fields/format';
import { type Inputs, toInputs, valuesToCreate } from '../fields/values';
import { useUser } from '../session';
import { FieldForm, Loading, ProblemBanner, QueryProblem } from '../ui';
import { localizeField } from '../entities';
import { taskName } from '../process/labels';
import { RecordLink } from './RecordLink';
import { Reminders } from './Reminders';
import { TaskComments } from './TaskComments';

export function Inbox() {
  const { t } = useTranslation();
  const user = useUser();
  // Task notices (live.ts) mark this stale, so it reads again by itself.
  const tasks = useQuery({ queryKey: keys.tasks(), queryFn: api.tasks });
  const [done, setDone] = useState<string | null>(null);

  return (
    <section>
      <Flex justify="space-between" align="center" className="heading">
        <Typography.Title level={2}>{t('inbox.title')}</Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void tasks.refetch()} data-testid="inbox-refresh">{t('common.refresh')}</Button>
      </Flex>
      {done && <Alert type="success" showIcon message={done} data-testid="task-done" className="problem" closable onClose={() => setDone(null)} />}
      <QueryProblem error={tasks.error} />
      {tasks.isPending && <Loading />}
      {tasks.data?.length === 0 && <Empty description={<span data-testid="inbox-empty">{t('inbox.empty')}</span>} />}
      <ul className="tasks">
        {tasks.data?.map(task => (
          <TaskItem key={task.id} task={task} user={user} onCompleted={setDone} />
        ))}
      </ul>
      <Reminders />
    </section>
  );
}

function mine(task: Task, user: User): boolean {
  return task.assignee === user.username || task.assignee === String(user.id);
}

function TaskItem({ task, user, onCompleted }: { task: Task; user: User; onCompleted: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const name = taskName(task, i18n.language);
  const client = useQueryClient();
  const [completing, setCompleting] = useState(false);
  const [discussing, setDiscussing] = useState(false);
  const canComplete = mine(task, user) || isAdmin(user);
  const claim = useMutation({
    mutationFn: () => api.claim(task.id),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tasks() }),
  });

  return (
    <li data-testid="task" data-task-id={task.id} data-name={task.name}
        data-record-id={task.recordId === null ? '' : String(task.recordId)} data-assignee={task.assignee ?? ''}>
      <Card size="small" className="task">
        <Flex justify="space-between" align="start" gap="middle" wrap>
          <div>
            <Typography.Text strong data-testid="task-name">{name}</Typography.Text>
            {task.entity && task.recordId !== null && (
              <> · <RecordLink entity={task.entity} id={task.recordId} /></>
            )}
            <div className="muted">
              {task.assignee
                ? <>{t('inbox.assignedTo')} <span data-testid="task-assignee">{task.assignee}</span></>
                : t('inbox.unassigned', { groups: task.candidateGroups.join(', ') || t('inbox.anyone') })}
              {' · '}{t('inbox.created', { when: formatInstant(task.createdAt) })}
            </div>
          </div>
          <Space>
            <Button onClick={() => setDiscussing(d => !d)} aria-expanded={discussing} data-testid="task-comments-toggle">
              {t('inbox.comments')}
            </Button>
            {!task.assignee && (
              <Button onClick={() => claim.mutate()} loading={claim.isPending} data-testid="task-claim">{t('inbox.claim')}</Button>
            )}
            {canComplete && !completing && (
              <Button type="primary" onClick={() => setCompleting(true)} data-testid="task-complete">{t('inbox.complete')}</Button>
            )}
          </Space>
        </Flex>
        {claim.error && <ProblemBanner problem={toProblem(claim.error)} />}
        {completing && (
          <TaskForm task={task} onCancel={() => setCompleting(false)}
                    onCompleted={() => onCompleted(t('inbox.completed', { name }))} />
        )}
        {discussing && <TaskComments task={task} />}
      </Card>
    </li>
  );
}

function TaskForm({ task, onCancel, onCompleted }: { task: Task; onCancel: () => void; onCompleted: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { i18n } = useTranslation();
  const fields = (task.form?.fields ?? []).map(f => localizeField(f, i18n.resolvedLanguage ?? i18n.language));
  const [inputs, setInputs] = useState<Inputs>(() => toInputs(fields));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const complete = useMutation({
    mutationFn: (values: Parameters<typeof api.complete>[1]) => api.complete(task.id, values),
    onSuccess: () => { onCompleted(); void client.invalidateQueries({ queryKey: keys.tasks() }); },
    onError: err => setErrors(fieldMessages(toProblem(err))),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const { values, errors: invalid } = valuesToCreate(fields, inputs);
    setErrors(invalid);
    if (Object.keys(invalid).length === 0) complete.mutate(values);
  }

  return (
    <form className="task-form" onSubmit={submit} data-testid="task-form" noValidate>
      {complete.error && <ProblemBanner problem={toProblem(complete.error)} fields={fields.map(f => f.name)} />}
      {fields.length === 0 && <p className="muted">{t('inbox.asksNothing')}</p>}
      <FieldForm fields={fields} inputs={inputs} errors={errors}
                 onChange={(n, v) => setInputs(i => ({ ...i, [n]: v }))} />
      <Space>
        <Button type="primary" htmlType="submit" loading={complete.isPending} data-testid="task-submit">{t('inbox.completeTask')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </form>
  );
}
