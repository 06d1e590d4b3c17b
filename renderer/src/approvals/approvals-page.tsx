import { Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseItemStepId, type Approval } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { ApprovalRecord } from '../runs/tabs/context-tab';
import '../runs/runs.css';
import { useAppStore } from '../store/app-store';
import { stepInfoOf } from './approvals-slice';
import { groupApprovals, type MapApprovalGroup } from './map-approvals';

/** How many decided approvals the page lists. */
const decidedShown = 50;

/** Every approval waiting for a person across the workspace's runs, then the latest decided ones. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const pending = useAppStore((state) => state.pendingApprovals);
  const workspaceId = useAppStore((state) => state.workspaceId);
  const [decided, setDecided] = useState<Approval[] | null>(null);
  // The waiting items of one map step are one row, as they are one dialog.
  const reviews = useMemo(() => groupApprovals(pending), [pending]);

  // Decided approvals are history: read when the page opens and whenever one more is answered.
  useEffect(() => {
    const { client } = useAppStore.getState();
    if (!workspaceId || !client) return;
    let current = true;
    void client.approvals.list({ workspaceId }).then(
      (all) => {
        if (!current) return;
        const done = all.filter((approval) => approval.status !== 'pending');
        done.sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
        setDecided(done.slice(0, decidedShown));
        for (const runId of new Set(done.slice(0, decidedShown).map((approval) => approval.runId))) void useAppStore.getState().ensureRunInfo(runId);
      },
      (error: unknown) => useAppStore.getState().reportError(error),
    );
    return () => {
      current = false;
    };
  }, [workspaceId, pending.length]);

  return (
    <Stack gap="xl" data-testid="page-approvals">
      <Stack gap={4}>
        <Title order={2}>{t('approvalsPage.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('approvalsPage.subtitle')}
        </Text>
      </Stack>
      <Stack gap="sm">
        <Text fw={650}>{t('approvalsPage.waiting', { count: pending.length })}</Text>
        {pending.length === 0 ? (
          <Paper withBorder p="xl" radius="lg" className="empty-state" data-testid="approvals-empty">
            <Text c="dimmed">{t('approvalsPage.none')}</Text>
          </Paper>
        ) : (
          <Stack gap="sm" data-testid="approvals-list">
            {reviews.map((review) =>
              review.type === 'map' ? <MapGroupRow key={review.key} group={review.group} /> : <PendingRow key={review.key} approval={review.approval} />,
            )}
          </Stack>
        )}
      </Stack>
      <Stack gap="sm">
        <Text fw={650}>{t('approvalsPage.decided')}</Text>
        {decided === null ? (
          <Loader size="sm" />
        ) : decided.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('approvalsPage.noneDecided')}
          </Text>
        ) : (
          <Stack gap="sm" data-testid="approvals-decided">
            {decided.map((approval) => (
              <DecidedRow key={approval.id} approval={approval} />
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}

function Where({ approval, itemIndex = true }: { approval: Approval; itemIndex?: boolean }) {
  const { t } = useTranslation();
  const info = useAppStore((state) => state.runInfo[approval.runId]);
  const navigate = useAppStore((state) => state.navigate);
  const step = stepInfoOf(info, approval.stepId);
  const item = itemIndex ? parseItemStepId(approval.stepId) : null;
  return (
    <Stack gap={2} miw={0}>
      <Text fw={600} dir="auto" lineClamp={1}>
        {step?.title ?? approval.stepId}
        {item && step ? <span dir="ltr">{` #${item.index}`}</span> : null}
      </Text>
      <Text size="sm" c="dimmed" lineClamp={1}>
        {step ? <span dir="ltr">{step.agentId}</span> : null}
        {step ? ' · ' : null}
        <a
          href={`#/runs/${encodeURIComponent(approval.runId)}`}
          className="link-button"
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'run', runId: approval.runId });
          }}
        >
          {info?.run.title ?? t('approvalsPage.run')}
        </a>
      </Text>
    </Stack>
  );
}

function PendingRow({ approval }: { approval: Approval }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const reviewApproval = useAppStore((state) => state.reviewApproval);
  return (
    <Paper withBorder radius="lg" p="md" data-testid={`approval-item-${approval.id}`} data-kind={approval.kind}>
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Group gap="md" wrap="nowrap" miw={0}>
          <Badge variant="light" color={approval.kind === 'interrupted' ? 'orange' : approval.kind === 'question' ? 'indigo' : 'yellow'} style={{ flex: 'none' }}>
            {t(`approvalKind.${approval.kind}`)}
          </Badge>
          <Where approval={approval} />
        </Group>
        <Group gap="md" wrap="nowrap" style={{ flex: 'none' }}>
          <Text size="sm" c="dimmed" title={fullTime(approval.requestedAt, language)}>
            {relativeTime(approval.requestedAt, language)}
          </Text>
          <Button size="sm" onClick={() => reviewApproval(approval.id)} data-testid={`review-${approval.id}`}>
            {t('approvalsPage.review')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

/** The waiting items of one map step of one run: one row, one review. */
function MapGroupRow({ group }: { group: MapApprovalGroup }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const reviewApproval = useAppStore((state) => state.reviewApproval);
  const first = group.items[0]?.approval;
  if (!first) return null;
  const testId = `${group.runId}-${group.stepId}`;
  return (
    <Paper withBorder radius="lg" p="md" data-testid={`approval-map-${testId}`} data-kind={group.kind} data-count={group.items.length} className="map-group-row">
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Group gap="md" wrap="nowrap" miw={0}>
          <Badge variant="light" color="grape" style={{ flex: 'none' }}>
            {t('mapApproval.groupKind')}
          </Badge>
          <Stack gap={2} miw={0}>
            <Where approval={first} itemIndex={false} />
            <Text size="sm" c="dimmed" data-testid="approval-map-count">
              {t('mapApproval.groupRow', { count: group.items.length })}
            </Text>
          </Stack>
        </Group>
        <Group gap="md" wrap="nowrap" style={{ flex: 'none' }}>
          <Text size="sm" c="dimmed" title={fullTime(first.requestedAt, language)}>
            {relativeTime(first.requestedAt, language)}
          </Text>
          <Button size="sm" onClick={() => reviewApproval(first.id)} data-testid={`review-map-${testId}`}>
            {t('mapApproval.review')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

function DecidedRow({ approval }: { approval: Approval }) {
  return (
    <Paper withBorder radius="lg" p="md" data-testid={`decided-item-${approval.id}`}>
      <Stack gap="xs">
        <Where approval={approval} />
        <ApprovalRecord approval={approval} />
      </Stack>
    </Paper>
  );
}
