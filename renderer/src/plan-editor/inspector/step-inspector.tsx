import { Alert, Badge, Button, Group, Loader, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDeferredValue, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentDescriptor, Step } from '../../api/contract';
import { CopyIcon, TrashIcon } from '../../shell/icons';
import { useAppStore } from '../../store/app-store';
import { editorActions } from '../actions';
import { pathFromProblem, pathKey } from './form-model';
import { InputEditor } from './input-editor';
import { problemText } from './issue-text';
import { forEachProblems, MapSettings } from './map-settings';
import { RunSettings } from './run-settings';
import { useTextDraft } from './use-text-draft';

const riskColor: Record<AgentDescriptor['risk'], string> = { read: 'teal', write: 'orange', external: 'red' };

/** The selected step, edited in place: every change is one undoable edit of the working copy. */
export function StepInspector() {
  const { t } = useTranslation();
  const selection = useAppStore((state) => state.selectedStepIds);
  const readOnly = useAppStore((state) => state.viewing !== null);
  const comparing = useAppStore((state) => state.viewing?.comparison != null);
  const step = useAppStore((state) => {
    if (state.selectedStepIds.length !== 1) return null;
    const graph = state.viewing ? state.viewing.version.graph : state.doc?.graph;
    return graph?.steps.find((candidate) => candidate.id === state.selectedStepIds[0]) ?? null;
  });
  // A newly selected step (or a switch to a saved version) draws its form a moment later, so the
  // canvas and the diff list paint first. Edits of the step shown are not deferred: its fields
  // are controlled inputs and must follow every key at once.
  const shown = step ? `${step.id}|${readOnly}|${comparing}` : '';
  const settled = useDeferredValue(shown) === shown;

  return (
    <section data-testid="inspector" className="side-section">
      <Stack gap="sm" data-testid="step-inspector">
        <Title order={5}>{t('inspector.title')}</Title>
        {step && settled ? (
          <StepFields key={step.id} step={step} readOnly={readOnly} comparing={comparing} />
        ) : step ? (
          <Loader size="sm" type="dots" />
        ) : selection.length > 1 ? (
          <ManySelected count={selection.length} readOnly={readOnly} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('inspector.none')}
          </Text>
        )}
      </Stack>
    </section>
  );
}

