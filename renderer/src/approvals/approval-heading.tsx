import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { stepInfoOf } from './approvals-slice';

/**
 * The top of an approval dialog: the step's title, the run it belongs to (a link to it), and badges for
 * the agent and its risk. `testIdPrefix` names its parts (`<prefix>-step`, `<prefix>-open-run`, `<prefix>-risk`).
 */
export function ApprovalHeading({ runId, stepId, testIdPrefix, badge }: { runId: string; stepId: string; testIdPrefix: string; badge?: ReactNode }) {
  const { t } = useTranslation();
  const info = useAppStore((state) => state.runInfo[runId]);
  const step = stepInfoOf(info, stepId);
  const agent = useAppStore((state) => (step ? state.agentsById.get(step.agentId) : undefined));
  const navigate = useAppStore((state) => state.navigate);
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
      <Stack gap={2} miw={0}>
        <Text fw={650} size="lg" dir="auto" data-testid={`${testIdPrefix}-step`}>
          {step?.title ?? stepId}
        </Text>
        <Text size="sm" c="dimmed">
          {t('approvalDialog.inRun')}{' '}
          <Anchor
            size="sm"
            href={`#/runs/${encodeURIComponent(runId)}`}
            onClick={(event) => {
              event.preventDefault();
              navigate({ page: 'run', runId });
            }}
            data-testid={`${testIdPrefix}-open-run`}
            dir="auto"
          >
            {info?.run.title ?? runId}
          </Anchor>
        </Text>
      </Stack>
      <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
        {badge}
        {step ? (
          <Badge variant="outline" color="gray" className="agent-badge">
            <span dir="ltr">{step.agentId}</span>
          </Badge>
        ) : null}
        {agent ? (
          <Badge variant="light" color={agent.risk === 'read' ? 'gray' : agent.risk === 'write' ? 'orange' : 'red'} data-testid={`${testIdPrefix}-risk`}>
            {t(`agentRisk.${agent.risk}`)}
          </Badge>
        ) : null}
      </Group>
    </Group>
  );
}
