import { Alert, Badge, Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { ApprovalHeading } from './approval-heading';
import { inputPreview, mapDecisions, type MapApprovalGroup } from './map-approvals';
import './map-approval.css';

type Action = 'approveAll' | 'approveSelected' | 'reject' | 'skipAll';

/**
 * The waiting items of one map step of one run, in one dialog: each item's index and a short view
 * of its input with a checkbox; approve all, approve the checked ones (the rest are rejected), or
 * reject all — one `approvals.decideMany` call. Items that ask while it is open join the list checked.
 */
export function MapApprovalBody({ group }: { group: MapApprovalGroup }) {
  const { t } = useTranslation();
  const decideApprovals = useAppStore((state) => state.decideApprovals);
  const putOffApprovals = useAppStore((state) => state.putOffApprovals);
  // The unchecked ones, so that items arriving later start checked.
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);

  const ids = group.items.map((item) => item.approval.id);
  const selected = new Set(ids.filter((id) => !unchecked.has(id)));
  const toggle = (id: string, checked: boolean) => {
    const next = new Set(unchecked);
    if (checked) next.delete(id);
    else next.add(id);
    setUnchecked(next);
  };

  const decide = (action: Action) => {
    setBusy(action);
    setError(null);
    void decideApprovals(mapDecisions(group, action, selected, comment, t('mapApproval.rejectComment'))).then((refusal) => {
      setBusy(null);
      setError(refusal);
    });
  };

  const first = group.items[0]?.approval;
  return (
    <Stack gap="md" data-testid="map-approval-dialog" data-kind={group.kind} data-step={group.stepId} data-run={group.runId} data-count={group.items.length}>
      <ApprovalHeading
        runId={group.runId}
        stepId={group.stepId}
        testIdPrefix="map-approval"
        badge={
          <Badge variant="light" color="grape" data-testid="map-approval-kind">
            {t('mapApproval.groupKind')}
          </Badge>
        }
      />
      <Alert color={group.kind === 'interrupted' ? 'orange' : 'yellow'} variant="light" p="sm" data-testid="map-approval-reason">
        <Text size="sm" fw={600} data-testid="map-approval-summary">
          {t('mapApproval.summary', { count: group.items.length })}
        </Text>
        <Text size="sm" dir="auto" mt={2}>
          {group.kind === 'interrupted' ? t('approvalDialog.interruptedWhy') : first?.reason}
        </Text>
      </Alert>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Checkbox
            label={t('mapApproval.selectAll')}
            checked={selected.size === ids.length}
            indeterminate={selected.size > 0 && selected.size < ids.length}
            onChange={(event) => setUnchecked(event.currentTarget.checked ? new Set() : new Set(ids))}
            data-testid="map-select-all"
          />
          <Text size="xs" c="dimmed" data-testid="map-selected-count">
            {t('mapApproval.selected', { selected: selected.size, total: ids.length })}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {t('mapApproval.hint')}
        </Text>
        <div className="map-approval-items">
          <Stack gap={4} data-testid="map-approval-items">
            {group.items.map(({ index, approval }) => {
              const preview = inputPreview(approval.input);
              const checked = selected.has(approval.id);
              return (
                <label
                  key={approval.id}
                  className={checked ? 'map-approval-row is-checked' : 'map-approval-row'}
                  data-testid={`map-approval-item-${index}`}
                  data-approval={approval.id}
                  data-checked={checked}
                  title={approval.stepId}
                >
                  <Checkbox
                    checked={checked}
                    onChange={(event) => toggle(approval.id, event.currentTarget.checked)}
                    aria-label={t('mapApproval.item', { number: index })}
                    data-testid={`map-approval-check-${index}`}
                  />
                  <span className="map-approval-index" dir="ltr">
                    #{index}
                  </span>
                  <span className={preview ? 'map-approval-preview' : 'map-approval-preview is-empty'} dir="auto">
                    {preview || t('mapApproval.noInput')}
                  </span>
                </label>
              );
            })}
          </Stack>
        </div>
      </Stack>
      <Textarea
        label={t('approvalDialog.comment')}
        placeholder={t('approvalDialog.commentPlaceholder')}
        value={comment}
        onChange={(event) => setComment(event.currentTarget.value)}
        autosize
        minRows={1}
        maxRows={4}
        data-testid="map-approval-comment"
        dir="auto"
      />
      {error ? (
        <Alert color="red" variant="light" p="sm" data-testid="map-approval-error">
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}
      <Group justify="space-between" wrap="wrap" gap="xs" mt="xs">
        <Button variant="subtle" color="gray" onClick={() => putOffApprovals(ids)} data-testid="map-approval-later">
          {t('approvalDialog.later')}
        </Button>
        <Group gap="xs" wrap="wrap" justify="flex-end" ml="auto">
          {group.kind === 'interrupted' ? (
            <Button variant="light" color="gray" onClick={() => decide('skipAll')} loading={busy === 'skipAll'} disabled={busy !== null} data-testid="map-skip-all">
              {t('mapApproval.skipAll')}
            </Button>
          ) : null}
          <Button variant="light" color="red" onClick={() => decide('reject')} loading={busy === 'reject'} disabled={busy !== null} data-testid="map-reject">
            {t('mapApproval.reject')}
          </Button>
          <Button
            variant="default"
            onClick={() => decide('approveSelected')}
            loading={busy === 'approveSelected'}
            disabled={busy !== null || selected.size === 0}
            data-testid="map-approve-selected"
          >
            {t('mapApproval.approveSelected')}
          </Button>
          <Button color="teal" onClick={() => decide('approveAll')} loading={busy === 'approveAll'} disabled={busy !== null} data-testid="map-approve-all">
            {t('mapApproval.approveAll')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
