// The frame around every signed-in page: navigation, language, user, and the live connection
// (new alerts are announced wherever the reader is).
import { Button, Layout, Space } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { connectLive, onLive } from '../api/live.ts';
import type { Alert } from '../api/types.ts';
import { useSession } from '../session.tsx';
import LanguageSelect from './LanguageSelect.tsx';
import './shell.css';
import { useFeedback } from './Feedback.tsx';

const NAV = ['overview', 'hosts', 'containers', 'vulnerabilities', 'alerts', 'attack', 'incidents', 'compliance', 'rules', 'agents', 'settings'] as const;
const pathOf = (item: (typeof NAV)[number]) => (item === 'overview' ? '/' : `/${item}`);

export default function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const { notification } = useFeedback();
  const location = useLocation();
  const section = NAV.find((item) => item !== 'overview' && location.pathname.startsWith(pathOf(item))) ?? 'overview';

  useEffect(() => {
    const close = connectLive();
    const off = onLive('alert', (data) => {
      const alert = data as Partial<Alert>;
      notification.warning({ message: t('live.newAlert'), description: alert.rule_name ?? '', placement: 'bottomRight' });
    });
    return () => {
      off();
      close();
    };
  }, [notification, t]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="dark" width={208}>
        <div style={{ color: '#fff', fontSize: 20, fontWeight: 600, padding: '16px 24px' }}>Vigil</div>
        <nav aria-label={t('nav.label')}>
          <ul className="vigil-nav">
            {NAV.map((item) => (
              <li key={item}>
                <Link to={pathOf(item)} aria-current={item === section ? 'page' : undefined}>
                  {t(`nav.${item}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}>
          <Space size="middle">
            <LanguageSelect />
            <span>
              {user?.username} ({user ? t(`roles.${user.role}`) : ''})
            </span>
            <Button onClick={() => void signOut()}>{t('header.logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