function ManySelected({ count, readOnly }: { count: number; readOnly: boolean }) {
  const { t } = useTranslation();
  const copySelection = useAppStore((state) => state.copySelection);
  const deleteElements = useAppStore((state) => state.deleteElements);
  return (
    <Stack gap="sm" data-testid="inspector-many">
      <Text size="sm">{t('inspector.many', { count })}</Text>
      <Group gap="xs">
        <Button size="xs" variant="default" leftSection={<CopyIcon size={16} />} onClick={() => copySelection()}>
          {t('clipboard.copy')}
        </Button>
        {readOnly ? null : (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<TrashIcon size={16} />}
            data-testid="inspector-delete-selected"
            onClick={() => deleteElements([...useAppStore.getState().selectedStepIds], [])}
          >
            {t('inspector.deleteSelected')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function StepFields({ step, readOnly, comparing }: { step: Step; readOnly: boolean; comparing: boolean }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const agents = useAppStore((state) => state.agents);
  const agent = useAppStore((state) => state.agentsById.get(step.agent));
  const problems = useAppStore((state) => (readOnly ? undefined : state.problemsByStep.get(step.id))) ?? [];
  const graph = useAppStore((state) => (state.viewing ? state.viewing.version.graph : state.doc?.graph));
  const dispatch = useAppStore((state) => state.dispatch);
  const sealHistory = useAppStore((state) => state.sealHistory);
  const deleteElements = useAppStore((state) => state.deleteElements);
  const focusStep = useAppStore((state) => state.focusStep);
  const [title, changeTitle] = useTextDraft(step.title);
  const root = useFocusedField(step.id);

  // Problems of the whole step; the "For each" field shows its own.
  const atForEach = forEachProblems(step, problems);
  const stepProblems = problems.filter((problem) => (pathFromProblem(problem.path)?.length ?? 0) === 0 && !atForEach.includes(problem));
  const agentOptions = [
    ...(agents ?? []).map((known) => ({ value: known.id, label: `${known.name} · ${known.id}` })),
    ...(agent || !step.agent ? [] : [{ value: step.agent, label: t('inspector.unknownAgentOption', { agent: step.agent }) }]),
  ];

  return (
    <Stack gap="md" ref={root} onBlurCapture={sealHistory}>
      {readOnly ? (
        <Text size="xs" c="dimmed">
          {comparing ? t('inspector.readOnlyCompare') : t('inspector.readOnly')}
        </Text>
      ) : null}
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('inspector.id')}
          </Text>
          <Badge variant="outline" color="gray" tt="none" dir="ltr" data-testid="inspector-id">
            {step.id}
          </Badge>
        </Group>
        {readOnly ? null : (
          <Button
            variant="subtle"
            color="red"
            size="compact-xs"
            leftSection={<TrashIcon size={14} />}
            data-testid="inspector-delete"
            onClick={() => deleteElements([step.id], [])}
          >
            {t('plan.deleteStep')}
          </Button>
        )}
      </Group>
      {stepProblems.length > 0 ? (
        <Alert color="red" variant="light" p="xs" data-testid="inspector-problems">
          <Stack gap={4}>
            {stepProblems.map((problem, index) => (
              <Text key={index} size="xs" title={problem.message}>
                {problemText(t, problem, language, step.agent)}
              </Text>
            ))}
          </Stack>
        </Alert>
      ) : null}
      <TextInput
        data-testid="inspector-title"
        data-field-path="title"
        label={t('inspector.stepTitle')}
        value={title}
        readOnly={readOnly}
        maxLength={200}
        dir="auto"
        error={title.trim() ? null : t('stepForm.titleRequired')}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (value.trim()) {
            changeTitle(value, value);
            dispatch(editorActions.updateStep, { stepId: step.id, patch: { title: value }, field: 'title' });
          } else changeTitle(value);
        }}
      />
      <Stack gap={6}>
        <Select
          data-testid="inspector-agent"
          data-field-path="agent"
          label={t('inspector.agent')}
          data={agentOptions}
          value={step.agent}
          searchable
          allowDeselect={false}
          readOnly={readOnly}
          nothingFoundMessage={t('palette.none')}
          comboboxProps={{ withinPortal: true }}
          error={agents && !agent ? t('inspector.unknownAgent', { agent: step.agent }) : null}
          onChange={(value) => {
            if (value) dispatch(editorActions.updateStep, { stepId: step.id, patch: { agent: value }, field: 'agent' });
          }}
        />
        {agent ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge color={riskColor[agent.risk]} variant="light" size="sm" style={{ flex: 'none' }}>
              {t(`agentsPage.risk.${agent.risk}`)}
            </Badge>
            <Text size="xs" c="dimmed" lineClamp={3} dir="auto" title={agent.description}>
              {agent.description}
            </Text>
          </Group>
        ) : null}
      </Stack>
      {graph ? <MapSettings step={step} graph={graph} readOnly={readOnly} problems={problems} /> : null}
      <InputEditor step={step} agent={agent} readOnly={readOnly} problems={problems} />
      <div>
        <Text size="sm" fw={600} mb={6}>
          {t('inspector.dependsOn')}
        </Text>
        {step.dependsOn.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('inspector.dependsOnNone')}
          </Text>
        ) : (
          <Group gap={6}>
            {step.dependsOn.map((id) => (
              <UnstyledButton key={id} onClick={() => focusStep(id)}>
                <Badge variant="light" color="gray" tt="none" dir="ltr">
                  {id}
                </Badge>
              </UnstyledButton>
            ))}
          </Group>
        )}
      </div>
      <RunSettings step={step} agent={agent} readOnly={readOnly} />
    </Stack>
  );
}

/** Scrolls to (and focuses) the field a problem points at, when the problems list asks. */
function useFocusedField(stepId: string) {
  const root = useRef<HTMLDivElement>(null);
  const request = useAppStore((state) => state.focusRequest);
  useEffect(() => {
    if (!request || request.stepId !== stepId || !root.current || !request.path) return;
    const path = pathFromProblem(request.path);
    // Input fields by their path; a map step's list by its own field.
    const field = path
      ? (root.current.querySelector<HTMLElement>(`[data-field-path="${CSS.escape(pathKey(path))}"]`) ??
        root.current.querySelector<HTMLElement>('[data-field-path=""]'))
      : request.path === 'forEach'
        ? root.current.querySelector<HTMLElement>('[data-field-path="forEach"]')
        : null;
    if (!field) return;
    // After the side panel has brought the inspector into view.
    const frame = requestAnimationFrame(() => {
      field.scrollIntoView({ block: 'center' });
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [request, stepId]);
  return root;
}
