import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { toProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { Task } from '../api/types';
import { formatInstant } from '../fields/format';
import { Loading, ProblemBanner, QueryProblem } from '../ui';
import { oldestFirst, sendsComment } from './comments';

/**
 * A task's conversation in the inbox: its comments, oldest first, and a box to add one. A comment
 * on a task also shows on its record's timeline, so posting refreshes an open card's too.
 */
export function TaskComments({ task }: { task: Task }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<{ text?: string }>();
  const comments = useQuery({ queryKey: keys.taskComments(task.id), queryFn: () => api.taskComments(task.id) });
  const post = useMutation({
    mutationFn: (text: string) => api.commentTask(task.id, text),
    onSuccess: () => {
      form.resetFields();
      void client.invalidateQueries({ queryKey: keys.taskComments(task.id) });
      if (task.entity && task.recordId !== null) {
        void client.invalidateQueries({ queryKey: keys.timeline(task.entity, String(task.recordId)) });
      }
    },
  });
  const send = ({ text }: { text?: string }) => {
    const trimmed = text?.trim();
    if (trimmed) post.mutate(trimmed);
  };

  return (
    <section className="task-comments" aria-label={t('inbox.comments')} data-testid="task-comments">
      <QueryProblem error={comments.error} />
      {comments.isPending && <Loading />}
      {comments.data?.length === 0 && <Typography.Text type="secondary" data-testid="task-comments-empty">{t('inbox.noComments')}</Typography.Text>}
      <ul className="comments">
        {oldestFirst(comments.data ?? []).map(c => (
          <li key={c.id} data-testid="task-comment">
            <Typography.Text strong>{c.author ?? t('timeline.system')}</Typography.Text>{' '}
            <time className="muted" dateTime={c.at}>{formatInstant(c.at)}</time>
            <div className="comment-text">{c.text}</div>
          </li>
        ))}
      </ul>
      {post.error && <ProblemBanner problem={toProblem(post.error)} />}
      <Form form={form} name={`task-comment-${task.id}`} layout="vertical" onFinish={send}>
        <Form.Item name="text" label={t('inbox.commentLabel')} extra={t('inbox.commentHint')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="task-comment-text"
                          onKeyDown={e => { if (sendsComment(e)) { e.preventDefault(); form.submit(); } }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={post.isPending} data-testid="task-comment-submit">
          {t('inbox.comment')}
        </Button>
      </Form>
    </section>
  );
}
