import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval } from '../api/contract';
import type { AppState } from '../store/app-store';
import { useAppStore } from '../store/app-store';
import { stepInfoOf } from './approvals-slice';
import { fieldsOf, InputForm, type InputField } from './input-form';
import { ApprovalHeading } from './approval-heading';
import { MapApprovalBody } from './map-approval-dialog';
import { reviewByKey, reviewKeyOf } from './map-approvals';
import { questionOf } from './question';

/**
 * The approval shown now, by its entry's key: the one the person opened, else the oldest pending
 * one not put off and not about to be answered by "approve all of this agent in this run". The
 * waiting items of one map step are one entry.
 */
export function shownReviewKey(state: AppState): string | null {
  const { pendingApprovals, reviewingApprovalId, laterApprovalIds, approveAllOf, runInfo } = state;
  if (reviewingApprovalId) {
    const reviewing = pendingApprovals.find((approval) => approval.id === reviewingApprovalId);
    if (reviewing) return reviewKeyOf(reviewing);
  }
  const shown = pendingApprovals.find((approval) => {
    if (laterApprovalIds.includes(approval.id)) return false;
    const remembered = approval.kind === 'policy' ? approveAllOf[approval.runId] : undefined;
    if (!remembered) return true;
    const agentId = stepInfoOf(runInfo[approval.runId], approval.stepId)?.agentId;
    return agentId !== undefined && !remembered.includes(agentId);
  });
  return shown ? reviewKeyOf(shown) : null;
}

/** The approval dialog, over whatever page the person is on: one approval, or the waiting items of one map step. */
export function ApprovalDialog() {
  const { t } = useTranslation();
  const key = useAppStore(shownReviewKey);
  const pending = useAppStore((state) => state.pendingApprovals);
  const review = useMemo(() => (key ? reviewByKey(pending, key) : null), [key, pending]);
  const putOffApprovals = useAppStore((state) => state.putOffApprovals);
  const title = !review ? '' : review.type === 'map' ? t('mapApproval.title') : t(`approvalDialog.title.${review.approval.kind}`);
  return (
    <Modal
      opened={review !== null}
      onClose={() => {
        if (review) putOffApprovals(review.type === 'map' ? review.group.items.map((item) => item.approval.id) : [review.approval.id]);
      }}
      title={title}
      size="lg"
      centered
      closeOnClickOutside={false}
      classNames={{ title: 'approval-dialog-title' }}
    >
      {review?.type === 'single' ? <ApprovalBody key={review.key} approval={review.approval} /> : null}
      {review?.type === 'map' ? <MapApprovalBody key={review.key} group={review.group} /> : null}
    </Modal>
  );
}

