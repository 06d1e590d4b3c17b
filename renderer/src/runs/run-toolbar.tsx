import { memo } from 'react';
import { Anchor, Badge, Button, Group, Progress, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TERMINAL_RUN_STATUSES } from '../api/contract';
import { BackIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';
import { between, formatCost, formatCount, formatDuration } from './format-run';
import { useNow } from './run-node-look';
import { statusColor } from './status-look';
import { useStepCounts } from './use-step-counts';

/**
 * The run's title, status, progress, time, tokens and cost, and the buttons that steer it. What changes
 * with every step (progress, tokens, cost) and every second (elapsed) is drawn by small parts of its own,
 * so a fast run redraws a few numbers per frame, not the whole toolbar.
 */
export function RunToolbar() {
  const { t } = useTranslation();
  const navigate = useAppStore((state) => state.navigate);
  const run = useAppStore((state) => state.runView?.run ?? null);
  const steerRun = useAppStore((state) => state.steerRun);
  const ended = run ? TERMINAL_RUN_STATUSES.includes(run.status) : true;
  const paused = run?.status === 'paused';

  return (
    <Group className="run-toolbar" justify="space-between" wrap="nowrap" px="lg" py="sm" gap="lg">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Anchor
          href="#/runs"
          size="sm"
          c="dimmed"
          className="back-link"
          data-testid="back-to-runs"
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'runs' });
          }}
        >
          <BackIcon size={16} />
          {t('runView.back')}
        </Anchor>
        <Title order={4} className="run-title" data-testid="run-title" lineClamp={1} dir="auto">
          {run?.title ?? ''}
        </Title>
        {run?.planVersion ? (
          <Badge variant="light" color="gray" style={{ flex: 'none' }}>
            {t('runView.version', { number: run.planVersion })}
          </Badge>
        ) : null}
        {run?.planId ? (
          <Anchor
            href={`#/plans/${encodeURIComponent(run.planId)}`}
            size="sm"
            style={{ flex: 'none', whiteSpace: 'nowrap' }}
            data-testid="run-open-plan"
            onClick={(event) => {
              event.preventDefault();
              if (run.planId) navigate({ page: 'plan', planId: run.planId });
            }}
          >
            {t('runView.openPlan')}
          </Anchor>
        ) : null}
        {run?.simulate ? (
          <Badge variant="outline" color="grape" style={{ flex: 'none' }} data-testid="run-simulated">
            {t('runView.simulated')}
          </Badge>
        ) : null}
        {run ? (
          <Badge size="lg" variant="light" color={statusColor[run.status]} data-testid="run-status" data-status={run.status} style={{ flex: 'none' }}>
            {t(`runStatus.${run.status}`)}
          </Badge>
        ) : null}
      </Group>
      <Group gap="lg" wrap="nowrap">
        <RunProgress />
        <RunElapsed startedAt={run?.startedAt ?? null} endedAt={run?.endedAt ?? null} ticking={!ended} />
        <RunTotals />
        <Group gap="xs" wrap="nowrap">
          {paused ? (
            <Button variant="light" onClick={() => void steerRun('resume')} data-testid="resume-run">
              {t('runView.resume')}
            </Button>
          ) : (
            <Tooltip label={t('runView.pauseHint')} disabled={ended} multiline w={260}>
              <Button variant="default" onClick={() => void steerRun('pause')} disabled={ended} data-testid="pause-run">
                {t('runView.pause')}
              </Button>
            </Tooltip>
          )}
          <Button variant="light" color="red" onClick={() => void steerRun('cancel')} disabled={ended} data-testid="cancel-run">
            {t('runView.cancel')}
          </Button>
        </Group>
      </Group>
    </Group>
  );
}

function RunProgress() {
  const { t } = useTranslation();
  const counts = useStepCounts();
  const percent = counts.total === 0 ? 0 : Math.round((counts.done / counts.total) * 100);
  return (
    <div className="run-progress" data-testid="run-progress" data-done={counts.done} data-total={counts.total}>
      {/* No width transition: each of its frames would redraw a canvas of a thousand nodes while events wait. */}
      <Progress
        value={percent}
        size="sm"
        radius="xl"
        color={counts.byStatus.failed > 0 ? 'red' : 'teal'}
        transitionDuration={0}
        aria-label={t('runView.progressLabel')}
      />
      <Text size="xs" c="dimmed" mt={4} data-testid="run-progress-text">
        {t('runView.progress', { done: counts.done, total: counts.total, percent })}
      </Text>
    </div>
  );
}

function RunElapsed({ startedAt, endedAt, ticking }: { startedAt: string | null; endedAt: string | null; ticking: boolean }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const now = useNow(ticking, 1000);
  return <Stat label={t('runView.elapsed')} value={formatDuration(between(startedAt, endedAt, now), language)} testId="run-elapsed" />;
}

function RunTotals() {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const counts = useStepCounts();
  return (
    <>
      <Stat label={t('runView.tokens')} value={formatCount(counts.tokens, language)} testId="run-tokens" />
      <Stat label={t('runView.cost')} value={formatCost(counts.costUsd, language)} testId="run-cost" />
    </>
  );
}

const Stat = memo(function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="run-stat">
      <Text size="xs" c="dimmed" lh={1.2}>
        {label}
      </Text>
      <Text size="sm" fw={600} data-testid={testId} className="run-stat-value">
        {value}
      </Text>
    </div>
  );
});
