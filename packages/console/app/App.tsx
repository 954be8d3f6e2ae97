// Routes: every entity has its own address (deep links); each page is its own chunk.
import { ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { FeedbackProvider } from './components/Feedback.tsx';
import Shell from './components/Shell.tsx';
import { useSession } from './session.tsx';

const pages = {
  Login: lazy(() => import('./pages/LoginPage.tsx')),
  Overview: lazy(() => import('./pages/OverviewPage.tsx')),
  Hosts: lazy(() => import('./pages/HostsPage.tsx')),
  Host: lazy(() => import('./pages/HostPage.tsx')),
  Containers: lazy(() => import('./pages/ContainersPage.tsx')),
  Vulnerabilities: lazy(() => import('./pages/VulnerabilitiesPage.tsx')),
  Vulnerability: lazy(() => import('./pages/VulnerabilityPage.tsx')),
  Alerts: lazy(() => import('./pages/AlertsPage.tsx')),
  Alert: lazy(() => import('./pages/AlertPage.tsx')),
  Attack: lazy(() => import('./pages/AttackMatrixPage.tsx')),
  Incidents: lazy(() => import('./pages/IncidentsPage.tsx')),
  Incident: lazy(() => import('./pages/IncidentPage.tsx')),
  Compliance: lazy(() => import('./pages/CompliancePage.tsx')),
  Rules: lazy(() => import('./pages/RulesPage.tsx')),
  Agents: lazy(() => import('./pages/AgentsPage.tsx')),
  Settings: lazy(() => import('./pages/SettingsPage.tsx')),
};

function SignedIn({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Spin fullscreen />;
  if (user === null) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Shell>{children}</Shell>;
}

export default function App() {
  const { i18n } = useTranslation();
  const page = (Page: (typeof pages)[keyof typeof pages]) => (
    <SignedIn>
      <Page />
    </SignedIn>
  );
  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1456c8' } }} button={{ autoInsertSpace: false }}>
      <FeedbackProvider>
        <Suspense fallback={<Spin fullscreen />}>
          <Routes>
            <Route path="/login" element={<pages.Login />} />
            <Route path="/" element={page(pages.Overview)} />
            <Route path="/hosts" element={page(pages.Hosts)} />
            <Route path="/hosts/:id" element={page(pages.Host)} />
            <Route path="/containers" element={page(pages.Containers)} />
            <Route path="/vulnerabilities" element={page(pages.Vulnerabilities)} />
            <Route path="/vulnerabilities/:id" element={page(pages.Vulnerability)} />
            <Route path="/alerts" element={page(pages.Alerts)} />
            <Route path="/alerts/:id" element={page(pages.Alert)} />
            <Route path="/attack" element={page(pages.Attack)} />
            <Route path="/incidents" element={page(pages.Incidents)} />
            <Route path="/incidents/:id" element={page(pages.Incident)} />
            <Route path="/compliance" element={page(pages.Compliance)} />
            <Route path="/rules" element={page(pages.Rules)} />
            <Route path="/agents" element={page(pages.Agents)} />
            <Route path="/settings" element={page(pages.Settings)} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </FeedbackProvider>
    </ConfigProvider>
  );
}
