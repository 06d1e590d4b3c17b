import { Anchor, Badge, Button, Group, Loader, Text, Title } from '@mantine/core';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddStepModal } from '../plan-editor/add-step-modal';
import { PlanCanvas } from '../plan-editor/plan-canvas';
import { StepInspector } from '../plan-editor/step-inspector';
import { VersionPanel } from '../plan-editor/version-panel';
import { ViewingBar } from '../plan-editor/viewing-bar';
import { ErrorBanner } from '../shell/error-banner';
import { BackIcon, DownloadIcon, PlusIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';

/** The plan editor: toolbar, canvas, and a side panel with the step inspector and versions. */
export function PlanPage({ planId }: { planId: string }) {
  const workspaceId = useAppStore((state) => state.workspaceId);
  const openPlan = useAppStore((state) => state.openPlan);
  const loadedId = useAppStore((state) => state.doc?.plan.id ?? null);

  useEffect(() => {
    if (workspaceId) void openPlan(planId);
  }, [planId, workspaceId, openPlan]);

  return (
    <ReactFlowProvider>
      <div className="plan-page" data-testid="page-plan">
        <PlanToolbar />
        <div className="plan-banner">
          <ErrorBanner />
        </div>
        {loadedId === planId ? (
          <div className="plan-body">
            <div className="plan-canvas-column">
              <ViewingBar />
              <div className="plan-canvas" data-testid="plan-canvas">
                <PlanCanvas key={planId} />
              </div>
            </div>
            <aside className="plan-side">
              <StepInspector />
              <div className="plan-side-divider" />
              <VersionPanel />
            </aside>
          </div>
        ) : (
          <PlanLoading />
        )}
      </div>
    </ReactFlowProvider>
  );
}

function PlanLoading() {
  const { t } = useTranslation();
  return (
    <Group justify="center" p="xl" gap="sm">
      <Loader size="sm" />
      <Text c="dimmed">{t('plan.loading')}</Text>
    </Group>
  );
}

function PlanToolbar() {
  const { t } = useTranslation();
  const navigate = useAppStore((state) => state.navigate);
  const plan = useAppStore((state) => state.doc?.plan ?? null);
  const dirty = useAppStore((state) => state.doc?.dirty ?? false);
  const viewing = useAppStore((state) => state.viewing !== null);
  const exportPlan = useAppStore((state) => state.exportPlan);
  const [adding, setAdding] = useState(false);

  return (
    <Group className="plan-toolbar" justify="space-between" wrap="nowrap" px="xl" py="md">
      <Group gap="md" wrap="nowrap" miw={0}>
        <Anchor
          href="#/plans"
          size="sm"
          c="dimmed"
          className="back-link"
          data-testid="back-to-plans"
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'plans' });
          }}
        >
          <BackIcon size={16} />
          {t('plan.back')}
        </Anchor>
        <Title order={3} className="plan-title" data-testid="plan-title" lineClamp={1}>
          {plan?.title ?? ''}
        </Title>
        {plan ? (
          <Badge variant="light" data-testid="plan-head-version">
            {t('plan.head', { number: plan.headVersion })}
          </Badge>
        ) : null}
        {plan ? (
          dirty ? (
            <Badge color="orange" variant="dot" size="lg" data-testid="unsaved-indicator">
              {t('plan.unsaved')}
            </Badge>
          ) : (
            <Badge color="teal" variant="dot" size="lg" data-testid="saved-indicator">
              {t('plan.saved')}
            </Badge>
          )
        ) : null}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Button
          variant="default"
          leftSection={<DownloadIcon />}
          onClick={() => void exportPlan()}
          disabled={!plan}
          data-testid="export-plan"
        >
          {t('plan.export')}
        </Button>
        <Button leftSection={<PlusIcon />} onClick={() => setAdding(true)} disabled={!plan || viewing} data-testid="add-step">
          {t('plan.addStep')}
        </Button>
      </Group>
      <AddStepModal opened={adding} onClose={() => setAdding(false)} />
    </Group>
  );
}
