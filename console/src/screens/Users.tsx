import { UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Drawer, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { fieldMessages, toProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { User } from '../api/types';
import { ProblemBanner, QueryProblem } from '../ui';

// Roles the engine knows.
const ROLES = ['manager', 'admin'];

type Account = User;

export function Users() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: keys.users(), queryFn: api.users });
  const [editing, setEditing] = useState<Account | null>(null);

  return (
    <section>
      <Typography.Title level={2}>{t('users.title')}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} lg={16}>
          <QueryProblem error={users.error} />
          <Table<Account> data-testid="users-table" rowKey="id" dataSource={users.data ?? []} loading={users.isPending}
            pagination={false} size="middle"
            onRow={u => ({ 'data-testid': 'user-row', 'data-username': u.username }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'username', title: t('users.username'), render: (_, u) => u.username },
              { key: 'name', title: t('users.displayName'), render: (_, u) => u.displayName },
              { key: 'email', title: t('userEmail.email'), render: (_, u) => u.email ?? '' },
              { key: 'roles', title: t('users.roles'), render: (_, u) => u.roles.map(r => <Tag key={r}>{t(`users.role.${r}`, { defaultValue: r })}</Tag>) },
              { key: 'state', title: t('users.state'), render: (_, u) => (u.active === false ? <Tag color="default">{t('users.inactive')}</Tag> : <Tag color="green">{t('users.active')}</Tag>) },
              { key: 'edit', title: t('common.actions'), render: (_, u) => <Button size="small" onClick={() => setEditing(u)} data-testid="user-edit">{t('common.edit')}</Button> },
            ]} />
        </Col>
        <Col xs={24} lg={8}><AddUser /></Col>
      </Row>
      <Drawer open={editing !== null} onClose={() => setEditing(null)} title={editing ? t('users.editTitle', { user: editing.username }) : ''}
              size="large" destroyOnHidden>
        {editing && <EditUser user={editing} onDone={() => setEditing(null)} />}
      </Drawer>
    </section>
  );
}

