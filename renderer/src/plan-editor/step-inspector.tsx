import { Badge, Button, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Step } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { removeSteps, updateStep } from './graph-edit';
import { TrashIcon } from '../shell/icons';

/** Title, agent and input of the selected step; edits go straight into the working copy. */
export function StepInspector() {
  const { t } = useTranslation();
  const selectedStepId = useAppStore((state) => state.selectedStepId);
  const readOnly = useAppStore((state) => state.viewing !== null);
  const graphKey = useAppStore((state) => state.viewing?.version.id ?? state.doc?.base.id ?? '');
  const step = useAppStore((state) => {
    const graph = state.viewing ? state.viewing.version.graph : state.doc?.graph;
    return graph?.steps.find((candidate) => candidate.id === selectedStepId) ?? null;
  });

  return (
    <Stack gap="sm" data-testid="step-inspector">
      <Title order={5}>{t('inspector.title')}</Title>
      {step ? (
        <StepFields key={`${graphKey}:${step.id}`} step={step} readOnly={readOnly} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('inspector.none')}
        </Text>
      )}
    </Stack>
  );
}

function StepFields({ step, readOnly }: { step: Step; readOnly: boolean }) {
  const { t } = useTranslation();
  const editGraph = useAppStore((state) => state.editGraph);
  const [title, setTitle] = useState(step.title);
  const [agent, setAgent] = useState(step.agent);
  const [inputText, setInputText] = useState(() => JSON.stringify(step.input, null, 2));
  const [inputError, setInputError] = useState<string | null>(null);

  const onInput = (text: string) => {
    setInputText(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      setInputError(t('inspector.jsonInvalid', { reason: error instanceof Error ? error.message : String(error) }));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setInputError(t('inspector.jsonNotObject'));
      return;
    }
    setInputError(null);
    // Checked just above: a plain JSON object.
    editGraph((graph) => updateStep(graph, step.id, { input: parsed as Record<string, unknown> }));
  };

  return (
    <Stack gap="md">
      {readOnly ? (
        <Text size="xs" c="dimmed">
          {t('inspector.readOnly')}
        </Text>
      ) : null}
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t('inspector.id')}
        </Text>
        <Badge variant="outline" color="gray" tt="none" dir="ltr" data-testid="inspector-id">
          {step.id}
        </Badge>
      </Group>
      <TextInput
        data-testid="inspector-title"
        label={t('inspector.stepTitle')}
        value={title}
        readOnly={readOnly}
        maxLength={200}
        error={title.trim() ? null : t('stepForm.titleRequired')}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setTitle(value);
          if (value.trim()) editGraph((graph) => updateStep(graph, step.id, { title: value }));
        }}
      />
      <TextInput
        data-testid="inspector-agent"
        label={t('inspector.agent')}
        value={agent}
        readOnly={readOnly}
        maxLength={100}
        dir="ltr"
        error={agent.trim() ? null : t('stepForm.agentRequired')}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setAgent(value);
          if (value.trim()) editGraph((graph) => updateStep(graph, step.id, { agent: value.trim() }));
        }}
      />
      <Textarea
        data-testid="inspector-input"
        label={t('inspector.input')}
        // Isolated so the left-to-right example keeps its shape inside Hebrew text.
        description={t('inspector.inputHint', { example: '\u2066{{steps.fetch.output.text}}\u2069' })}
        value={inputText}
        readOnly={readOnly}
        autosize
        minRows={3}
        maxRows={12}
        dir="ltr"
        spellCheck={false}
        classNames={{ input: 'mono-input' }}
        error={inputError}
        onChange={(event) => onInput(event.currentTarget.value)}
      />
      <div>
        <Text size="sm" fw={500} mb={6}>
          {t('inspector.dependsOn')}
        </Text>
        {step.dependsOn.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('inspector.dependsOnNone')}
          </Text>
        ) : (
          <Group gap={6}>
            {step.dependsOn.map((id) => (
              <Badge key={id} variant="light" color="gray" tt="none" dir="ltr">
                {id}
              </Badge>
            ))}
          </Group>
        )}
      </div>
      {readOnly ? null : (
        <Group>
          <Button
            variant="subtle"
            color="red"
            size="xs"
            leftSection={<TrashIcon size={16} />}
            data-testid="inspector-delete"
            onClick={() => editGraph((graph) => removeSteps(graph, new Set([step.id])))}
          >
            {t('plan.deleteStep')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
