import { AlertOutlined, ApartmentOutlined, BranchesOutlined, DeleteOutlined, FormOutlined, FunnelPlotOutlined, InboxOutlined, LogoutOutlined, NodeIndexOutlined, TableOutlined, TeamOutlined, ToolOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Layout, Menu, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useEntitiesQuery } from '../api/queries';
import { useEntities } from '../entities';
import { toProblem } from '../api/problem';
import { pluralLabel } from '../fields/format';
import { href } from '../routes';
import { useIsAdmin, useUser } from '../session';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveIndicator } from './LiveIndicator';

/** The frame around every screen: side menu, header with the user and the language, content. */
export function Shell({ onSignOut, children }: { onSignOut: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  const admin = useIsAdmin();
  const entities = useEntitiesQuery();
  const localized = useEntities();
  const { pathname } = useLocation();

  const items = [
    { key: href.inbox(), icon: <InboxOutlined />, label: <Link to={href.inbox()} data-testid="nav-inbox">{t('nav.inbox')}</Link> },
    ...localized.map(e => ({
      key: href.list(e.name),
      icon: <TableOutlined />,
      label: <Link to={href.list(e.name)} data-testid={`nav-${e.name}`}>{pluralLabel(e)}</Link>,
    })),
    { key: href.pipelines(), icon: <FunnelPlotOutlined />, label: <Link to={href.pipelines()} data-testid="nav-pipelines">{t('pipeline.nav')}</Link> },
    ...(admin ? [{ key: href.users(), icon: <TeamOutlined />, label: <Link to={href.users()} data-testid="nav-users">{t('nav.users')}</Link> }] : []),
    { key: href.recycleBin(), icon: <DeleteOutlined />, label: <Link to={href.recycleBin()} data-testid="nav-recycle-bin">{t('nav.recycleBin')}</Link> },
    ...(admin ? [{ key: href.designer(), icon: <ToolOutlined />, label: <Link to={href.designer()} data-testid="nav-designer">{t('nav.designer')}</Link> }] : []),
    ...(admin ? [{ key: href.taskForms(), icon: <FormOutlined />, label: <Link to={href.taskForms()} data-testid="nav-task-forms">{t('nav.taskForms')}</Link> }] : []),
    ...(admin ? [{ key: href.processes(), icon: <ApartmentOutlined />, label: <Link to={href.processes()} data-testid="nav-processes">{t('processes.nav')}</Link> }] : []),
    ...(admin ? [
      { key: href.processVersions(), icon: <BranchesOutlined />, label: <Link to={href.processVersions()} data-testid="nav-process-versions">{t('processOps.nav.processes')}</Link> },
      { key: href.instances(), icon: <NodeIndexOutlined />, label: <Link to={href.instances()} data-testid="nav-instances">{t('processOps.nav.instances')}</Link> },
      { key: href.incidents(), icon: <AlertOutlined />, label: <Link to={href.incidents()} data-testid="nav-incidents">{t('processOps.nav.incidents')}</Link> },
    ] : []),
  ];
  // The menu item of the section this path is in: /records/deal/42 lights "Deals".
  const path = pathname.replace(/^\/board\//, '/records/');
  const selected = items.map(i => i.key).filter(k => path === k || path.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];

  return (
    <Layout className="shell">
      <a className="skip-link" href="#content">{t('app.skipToContent')}</a>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={220} className="shell-sider">
        <div className="brand">{t('app.brand')}</div>
        <nav aria-label={t('nav.menu')}>
          <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Flex align="center" gap="middle" className="header-bar">
            <div className="header-grow"><GlobalSearch /></div>
            <LiveIndicator />
            <LanguageSwitch />
            <Typography.Text strong data-testid="nav-user" data-username={user.username}>
              {user.displayName || user.username}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={onSignOut} data-testid="nav-signout">{t('nav.signOut')}</Button>
          </Flex>
        </Layout.Header>
        <Layout.Content id="content" className="shell-content" tabIndex={-1}>
          {entities.error && <Alert type="error" showIcon message={toProblem(entities.error).title} data-testid="problem" />}
          {entities.isPending ? <Spin aria-label={t('common.loading')} /> : children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