function RoleBoxes({ id, value, onChange }: { id: string; value: string[]; onChange: (roles: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <div id={id} data-testid={id} role="group">
      <Checkbox.Group value={value} onChange={v => onChange(v as string[])}
                      options={ROLES.map(r => ({ value: r, label: t(`users.role.${r}`) }))} />
    </div>
  );
}

const blank = { username: '', displayName: '', email: '', password: '', roles: ['manager'] };

function AddUser() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState(blank);
  const [added, setAdded] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => api.createUser({ ...form, username: form.username.trim(), email: form.email.trim() || null }),
    onSuccess: user => {
      setAdded(user.username); setForm(blank);
      void client.invalidateQueries({ queryKey: keys.users() });
      void client.invalidateQueries({ queryKey: keys.userNames() });
    },
    onMutate: () => setAdded(null),
  });
  const errors = fieldMessages(add.error ? toProblem(add.error) : null);
  const item = (name: keyof typeof blank) => ({
    validateStatus: errors[name] ? ('error' as const) : undefined,
    help: errors[name]?.join('; '),
    layout: 'vertical' as const,
  });
  const submit = (e: FormEvent) => { e.preventDefault(); add.mutate(); };

  return (
    <Card title={<><UserAddOutlined /> {t('users.add')}</>}>
      <form onSubmit={submit} data-testid="user-form" noValidate>
        {added && <Alert type="success" showIcon className="problem" data-testid="user-added" message={t('users.added', { user: added })} />}
        {add.error && <ProblemBanner problem={toProblem(add.error)} fields={['username', 'displayName', 'email', 'password', 'roles']} />}
        <Form.Item label={t('users.username')} htmlFor="user-username" required {...item('username')}>
          <Input id="user-username" data-testid="user-username" autoComplete="off" value={form.username}
                 onChange={e => setForm(f => ({ ...f, username: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('users.displayName')} htmlFor="user-displayName" {...item('displayName')}>
          <Input id="user-displayName" data-testid="user-displayName" value={form.displayName}
                 onChange={e => setForm(f => ({ ...f, displayName: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('userEmail.email')} htmlFor="user-email" extra={t('userEmail.hint')} {...item('email')}>
          <Input id="user-email" data-testid="user-email" type="email" autoComplete="off" value={form.email}
                 onChange={e => setForm(f => ({ ...f, email: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('users.password')} htmlFor="user-password" required {...item('password')}>
          <Input.Password id="user-password" data-testid="user-password" autoComplete="new-password" value={form.password}
                          onChange={e => setForm(f => ({ ...f, password: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('users.roles')} htmlFor="user-role" {...item('roles')}>
          <RoleBoxes id="user-role" value={form.roles} onChange={roles => setForm(f => ({ ...f, roles }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="user-submit" loading={add.isPending}>{t('users.addButton')}</Button>
      </form>
    </Card>
  );
}

function EditUser({ user, onDone }: { user: Account; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [email, setEmail] = useState(user.email ?? '');
  const [roles, setRoles] = useState(user.roles);
  const [password, setPassword] = useState('');
  const [passwordSet, setPasswordSet] = useState(false);
  // Names show across the console (timelines, pickers, mentions): a rename reaches them too.
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: keys.users() }),
    client.invalidateQueries({ queryKey: keys.userNames() })]);
  const save = useMutation({
    mutationFn: () => api.updateUser(user.id, { displayName, roles, email: email.trim() || null }),
    onSuccess: () => { void refresh(); onDone(); },
  });
  const activate = useMutation({
    mutationFn: (active: boolean) => api.updateUser(user.id, { active }),
    onSuccess: () => { void refresh(); onDone(); },
  });
  const reset = useMutation({
    mutationFn: () => api.resetPassword(user.id, password),
    onSuccess: () => { setPassword(''); setPasswordSet(true); },
    onMutate: () => setPasswordSet(false),
  });
  const saveErrors = fieldMessages(save.error ? toProblem(save.error) : null);
  const resetErrors = fieldMessages(reset.error ? toProblem(reset.error) : null);

  return (
    <Space orientation="vertical" size="large" className="full">
      <form data-testid="user-edit-form" noValidate onSubmit={e => { e.preventDefault(); save.mutate(); }}>
        {save.error && <ProblemBanner problem={toProblem(save.error)} fields={['displayName', 'email', 'roles']} />}
        <Form.Item label={t('users.displayName')} htmlFor="edit-displayName" layout="vertical"
                   validateStatus={saveErrors.displayName ? 'error' : undefined} help={saveErrors.displayName?.join('; ')}>
          <Input id="edit-displayName" data-testid="edit-displayName" value={displayName} onChange={e => setDisplayName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('userEmail.email')} htmlFor="edit-email" layout="vertical" extra={t('userEmail.hint')}
                   validateStatus={saveErrors.email ? 'error' : undefined} help={saveErrors.email?.join('; ')}>
          <Input id="edit-email" data-testid="edit-email" type="email" value={email} onChange={e => setEmail(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('users.roles')} htmlFor="edit-roles" layout="vertical"
                   validateStatus={saveErrors.roles ? 'error' : undefined} help={saveErrors.roles?.join('; ')}>
          <RoleBoxes id="edit-roles" value={roles} onChange={setRoles} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="user-save">{t('common.save')}</Button>
      </form>

      <form data-testid="user-password-form" noValidate onSubmit={e => { e.preventDefault(); reset.mutate(); }}>
        <Typography.Title level={5}>{t('users.resetPassword')}</Typography.Title>
        {passwordSet && <Alert type="success" showIcon className="problem" message={t('users.passwordSet')} data-testid="password-set" />}
        {reset.error && <ProblemBanner problem={toProblem(reset.error)} fields={['password']} />}
        <Form.Item label={t('users.newPassword')} htmlFor="reset-password" layout="vertical"
                   validateStatus={resetErrors.password ? 'error' : undefined} help={resetErrors.password?.join('; ') ?? t('users.passwordRule')}>
          <Input.Password id="reset-password" data-testid="reset-password" autoComplete="new-password" value={password}
                          onChange={e => setPassword(e.target.value)} />
        </Form.Item>
        <Button htmlType="submit" loading={reset.isPending} data-testid="user-reset-password">{t('users.setPassword')}</Button>
      </form>

      <div>
        <Typography.Title level={5}>{user.active === false ? t('users.activateTitle') : t('users.deactivateTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{user.active === false ? t('users.activateHint') : t('users.deactivateHint')}</Typography.Paragraph>
        {activate.error && <ProblemBanner problem={toProblem(activate.error)} />}
        {user.active === false
          ? <Button onClick={() => activate.mutate(true)} loading={activate.isPending} data-testid="user-activate">{t('users.activate')}</Button>
          : (
            <Popconfirm title={t('users.deactivateConfirm', { user: user.username })} onConfirm={() => activate.mutate(false)}
                        okText={t('users.deactivate')} cancelText={t('common.cancel')}>
              <Button danger loading={activate.isPending} data-testid="user-deactivate">{t('users.deactivate')}</Button>
            </Popconfirm>
          )}
      </div>
    </Space>
  );
}
