import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../shell/error-banner';
import { useAppStore } from '../store/app-store';
import './runs.css';
import { RunCanvas } from './run-canvas';
import { RunTabs } from './run-tabs';
import { RunToolbar } from './run-toolbar';
import { StepPanel } from './step-panel';
import { TimeScrubber } from './time-scrubber';

/** The run view: the plan's graph with each step's live status, the step panel and the tabs. */
export function RunPage({ runId }: { runId: string }) {
  const workspaceId = useAppStore((state) => state.workspaceId);
  const openRun = useAppStore((state) => state.openRun);
  const closeRun = useAppStore((state) => state.closeRun);
  const loadAgents = useAppStore((state) => state.loadAgents);
  const loaded = useAppStore((state) => state.runView?.runId === runId);
  const failure = useAppStore((state) => (state.runViewFailure?.runId === runId ? state.runViewFailure.message : null));
  const graphMissing = useAppStore((state) => state.runView?.graphMissing ?? false);

  useEffect(() => {
    if (!workspaceId) return;
    void loadAgents();
    void openRun(runId);
  }, [runId, workspaceId, openRun, loadAgents]);

  useEffect(() => closeRun, [closeRun]);

  return (
    <ReactFlowProvider>
      <div className="run-page" data-testid="run-view" data-run-id={loaded ? runId : undefined}>
        {loaded ? <RunToolbar /> : null}
        <div className="run-banner">
          <ErrorBanner />
        </div>
        {loaded ? (
          <div className="run-body">
            <div className="run-canvas-column">
              {graphMissing ? <GraphMissing /> : null}
              <div className="run-canvas" data-testid="run-canvas">
                <RunCanvas />
              </div>
              <TimeScrubber />
            </div>
            <aside className="run-side">
              <StepPanel />
              <RunTabs />
            </aside>
          </div>
        ) : failure ? (
          <RunMissing message={failure} />
        ) : (
          <RunLoading />
        )}
      </div>
    </ReactFlowProvider>
  );
}

function GraphMissing() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" variant="light" radius={0} py={6} data-testid="run-graph-missing">
      <Text size="sm">{t('runView.graphMissing')}</Text>
    </Alert>
  );
}

function RunLoading() {
  const { t } = useTranslation();
  return (
    <Group justify="center" p="xl" gap="sm">
      <Loader size="sm" />
      <Text c="dimmed">{t('runView.loading')}</Text>
    </Group>
  );
}

function RunMissing({ message }: { message: string }) {
  const { t } = useTranslation();
  const navigate = useAppStore((state) => state.navigate);
  return (
    <Stack p="xl" maw={640} gap="md">
      <Alert color="red" variant="light" title={t('runView.notFound')} data-testid="run-not-found">
        <Text size="sm">{message}</Text>
      </Alert>
      <Group>
        <Button variant="default" onClick={() => navigate({ page: 'runs' })}>
          {t('runView.back')}
        </Button>
      </Group>
    </Stack>
  );
}
