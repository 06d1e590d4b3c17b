import { Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_MAX_ITEMS, forEachSource, type PlanGraph, type Problem, type Step } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { editorActions } from '../actions';
import type { StepPatch } from '../graph-edit';
import { forEachIssue, isForEachText, mapFields } from '../map-step';
import { problemText } from './issue-text';
import { ReferencePicker } from './reference-picker';
import { BoundedNumber } from './run-settings';
import { useTextDraft } from './use-text-draft';

/** Bounds of the plan format (engine/api/plan-file.ts). */
const limits = { concurrency: [1, 256], maxItems: [1, 100_000] } as const;

/** The map problems the linter found in this step that the "For each" field shows (not the ones about an input field). */
export function forEachProblems(step: Step, problems: readonly Problem[]): Problem[] {
  if (step.forEach === undefined) return [];
  return problems.filter((problem) => problem.code === 'bad_for_each' && !problem.path?.startsWith('input'));
}

/**
 * Makes a step a map step: the upstream list it goes over (`forEach`), how many items run at
 * once, the most items it takes, and what an item's failure does. Empty "For each": a plain step.
 */
export function MapSettings({ step, graph, readOnly, problems }: { step: Step; graph: PlanGraph; readOnly: boolean; problems: readonly Problem[] }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const dispatch = useAppStore((state) => state.dispatch);
  const update = (patch: StepPatch, field: string) => dispatch(editorActions.updateStep, { stepId: step.id, patch, field });
  const [text, change] = useTextDraft(step.forEach ?? '');
  const [malformed, setMalformed] = useState(false);

  const onText = (next: string) => {
    const trimmed = next.trim();
    if (trimmed === '') {
      setMalformed(false);
      change(next, '');
      // No list, no map: its other settings go with it (undo brings them back).
      update(Object.fromEntries(mapFields.map((field) => [field, undefined])), 'forEach');
      return;
    }
    if (!isForEachText(trimmed)) {
      setMalformed(true);
      change(next);
      return;
    }
    setMalformed(false);
    change(next, trimmed);
    update({ forEach: trimmed }, 'forEach');
  };

  const issue = malformed ? 'format' : forEachIssue(graph, step);
  const linted = forEachProblems(step, problems)[0];
  const error = issue
    ? t(`mapStep.issue.${issue}`, { source: forEachSource(step) ?? '', example: '\u2066{{steps.ID.output.PATH}}\u2069' })
    : linted
      ? problemText(t, linted, language, step.agent)
      : null;
  const isMap = step.forEach !== undefined;

  return (
    <Stack gap="sm" data-testid="inspector-map-settings">
      <TextInput
        label={t('mapStep.forEach')}
        description={isMap ? t('mapStep.forEachHintMap', { item: '\u2066{{item}}\u2069', index: '\u2066{{index}}\u2069' }) : t('mapStep.forEachHint')}
        placeholder={readOnly ? undefined : '{{steps.ID.output.PATH}}'}
        value={text}
        readOnly={readOnly}
        dir="ltr"
        spellCheck={false}
        classNames={{ input: 'mono-input field-with-picker' }}
        error={error}
        data-testid="inspector-for-each"
        data-field-path="forEach"
        onChange={(event) => onText(event.currentTarget.value)}
        rightSection={readOnly ? null : <ReferencePicker stepId={step.id} testId="for-each-picker" lists onPick={onText} />}
      />
      {isMap ? (
        <>
          <Group grow align="flex-start" gap="sm">
            <BoundedNumber
              label={t('mapStep.concurrency')}
              value={step.concurrency}
              bounds={limits.concurrency}
              integer
              readOnly={readOnly}
              testId="inspector-concurrency"
              placeholder={t('mapStep.concurrencyDefault')}
              onValue={(concurrency) => update({ concurrency }, 'concurrency')}
            />
            <BoundedNumber
              label={t('mapStep.maxItems')}
              value={step.maxItems}
              bounds={limits.maxItems}
              integer
              readOnly={readOnly}
              testId="inspector-max-items"
              placeholder={String(DEFAULT_MAX_ITEMS)}
              onValue={(maxItems) => update({ maxItems }, 'maxItems')}
            />
          </Group>
          <Select
            label={t('mapStep.onItemError')}
            data-testid="inspector-on-item-error"
            data={(['fail', 'collect'] as const).map((value) => ({ value, label: t(`mapStep.onItemErrorOption.${value}`) }))}
            value={step.onItemError ?? 'fail'}
            allowDeselect={false}
            readOnly={readOnly}
            comboboxProps={{ withinPortal: true }}
            onChange={(value) => update({ onItemError: value === 'collect' ? 'collect' : undefined }, 'onItemError')}
          />
          <Text size="xs" c="dimmed">
            {step.onItemError === 'collect' ? t('mapStep.collectHint') : t('mapStep.failHint')}
          </Text>
        </>
      ) : null}
    </Stack>
  );
}
