import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval } from '../../api/contract';
import { fullTime } from '../../format';
import { useAppStore } from '../../store/app-store';
import { JsonBlock } from '../json-block';

/** How many steps the whole-run view lists with their outputs. */
const listedSteps = 50;

/** Each step's resolved input and output (partial output while it streams), and the run's shared context. */
export function ContextTab() {
  const selected = useAppStore((state) => state.runView?.selectedStepId ?? null);
  return <div className="tab-body tab-scroll">{selected ? <StepContext stepId={selected} /> : <RunContext />}</div>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6} className="context-section">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" className="section-title">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function StepContext({ stepId }: { stepId: string }) {
  const { t } = useTranslation();
  const step = useAppStore((state) => state.runView?.steps[stepId]);
  const partial = useAppStore((state) => state.runView?.partials[stepId]);
  const approvals = useAppStore((state) => state.runView?.approvals);
  if (!step) return null;
  const streaming = step.status === 'running' && partial !== undefined;
  return (
    <Stack gap="md" data-testid="context-step" data-step={stepId}>
      <Section title={t('runContext.input')}>
        <JsonBlock value={step.input} testId="context-input" empty={t('runContext.notResolved')} />
      </Section>
      <Section title={streaming ? t('runContext.partial') : t('runContext.output')}>
        <JsonBlock value={streaming ? partial : step.output} testId="context-output" empty={t('runContext.noOutput')} />
      </Section>
      {step.error ? (
        <Section title={t('runContext.error')}>
          <Text size="sm" c="red" dir="auto" data-testid="context-error" style={{ whiteSpace: 'pre-wrap' }}>
            {step.error}
          </Text>
        </Section>
      ) : null}
      {approvals?.some((approval) => approval.stepId === stepId) ? (
        <Section title={t('runContext.approvals')}>
          {approvals
            .filter((approval) => approval.stepId === stepId)
            .map((approval) => (
              <ApprovalRecord key={approval.id} approval={approval} />
            ))}
        </Section>
      ) : null}
    </Stack>
  );
}

/** A decided (or pending) approval as kept in the run's history: who, when, comment, edited input. */
export function ApprovalRecord({ approval }: { approval: Approval }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  return (
    <Stack gap={4} className="approval-record" data-testid={`approval-record-${approval.id}`} data-status={approval.status}>
      <Group gap="xs">
        <Badge size="sm" variant="light" color={approval.status === 'approved' ? 'teal' : approval.status === 'pending' ? 'orange' : 'red'}>
          {t(`approvalStatus.${approval.status}`)}
        </Badge>
        <Text size="xs" c="dimmed">
          {approval.decidedAt
            ? approval.decidedBy === 'you'
              ? t('approvalsPage.decidedByYou', { time: fullTime(approval.decidedAt, language) })
              : t('approvalsPage.decidedBy', { by: approval.decidedBy ?? '—', time: fullTime(approval.decidedAt, language) })
            : t('approvalsPage.requested', { time: fullTime(approval.requestedAt, language) })}
        </Text>
      </Group>
      <Text size="xs" dir="auto">
        {t(`approvalKind.${approval.kind}`)}: {approval.reason}
      </Text>
      {approval.comment ? (
        <Text size="sm" dir="auto" data-testid="approval-record-comment">
          “{approval.comment}”
        </Text>
      ) : null}
      {approval.editedInput ? (
        <>
          <Text size="xs" c="dimmed">
            {approval.kind === 'question' ? t('approvalsPage.answer') : t('approvalsPage.editedInput')}
          </Text>
          <JsonBlock value={approval.editedInput} />
        </>
      ) : null}
    </Stack>
  );
}

function RunContext() {
  const { t } = useTranslation();
  const context = useAppStore((state) => state.runView?.context ?? {});
  const messages = useAppStore((state) => state.runView?.messages ?? []);
  const steps = useAppStore((state) => state.runView?.steps);
  const stepIds = useAppStore((state) => state.runView?.stepIds ?? []);
  const selectRunStep = useAppStore((state) => state.selectRunStep);
  const withOutput = stepIds.filter((id) => steps?.[id]?.output !== null && steps?.[id]?.output !== undefined);
  return (
    <Stack gap="md" data-testid="context-run">
      <Text size="sm" c="dimmed">
        {t('runContext.pickStep')}
      </Text>
      <Section title={t('runContext.shared')}>
        <JsonBlock value={Object.keys(context).length > 0 ? context : null} testId="context-shared" empty={t('runContext.noShared')} />
      </Section>
      {messages.length > 0 ? (
        <Section title={t('runContext.messages')}>
          {messages.map((message, index) => (
            <div key={index}>
              <Text size="xs" c="dimmed" dir="ltr">
                {message.from} → {message.to}
              </Text>
              <JsonBlock value={message.body} />
            </div>
          ))}
        </Section>
      ) : null}
      <Section title={t('runContext.outputs')}>
        {withOutput.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('runContext.noOutputs')}
          </Text>
        ) : (
          withOutput.slice(0, listedSteps).map((id) => (
            <details key={id} className="output-details">
              <summary>
                <button type="button" className="link-button" onClick={() => selectRunStep(id)} dir="ltr">
                  {id}
                </button>
              </summary>
              <JsonBlock value={steps?.[id]?.output} />
            </details>
          ))
        )}
        {withOutput.length > listedSteps ? (
          <Text size="xs" c="dimmed">
            {t('runContext.more', { count: withOutput.length - listedSteps })}
          </Text>
        ) : null}
      </Section>
    </Stack>
  );
}
