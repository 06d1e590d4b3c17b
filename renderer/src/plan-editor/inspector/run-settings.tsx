import { Group, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentDescriptor, Step } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { editorActions } from '../actions';
import type { StepPatch } from '../graph-edit';
import { useTextDraft } from './use-text-draft';

/** Bounds of the plan format (docs/plan-format.md). */
const limits = { attempts: [1, 20], backoffMs: [0, 600_000], timeoutSeconds: [0.001, 86_400] } as const;

/** A whole-number (or decimal) field that commits only values within bounds, and says why not otherwise. */
export function BoundedNumber(props: {
  label: string;
  description?: string;
  value: number | undefined;
  bounds: readonly [number, number];
  integer: boolean;
  readOnly: boolean;
  testId: string;
  placeholder?: string;
  onValue: (value: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, change] = useTextDraft(props.value === undefined ? '' : String(props.value));
  const [error, setError] = useState<string | null>(null);
  const onText = (next: string) => {
    const trimmed = next.trim();
    if (trimmed === '') {
      setError(null);
      change(next, '');
      props.onValue(undefined);
      return;
    }
    const number = Number(trimmed);
    const [low, high] = props.bounds;
    const problem = !Number.isFinite(number)
      ? t('fieldIssue.type')
      : props.integer && !Number.isInteger(number)
        ? t('fieldIssue.integer')
        : number < low || number > high
          ? t('fieldIssue.between', { low, high })
          : null;
    setError(problem);
    if (problem) {
      change(next);
      return;
    }
    change(next, String(number));
    props.onValue(number);
  };
  return (
    <TextInput
      label={props.label}
      description={props.description}
      value={text}
      inputMode="decimal"
      dir="ltr"
      readOnly={props.readOnly}
      placeholder={props.placeholder}
      error={error}
      data-testid={props.testId}
      onChange={(event) => onText(event.currentTarget.value)}
    />
  );
}

/** When the step asks for approval, how it retries, how long it may take, whether it is cached and what it locks. */
export function RunSettings({ step, agent, readOnly }: { step: Step; agent: AgentDescriptor | undefined; readOnly: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppStore((state) => state.dispatch);
  const update = (patch: StepPatch, field: string) => dispatch(editorActions.updateStep, { stepId: step.id, patch, field });
  const riskNote = agent ? t(`inspector.approvalAutoRisk.${agent.risk}`) : t('inspector.approvalAutoUnknown');

  return (
    <Stack gap="sm" data-testid="inspector-run-settings">
      <Text size="sm" fw={600}>
        {t('inspector.runSettings')}
      </Text>
      <Select
        label={t('inspector.approval')}
        description={(step.approval ?? 'auto') === 'auto' ? riskNote : undefined}
        data-testid="inspector-approval"
        data={(['auto', 'always', 'never'] as const).map((value) => ({ value, label: t(`inspector.approvalPolicy.${value}`) }))}
        value={step.approval ?? 'auto'}
        allowDeselect={false}
        readOnly={readOnly}
        comboboxProps={{ withinPortal: true }}
        onChange={(value) => update({ approval: value === 'always' || value === 'never' ? value : undefined }, 'approval')}
      />
      <Group grow align="flex-start" gap="sm">
        <BoundedNumber
          label={t('inspector.retryAttempts')}
          value={step.retry?.maxAttempts}
          bounds={limits.attempts}
          integer
          readOnly={readOnly}
          testId="inspector-retry-attempts"
          placeholder="1"
          onValue={(maxAttempts) =>
            update({ retry: maxAttempts === undefined ? undefined : { ...step.retry, maxAttempts } }, 'retry.maxAttempts')
          }
        />
        <BoundedNumber
          label={t('inspector.retryBackoff')}
          value={step.retry?.backoffMs}
          bounds={limits.backoffMs}
          integer
          readOnly={readOnly || !step.retry}
          testId="inspector-retry-backoff"
          onValue={(backoffMs) => {
            if (!step.retry) return;
            const { backoffMs: _old, ...rest } = step.retry;
            update({ retry: backoffMs === undefined ? rest : { ...rest, backoffMs } }, 'retry.backoffMs');
          }}
        />
      </Group>
      <BoundedNumber
        label={t('inspector.timeout')}
        description={t('inspector.timeoutHint')}
        value={step.timeoutMs === undefined ? undefined : step.timeoutMs / 1000}
        bounds={limits.timeoutSeconds}
        integer={false}
        readOnly={readOnly}
        testId="inspector-timeout"
        onValue={(seconds) => update({ timeoutMs: seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000)) }, 'timeoutMs')}
      />
      <Switch
        label={t('inspector.cache')}
        description={t('inspector.cacheHint')}
        checked={step.cache === true}
        disabled={readOnly}
        data-testid="inspector-cache"
        onChange={(event) => update({ cache: event.currentTarget.checked ? true : undefined }, 'cache')}
      />
      <TagsInput
        label={t('inspector.resources')}
        description={t('inspector.resourcesHint')}
        placeholder={readOnly ? undefined : t('inspector.resourcesPlaceholder')}
        value={step.resources ?? []}
        readOnly={readOnly}
        data-testid="inspector-resources"
        dir="ltr"
        onChange={(resources) => update({ resources: resources.length === 0 ? undefined : resources }, 'resources')}
      />
    </Stack>
  );
}
