import { Badge, Group, Loader, Paper, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RunStatus, TERMINAL_RUN_STATUSES, type RunSummary } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { between, formatDuration } from '../runs/format-run';
import { RunPlanButton } from '../runs/run-plan-button';
import '../runs/runs.css';
import { statusColor } from '../runs/status-look';
import { useAppStore } from '../store/app-store';

/** Run history: every run of the workspace, newest first, filtered by plan and status. */
export function RunsPage() {
  const { t } = useTranslation();
  const workspaceId = useAppStore((state) => state.workspaceId);
  const runs = useAppStore((state) => state.runList);
  const loaded = useAppStore((state) => state.runListLoaded);
  const filter = useAppStore((state) => state.runFilter);
  const plans = useAppStore((state) => state.plans);
  const setRunFilter = useAppStore((state) => state.setRunFilter);
  const refreshRunList = useAppStore((state) => state.refreshRunList);

  useEffect(() => {
    if (workspaceId) void refreshRunList();
  }, [workspaceId, refreshRunList]);

  const filterPlan = filter.planId ? plans.find((plan) => plan.id === filter.planId) : undefined;

  return (
    <Stack gap="lg" data-testid="page-runs">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Stack gap={4}>
          <Title order={2}>{t('runsPage.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('runsPage.subtitle')}
          </Text>
        </Stack>
        {filterPlan ? <RunPlanButton planId={filterPlan.id} /> : null}
      </Group>
      <Group gap="md" wrap="wrap">
        <Select
          label={t('runsPage.plan')}
          data={[{ value: '', label: t('runsPage.allPlans') }, ...plans.map((plan) => ({ value: plan.id, label: plan.title }))]}
          value={filter.planId ?? ''}
          onChange={(value) => setRunFilter({ planId: value || null })}
          allowDeselect={false}
          searchable
          w={280}
          data-testid="runs-filter-plan"
        />
        <Select
          label={t('runsPage.status')}
          data={[{ value: '', label: t('runsPage.allStatuses') }, ...RunStatus.options.map((status) => ({ value: status, label: t(`runStatus.${status}`) }))]}
          value={filter.status ?? ''}
          onChange={(value) => setRunFilter({ status: value ? RunStatus.parse(value) : null })}
          allowDeselect={false}
          w={200}
          data-testid="runs-filter-status"
        />
      </Group>
      {!loaded ? (
        <Group gap="sm">
          <Loader size="sm" />
          <Text c="dimmed">{t('runsPage.loading')}</Text>
        </Group>
      ) : runs.length === 0 ? (
        <Paper withBorder p="xl" radius="lg" className="empty-state" data-testid="runs-empty">
          <Text c="dimmed">{filter.planId || filter.status ? t('runsPage.noMatch') : t('runsPage.empty')}</Text>
        </Paper>
      ) : (
        <Paper withBorder radius="lg" className="runs-table-wrap">
          <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="runs-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('runsPage.plan')}</Table.Th>
                <Table.Th>{t('runsPage.version')}</Table.Th>
                <Table.Th>{t('runsPage.status')}</Table.Th>
                <Table.Th>{t('runsPage.started')}</Table.Th>
                <Table.Th>{t('runsPage.duration')}</Table.Th>
                <Table.Th>{t('runsPage.trigger')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((run) => (
                <RunRow key={run.id} run={run} />
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

function RunRow({ run }: { run: RunSummary }) {
  const { t } = useTranslation();
  const navigate = useAppStore((state) => state.navigate);
  const language = useAppStore((state) => state.language);
  const started = run.startedAt ?? run.createdAt;
  const live = !TERMINAL_RUN_STATUSES.includes(run.status);
  const done = run.stepCounts.succeeded + run.stepCounts.failed + run.stepCounts.skipped + run.stepCounts.cancelled;
  const total = Object.values(run.stepCounts).reduce((sum, count) => sum + count, 0);
  return (
    <Table.Tr
      className="run-row"
      data-testid={`run-item-${run.id}`}
      data-status={run.status}
      onClick={() => navigate({ page: 'run', runId: run.id })}
      tabIndex={0}
      onKeyDown={(event) => {
        if (event.key === 'Enter') navigate({ page: 'run', runId: run.id });
      }}
    >
      <Table.Td>
        <a
          href={`#/runs/${encodeURIComponent(run.id)}`}
          className="run-row-link"
          onClick={(event) => event.preventDefault()}
          dir="auto"
        >
          {run.title}
        </a>
        {run.simulate ? (
          <Badge size="xs" variant="outline" color="grape" ms="xs">
            {t('runView.simulated')}
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td>{run.planVersion ? t('runView.version', { number: run.planVersion }) : '—'}</Table.Td>
      <Table.Td>
        <Tooltip label={run.error ?? t('runsPage.stepsDone', { done, total })} multiline maw={320}>
          <Badge variant="light" color={statusColor[run.status]} data-testid="run-row-status">
            {t(`runStatus.${run.status}`)}
          </Badge>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Tooltip label={fullTime(started, language)}>
          <span>{relativeTime(started, language)}</span>
        </Tooltip>
      </Table.Td>
      <Table.Td>{live ? t('runsPage.going') : formatDuration(between(run.startedAt, run.endedAt), language)}</Table.Td>
      <Table.Td>{t(`runTrigger.${run.trigger}`)}</Table.Td>
    </Table.Tr>
  );
}
