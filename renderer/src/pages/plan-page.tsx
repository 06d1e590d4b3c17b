import { Alert, Anchor, Badge, Button, Group, Loader, Text, Title } from '@mantine/core';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fullTime } from '../format';
import { AddStepModal } from '../plan-editor/add-step-modal';
import { AgentPalette } from '../plan-editor/agent-palette';
import { DiffSummary } from '../plan-editor/diff/diff-summary';
import { ClipboardButtons, LayoutButton, UndoRedo } from '../plan-editor/editor-toolbar';
import { StepInspector } from '../plan-editor/inspector/step-inspector';
import { PlanCanvas } from '../plan-editor/plan-canvas';
import { ProblemsList } from '../plan-editor/problems-list';
import { useEditorKeys } from '../plan-editor/use-editor-keys';
import { VersionPanel } from '../plan-editor/version-panel';
import { ViewingBar } from '../plan-editor/viewing-bar';
import { PlannerNotes } from '../planner/planner-notes';
import { ReplanBox } from '../planner/replan-box';
import { ErrorBanner } from '../shell/error-banner';
import { BackIcon, DownloadIcon, PlusIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';
import { RunPlanButton } from '../runs/run-plan-button';

/** The plan editor: toolbar, agent palette, canvas, and a side panel with the inspector, problems and versions. */
export function PlanPage({ planId }: { planId: string }) {
  const workspaceId = useAppStore((state) => state.workspaceId);
  const openPlan = useAppStore((state) => state.openPlan);
  const loadedId = useAppStore((state) => state.doc?.plan.id ?? null);
  useEditorKeys();

  useEffect(() => {
    if (workspaceId) void openPlan(planId);
  }, [planId, workspaceId, openPlan]);

  return (
    <ReactFlowProvider>
      <div className="plan-page" data-testid="page-plan">
        <PlanToolbar />
        <div className="plan-banner">
          <ErrorBanner />
          <DraftBanner />
          {loadedId === planId ? <PlannerNotes /> : null}
        </div>
        {loadedId === planId ? (
          <div className="plan-body">
            <AgentPalette />
            <div className="plan-canvas-column">
              <ViewingBar />
              <div className="plan-canvas" data-testid="plan-canvas">
                <PlanCanvas key={planId} />
              </div>
              <ProblemsList />
            </div>
            <SidePanel />
          </div>
        ) : (
          <PlanLoading />
        )}
      </div>
    </ReactFlowProvider>
  );
}

/** Diff summary (when comparing), the replan box, inspector and versions, in one scrolling column. */
function SidePanel() {
  const panel = useRef<HTMLElement>(null);
  const comparison = useAppStore((state) => {
    const compared = state.viewing?.comparison;
    return compared ? `${compared.from.number}:${state.viewing?.version.number}` : null;
  });
  const selected = useAppStore((state) => (state.selectedStepIds.length === 1 ? state.selectedStepIds[0] : null));
  useEffect(() => {
    if (comparison) panel.current?.scrollTo({ top: 0 });
  }, [comparison]);
  useEffect(() => {
    const inspector = panel.current?.querySelector('[data-testid="inspector"]');
    if (!selected || !panel.current || !inspector) return;
    // A newly selected step shows its inspector, if the panel was scrolled past it.
    if (inspector.getBoundingClientRect().top < panel.current.getBoundingClientRect().top) inspector.scrollIntoView({ block: 'start' });
  }, [selected]);
  return (
    <aside className="plan-side" ref={panel}>
      <DiffSummary key={comparison ?? 'none'} />
      <ReplanBox />
      <StepInspector />
      <section className="side-section">
        <VersionPanel />
      </section>
    </aside>
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

/** Says that unsaved changes from an earlier session were brought back, and offers to drop them. */
function DraftBanner() {
  const { t } = useTranslation();
  const restored = useAppStore((state) => state.doc?.restoredDraft ?? null);
  const head = useAppStore((state) => state.doc?.plan.headVersion ?? 0);
  const language = useAppStore((state) => state.language);
  const discardDraft = useAppStore((state) => state.discardDraft);
  const keepDraft = useAppStore((state) => state.keepDraft);
  if (!restored) return null;
  return (
    <Alert color="indigo" variant="light" radius="md" mb="md" data-testid="draft-restored">
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Text size="sm">
          {t('draft.restored', { time: fullTime(restored.savedAt, language) })}
          {restored.baseVersion !== head ? ` ${t('draft.older', { base: restored.baseVersion, head })}` : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="subtle" onClick={keepDraft} data-testid="draft-keep">
            {t('draft.keep')}
          </Button>
          <Button size="xs" variant="light" color="red" onClick={discardDraft} data-testid="draft-discard">
            {t('draft.discard')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}

function PlanToolbar() {
  const { t } = useTranslation();
  const navigate = useAppStore((state) => state.navigate);
  const plan = useAppStore((state) => state.doc?.plan ?? null);
  const dirty = useAppStore((state) => state.doc?.dirty ?? false);
  const viewing = useAppStore((state) => state.viewing !== null);
  const viewedNumber = useAppStore((state) => state.viewing?.version.number ?? null);
  const exportPlan = useAppStore((state) => state.exportPlan);
  const [adding, setAdding] = useState(false);

  return (
    <Group className="plan-toolbar" justify="space-between" wrap="nowrap" px="lg" py="sm" gap="md">
      <Group gap="sm" wrap="nowrap" miw={0}>
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
        <Title order={4} className="plan-title" data-testid="plan-title" lineClamp={1}>
          {plan?.title ?? ''}
        </Title>
        {plan ? (
          <Badge variant="light" data-testid="plan-head-version" style={{ flex: 'none' }}>
            {t('plan.head', { number: plan.headVersion })}
          </Badge>
        ) : null}
        {plan ? (
          dirty ? (
            <Badge color="orange" variant="dot" size="lg" data-testid="unsaved-indicator" style={{ flex: 'none' }}>
              {t('plan.unsaved')}
            </Badge>
          ) : (
            <Badge color="teal" variant="dot" size="lg" data-testid="saved-indicator" style={{ flex: 'none' }}>
              {t('plan.saved')}
            </Badge>
          )
        ) : null}
      </Group>
      <Group gap="xs" wrap="nowrap">
        <UndoRedo />
        <ClipboardButtons />
        <LayoutButton />
        {plan ? <RunPlanButton planId={plan.id} version={viewedNumber ?? plan.headVersion} unsaved={dirty} /> : null}
        <Button variant="default" leftSection={<DownloadIcon />} onClick={() => void exportPlan()} disabled={!plan} data-testid="export-plan">
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