function ApprovalBody({ approval }: { approval: Approval }) {
  const { t } = useTranslation();
  const info = useAppStore((state) => state.runInfo[approval.runId]);
  const step = stepInfoOf(info, approval.stepId);
  const agent = useAppStore((state) => (step ? state.agentsById.get(step.agentId) : undefined));
  const others = useAppStore((state) => state.pendingApprovals.length - 1);
  const decideApproval = useAppStore((state) => state.decideApproval);
  const putOffApproval = useAppStore((state) => state.putOffApproval);
  const original = useMemo(() => (isObject(approval.input) ? approval.input : {}), [approval.input]);
  const question = useMemo(() => (approval.kind === 'question' ? questionOf(approval.input) : null), [approval]);
  const fields: InputField[] = useMemo(() => (question ? question.fields : fieldsOf(agent?.inputSchema, original)), [question, agent, original]);
  const [value, setValue] = useState<Record<string, unknown>>(() => (question ? question.initial : original));
  const [valid, setValid] = useState(true);
  const [comment, setComment] = useState('');
  const [allOfAgent, setAllOfAgent] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const missing = question ? question.fields.filter((field) => field.required && (value[field.key] === undefined || value[field.key] === '')) : [];

  const decide = (decision: 'approve' | 'reject' | 'skip') => {
    setBusy(decision);
    setError(null);
    const edited = JSON.stringify(value) !== JSON.stringify(original);
    void decideApproval(approval, {
      decision,
      comment,
      allOfAgent: allOfAgent && decision === 'approve',
      ...(decision === 'approve' && question ? { answer: value } : {}),
      ...(decision === 'approve' && !question && edited ? { editedInput: value } : {}),
    }).then((refusal) => {
      setBusy(null);
      setError(refusal);
    });
  };

  const approveLabel = approval.kind === 'question' ? t('approvalDialog.send') : approval.kind === 'interrupted' ? t('approvalDialog.runAgain') : t('approvalDialog.approve');
  return (
    <Stack gap="md" data-testid="approval-dialog" data-kind={approval.kind} data-approval={approval.id} data-step={approval.stepId}>
      <ApprovalHeading runId={approval.runId} stepId={approval.stepId} testIdPrefix="approval" />
      <Alert color={approval.kind === 'interrupted' ? 'orange' : approval.kind === 'question' ? 'indigo' : 'yellow'} variant="light" p="sm" data-testid="approval-reason">
        {approval.kind === 'question' ? (
          <Text size="sm" fw={600} dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {approval.reason}
          </Text>
        ) : (
          <>
            <Text size="sm" fw={600}>
              {approval.kind === 'interrupted' ? t('approvalDialog.interruptedWhy') : t('approvalDialog.policyWhy')}
            </Text>
            {approval.kind === 'policy' ? (
              <Text size="sm" dir="auto" mt={2}>
                {approval.reason}
              </Text>
            ) : null}
          </>
        )}
      </Alert>
      <div className="approval-input" data-testid="approval-input">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6} className="section-title">
          {question ? t('approvalDialog.answer') : t('approvalDialog.input')}
        </Text>
        {!question ? (
          <Text size="xs" c="dimmed" mb="xs">
            {t('approvalDialog.inputHint')}
          </Text>
        ) : null}
        {fields.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('approvalDialog.noInput')}
          </Text>
        ) : (
          <InputForm
            fields={fields}
            value={value}
            testIdPrefix={question ? 'question-field' : 'approval-field'}
            labelOf={(field) => (question ? (question.labels[field.key] ?? t('approvalDialog.answerField')) : field.key)}
            onChange={(next, ok) => {
              setValue(next);
              setValid(ok);
            }}
          />
        )}
      </div>
      <Textarea
        label={t('approvalDialog.comment')}
        placeholder={t('approvalDialog.commentPlaceholder')}
        value={comment}
        onChange={(event) => setComment(event.currentTarget.value)}
        autosize
        minRows={1}
        maxRows={4}
        data-testid="approval-comment"
        dir="auto"
      />
      {approval.kind === 'policy' && step ? (
        <Checkbox
          checked={allOfAgent}
          onChange={(event) => setAllOfAgent(event.currentTarget.checked)}
          label={t('approvalDialog.allOfAgent', { agent: step.agentId })}
          description={t('approvalDialog.allOfAgentHint', { agent: step.agentId })}
          data-testid="approve-all-agent"
        />
      ) : null}
      {error ? (
        <Alert color="red" variant="light" p="sm" data-testid="approval-error">
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}
      <Group justify="space-between" wrap="nowrap" mt="xs">
        <Group gap="xs">
          <Button variant="subtle" color="gray" onClick={() => putOffApproval(approval.id)} data-testid="approval-later">
            {t('approvalDialog.later')}
          </Button>
          {others > 0 ? (
            <Text size="xs" c="dimmed" data-testid="approval-others">
              {t('approvalDialog.others', { count: others })}
            </Text>
          ) : null}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="light" color="red" onClick={() => decide('reject')} loading={busy === 'reject'} disabled={busy !== null} data-testid="reject">
            {approval.kind === 'question' ? t('approvalDialog.decline') : t('approvalDialog.reject')}
          </Button>
          {approval.kind === 'interrupted' ? (
            <Button variant="default" onClick={() => decide('skip')} loading={busy === 'skip'} disabled={busy !== null} data-testid="skip">
              {t('approvalDialog.skip')}
            </Button>
          ) : null}
          <Button color="teal" onClick={() => decide('approve')} loading={busy === 'approve'} disabled={busy !== null || !valid || missing.length > 0} data-testid="approve">
            {approveLabel}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
