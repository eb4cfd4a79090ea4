import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { fieldMessages, type Problem, toProblem } from '../api/problem';
import type { Session } from '../api/types';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { ProblemBanner } from '../ui';

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldMessages(problem);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await api.login(username.trim(), password));
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <Card>
        <Flex justify="space-between" align="center">
          <Typography.Title level={1}>{t('signIn.title')}</Typography.Title>
          <LanguageSwitch />
        </Flex>
        <form onSubmit={submit} data-testid="signin-form" noValidate>
          {notice && !problem && <Alert type="info" showIcon message={notice} className="problem" />}
          <ProblemBanner problem={problem} fields={['username', 'password']} />
          <Form.Item label={t('signIn.username')} htmlFor="signin-username" layout="vertical"
                     validateStatus={errors.username ? 'error' : undefined} help={errors.username?.join('; ')}>
            <Input id="signin-username" data-testid="signin-username" autoComplete="username" autoFocus
                   value={username} onChange={e => setUsername(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('signIn.password')} htmlFor="signin-password" layout="vertical"
                     validateStatus={errors.password ? 'error' : undefined} help={errors.password?.join('; ')}>
            <Input.Password id="signin-password" data-testid="signin-password" autoComplete="current-password"
                            value={password} onChange={e => setPassword(e.target.value)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block data-testid="signin-submit" loading={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </Button>
        </form>
      </Card>
    </main>
  );
}
