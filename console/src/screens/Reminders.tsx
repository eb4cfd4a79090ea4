import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, List, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { itemsOf } from '../api/contract';
import type { Reminder } from '../api/types';
import { toProblem } from '../api/problem';
import { formatInstant } from '../fields/format';
import { ProblemBanner } from '../ui';
import { RecordLink } from './RecordLink';

/** The user's reminders, due first; an engine without reminders says so in one line. */
export function Reminders() {
  const { t } = useTranslation();
  return (
    <Card className="panel" size="small" title={<><BellOutlined /> {t('reminders.title')}</>} data-testid="reminders">
      <Tabs size="small" items={[
        { key: 'due', label: t('reminders.due'), children: <ReminderList state="due" /> },
        { key: 'upcoming', label: t('reminders.upcoming'), children: <ReminderList state="upcoming" /> },
      ]} />
    </Card>
  );
}

function ReminderList({ state }: { state: 'due' | 'upcoming' }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const reminders = useQuery({ queryKey: ['reminders', state], queryFn: () => api.reminders(state), retry: false });
  const done = useMutation({
    mutationFn: (r: Reminder) => api.reminderDone(r.id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['reminders'] }),
  });
  if (reminders.error) return <ProblemBanner problem={toProblem(reminders.error)} />;
  return (
    <>
      {done.error && <ProblemBanner problem={toProblem(done.error)} />}
      <List<Reminder> size="small" loading={reminders.isPending} dataSource={itemsOf(reminders.data)} locale={{ emptyText: t('reminders.none') }}
        renderItem={r => (
          <List.Item data-testid="reminder" actions={[
            <Button key="done" size="small" icon={<CheckOutlined />} onClick={() => done.mutate(r)} data-testid="reminder-done">{t('reminders.markDone')}</Button>,
          ]}>
            <List.Item.Meta title={r.text}
              description={<>{formatInstant(r.at)}{r.entity && r.recordId !== undefined && <> · <RecordLink entity={r.entity} id={r.recordId} /></>}</>} />
          </List.Item>
        )} />
    </>
  );
}
