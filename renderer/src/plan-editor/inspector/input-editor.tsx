import { Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentDescriptor, Problem, Step } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { editorActions } from '../actions';
import { isMapStep, itemReferencePaths } from '../map-step';
import { formOf, pathFromProblem, pathKey, unknownKeys, validateField, withValueAt, type FieldPath } from './form-model';
import { issueText, problemText } from './issue-text';
import { ReferencePicker } from './reference-picker';
import { FormContext, SchemaField, type FormContextValue } from './schema-field';
import { useTextDraft } from './use-text-draft';

type InputMode = 'form' | 'json';
const modeKey = 'tizmor.inputMode';

/** The form or raw JSON mode, remembered across steps and sessions. */
function useInputMode(): [InputMode, (mode: InputMode) => void] {
  const [mode, setMode] = useState<InputMode>(() => (localStorage.getItem(modeKey) === 'json' ? 'json' : 'form'));
  return [
    mode,
    (next) => {
      localStorage.setItem(modeKey, next);
      setMode(next);
    },
  ];
}

/**
 * A step's input: a form drawn from its agent's input schema, or the raw JSON. Values that do not
 * fit are marked at their field, by the form's own checks at once and by the plan linter after it.
 */
export function InputEditor({ step, agent, readOnly, problems }: { step: Step; agent: AgentDescriptor | undefined; readOnly: boolean; problems: Problem[] }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const dispatch = useAppStore((state) => state.dispatch);
  const agentsLoaded = useAppStore((state) => state.agents !== null);
  const form = useMemo(() => (agent ? formOf(agent.inputSchema) : null), [agent]);
  const [preferred, setMode] = useInputMode();
  const mode: InputMode = form ? preferred : 'json';

  const errors = useMemo(() => {
    const byPath = new Map<string, string>();
    if (!isMapStep(step)) for (const path of itemReferencePaths(step.input)) byPath.set(pathKey(path), t('mapStep.itemOutside', { item: '\u2066{{item}}\u2069', index: '\u2066{{index}}\u2069' }));
    if (form) for (const issue of validateField(form, step.input)) if (!byPath.has(pathKey(issue.path))) byPath.set(pathKey(issue.path), issueText(t, issue));
    for (const problem of problems) {
      const path = pathFromProblem(problem.path);
      if (path && path.length > 0 && !byPath.has(pathKey(path))) byPath.set(pathKey(path), problemText(t, problem, language));
    }
    return byPath;
  }, [form, step, problems, t, language]);

  const context = useMemo<FormContextValue>(
    () => ({
      stepId: step.id,
      readOnly,
      errorAt: (path: FieldPath) => errors.get(pathKey(path)) ?? null,
      set: (path: FieldPath, value: unknown) => {
        const input = withValueAt(useAppStore.getState().doc?.graph.steps.find((candidate) => candidate.id === step.id)?.input ?? {}, path, value);
        dispatch(editorActions.updateStep, { stepId: step.id, patch: { input }, field: `input.${pathKey(path)}` });
      },
    }),
    [step.id, readOnly, errors, dispatch],
  );

  const extra = form ? unknownKeys(form, step.input) : [];
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {t('inspector.input')}
        </Text>
        {form ? (
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value === 'json' ? 'json' : 'form')}
            data-testid="inspector-input-mode"
            data={[
              { value: 'form', label: <span data-testid="inspector-mode-form">{t('inspector.modeForm')}</span> },
              { value: 'json', label: <span data-testid="inspector-mode-json">JSON</span> },
            ]}
          />
        ) : null}
      </Group>
      {agentsLoaded && !agent ? (
        <Text size="xs" c="dimmed">
          {t('inspector.noSchema')}
        </Text>
      ) : null}
      {mode === 'form' && form ? (
        <FormContext.Provider value={context}>
          <Stack gap="sm" data-testid="inspector-form">
            {(form.fields ?? []).map((field) => (
              <SchemaField key={field.key} field={field} path={[field.key]} value={step.input[field.key]} />
            ))}
            {extra.length > 0 ? (
              <Text size="xs" c="dimmed" data-testid="inspector-extra-keys">
                {t('inspector.extraKeys', { keys: extra.join(', ') })}
              </Text>
            ) : null}
          </Stack>
        </FormContext.Provider>
      ) : (
        <JsonInput step={step} readOnly={readOnly} errors={[...errors.entries()]} />
      )}
    </Stack>
  );
}

/** The whole input as JSON; kept as typed until it parses into an object. */
function JsonInput({ step, readOnly, errors }: { step: Step; readOnly: boolean; errors: [string, string][] }) {
  const { t } = useTranslation();
  const dispatch = useAppStore((state) => state.dispatch);
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, change] = useTextDraft(JSON.stringify(step.input, null, 2));
  const [error, setError] = useState<string | null>(null);

  const onText = (next: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch (reason) {
      setError(t('inspector.jsonInvalid', { reason: reason instanceof Error ? reason.message : String(reason) }));
      change(next);
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setError(t('inspector.jsonNotObject'));
      change(next);
      return;
    }
    setError(null);
    change(next, JSON.stringify(parsed, null, 2));
    // Checked just above: a plain JSON object.
    dispatch(editorActions.updateStep, { stepId: step.id, patch: { input: parsed as Record<string, unknown> }, field: 'input' });
  };
  const insert = (expression: string) => {
    const start = area.current?.selectionStart ?? text.length;
    const end = area.current?.selectionEnd ?? text.length;
    onText(`${text.slice(0, start)}"${expression}"${text.slice(end)}`);
  };

  return (
    <Stack gap={6}>
      <Textarea
        ref={area}
        data-testid="inspector-input"
        aria-label={t('inspector.inputJson')}
        // Isolated so the left-to-right example keeps its shape inside Hebrew text.
        description={t('inspector.inputHint', { example: '\u2066{{steps.fetch.output.text}}\u2069' })}
        value={text}
        readOnly={readOnly}
        autosize
        minRows={3}
        maxRows={14}
        dir="ltr"
        spellCheck={false}
        classNames={{ input: 'mono-input' }}
        error={error}
        data-field-path=""
        onChange={(event) => onText(event.currentTarget.value)}
        rightSection={readOnly ? null : <ReferencePicker stepId={step.id} testId="reference-picker-json" onPick={insert} />}
        rightSectionProps={{ style: { alignItems: 'flex-start', paddingTop: 6 } }}
      />
      {errors.map(([path, message]) => (
        <Text key={path} size="xs" c="red" data-testid="inspector-input-issue">
          <span dir="ltr">{`input.${path}`}</span>: {message}
        </Text>
      ))}
    </Stack>
  );
}
