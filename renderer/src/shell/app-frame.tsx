import { AppShell } from '@mantine/core';
import { useAppStore } from '../store/app-store';
import { ApprovalsPage } from '../approvals/approvals-page';
import { RunsSession } from '../approvals/runs-session';
import { AgentsPage } from '../pages/agents-page';
import { PlanPage } from '../pages/plan-page';
import { PlansPage } from '../pages/plans-page';
import { RunsPage } from '../pages/runs-page';
import { RunPage } from '../runs/run-page';
import { SettingsPage } from '../pages/settings-page';
import { TriggersPage } from '../pages/triggers-page';
import { ErrorBanner } from './error-banner';
import { HeaderBar } from './header-bar';
import { SideNav } from './side-nav';

/** Header, sidebar and the current page. */
export function AppFrame() {
  const route = useAppStore((state) => state.route);
  const fullBleed = route.page === 'plan' || route.page === 'run';
  return (
    <AppShell header={{ height: 64 }} navbar={{ width: fullBleed ? 64 : 232, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <HeaderBar />
      </AppShell.Header>
      <AppShell.Navbar p={fullBleed ? 'xs' : 'md'}>
        <SideNav compact={fullBleed} />
      </AppShell.Navbar>
      <AppShell.Main>
        {route.page === 'plan' ? (
          <PlanPage planId={route.planId} />
        ) : route.page === 'run' ? (
          <RunPage runId={route.runId} />
        ) : (
          <div className="page-content">
            <ErrorBanner />
            {route.page === 'plans' ? (
              <PlansPage />
            ) : route.page === 'settings' ? (
              <SettingsPage />
            ) : route.page === 'agents' ? (
              <AgentsPage />
            ) : route.page === 'triggers' ? (
              <TriggersPage />
            ) : route.page === 'runs' ? (
              <RunsPage />
            ) : (
              <ApprovalsPage />
            )}
          </div>
        )}
      </AppShell.Main>
      <RunsSession />
    </AppShell>
  );
}
