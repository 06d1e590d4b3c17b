import { Alert, Badge, Button, CloseButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TERMINAL_RUN_STATUSES } from '../api/contract';
import { fullTime } from '../format';
import { useAppStore } from '../store/app-store';
import { between, formatDuration } from './format-run';
import { MapItemsList } from './map-items-list';
import { RerunModal } from './rerun-modal';
import { useNow } from './run-node-look';
import { statusColor } from './status-look';

/** The selected step: status, times, attempts, its error, and the buttons to retry it or rerun from it. */
export function StepPanel() {
  const { t } = useTranslation();
  const stepId = useAppStore((state) => state.runView?.selectedStepId ?? null);
  const step = useAppStore((state) => (stepId ? state.runView?.graph.steps.find((candidate) => candidate.id === stepId) : undefined));
  const live = useAppStore((state) => (stepId ? state.runView?.steps[stepId] : undefined));
  const runStatus = useAppStore((state) => state.runView?.run.status ?? 'queued');
  const run = useAppStore((state) => state.runView?.run ?? null);
  const approval = useAppStore((state) => state.pendingApprovals.find((pending) => pending.runId === state.runView?.runId && pending.stepId === stepId));
  const agent = useAppStore((state) => (step ? state.agentsById.get(step.agent) : undefined));
  const language = useAppStore((state) => state.language);
  const selectRunStep = useAppStore((state) => state.selectRunStep);
  const retryStep = useAppStore((state) => state.retryStep);
  const reviewApproval = useAppStore((state) => state.reviewApproval);
  const [rerunning, setRerunning] = useState<string | null>(null);
  const now = useNow(live?.status === 'running');
  const ended = TERMINAL_RUN_STATUSES.includes(runStatus);

  if (!stepId || !step || !live) {
    return (
      <section className="run-side-section" data-testid="step-panel-empty">
        <Text size="sm" c="dimmed">
          {t('stepPanel.hint')}
        </Text>
        {run?.error ? (
          <Alert color={run.status === 'cancelled' ? 'gray' : 'red'} variant="light" mt="sm" data-testid="run-error">
            <Text size="sm">{run.error}</Text>
          </Alert>
        ) : null}
      </section>
    );
  }

  return (
    <section className="run-side-section" data-testid="step-panel" data-step={stepId}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Stack gap={2} miw={0}>
          <Text fw={650} lineClamp={2} dir="auto" data-testid="step-panel-title">
            {step.title}
          </Text>
          <Text size="xs" c="dimmed">
            <span dir="ltr">{step.id}</span> · <span dir="ltr">{step.agent}</span>
            {agent ? ` · ${t(`agentRisk.${agent.risk}`)}` : ''}
          </Text>
        </Stack>
        <Group gap={6} wrap="nowrap">
          <Badge variant="light" color={statusColor[live.status]} data-testid="step-panel-status">
            {t(`stepStatus.${live.status}`)}
          </Badge>
          <CloseButton size="sm" onClick={() => selectRunStep(null)} aria-label={t('stepPanel.showAll')} data-testid="step-panel-close" />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {[
          live.attempt > 0 ? t('stepPanel.attempts', { count: live.attempt }) : null,
          live.startedAt ? t('stepPanel.started', { time: fullTime(live.startedAt, language) }) : null,
          live.startedAt ? t('stepPanel.took', { duration: formatDuration(between(live.startedAt, live.endedAt, now), language) }) : null,
          live.cacheHit ? t('runNode.cacheHit') : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {live.error ? (
        <Alert color={live.status === 'failed' ? 'red' : 'gray'} variant="light" mt="sm" p="xs" data-testid="step-error">
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {live.error}
          </Text>
        </Alert>
      ) : null}
      <Group gap="xs" mt="sm">
        {approval ? (
          <Button size="xs" color="orange" onClick={() => reviewApproval(approval.id)} data-testid="review-approval">
            {t('stepPanel.review')}
          </Button>
        ) : null}
        <Tooltip label={t('stepPanel.retryHint')} multiline w={240} disabled={live.status === 'failed' && ended}>
          <Button size="xs" variant="light" disabled={live.status !== 'failed' || !ended} onClick={() => void retryStep(stepId)} data-testid="retry-step">
            {t('stepPanel.retry')}
          </Button>
        </Tooltip>
        <Tooltip label={t('stepPanel.rerunHint')} multiline w={240} disabled={ended}>
          <Button size="xs" variant="default" disabled={!ended} onClick={() => setRerunning(stepId)} data-testid="rerun-from-step">
            {t('stepPanel.rerun')}
          </Button>
        </Tooltip>
      </Group>
      {step.forEach ? <MapItemsList key={stepId} stepId={stepId} /> : null}
      <RerunModal stepId={rerunning} title={step.title} onClose={() => setRerunning(null)} />
    </section>
  );
}
