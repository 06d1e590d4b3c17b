import { AppShell } from '@mantine/core';
import { useAppStore } from '../store/app-store';
import { AgentsPage } from '../pages/agents-page';
import { NotBuiltPage } from '../pages/not-built-page';
import { PlanPage } from '../pages/plan-page';
import { PlansPage } from '../pages/plans-page';
import { SettingsPage } from '../pages/settings-page';
import { ErrorBanner } from './error-banner';
import { HeaderBar } from './header-bar';
import { SideNav } from './side-nav';

/** Header, sidebar and the current page. */
export function AppFrame() {
  const route = useAppStore((state) => state.route);
  const fullBleed = route.page === 'plan';
  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 232, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <HeaderBar />
      </AppShell.Header>
      <AppShell.Navbar p="md">
        <SideNav />
      </AppShell.Navbar>
      <AppShell.Main>
        {fullBleed ? (
          <PlanPage planId={route.planId} />
        ) : (
          <div className="page-content">
            <ErrorBanner />
            {route.page === 'plans' ? (
              <PlansPage />
            ) : route.page === 'settings' ? (
              <SettingsPage />
            ) : route.page === 'agents' ? (
              <AgentsPage />
            ) : (
              <NotBuiltPage section={route.page} />
            )}
          </div>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
