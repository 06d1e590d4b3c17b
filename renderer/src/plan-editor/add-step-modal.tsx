import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { addStep, isValidStepId, nextStepId } from './graph-edit';
import { placeNewStep } from './graph-layout';

/** Until the agent catalog lands, a new step's agent is typed by hand. */
const defaultAgent = 'llm.generate';

/** The small form behind "Add step": id, title, agent. The step lands right of the selected one. */
export function AddStepModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const graph = useAppStore((state) => state.doc?.graph);
  return (
    <Modal opened={opened} onClose={onClose} title={t('stepForm.title')} centered>
      {opened && graph ? <AddStepForm initialId={nextStepId(graph)} onDone={onClose} /> : null}
    </Modal>
  );
}

function AddStepForm({ initialId, onDone }: { initialId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const editGraph = useAppStore((state) => state.editGraph);
  const selectStep = useAppStore((state) => state.selectStep);
  const { fitView } = useReactFlow();
  const [id, setId] = useState(initialId);
  const [title, setTitle] = useState('');
  const [agent, setAgent] = useState(defaultAgent);
  const [tried, setTried] = useState(false);

  const taken = useAppStore((state) => state.doc?.graph.steps.some((step) => step.id === id.trim()) ?? false);
  const idError = !isValidStepId(id.trim()) ? t('stepForm.idInvalid') : taken ? t('stepForm.idTaken') : null;
  const titleError = title.trim() ? null : t('stepForm.titleRequired');
  const agentError = agent.trim() ? null : t('stepForm.agentRequired');

  const submit = () => {
    setTried(true);
    if (idError || titleError || agentError) return;
    const { doc, selectedStepId } = useAppStore.getState();
    if (!doc) return;
    const positions = { ...doc.autoPositions, ...doc.graph.layout };
    const anchor: Position | null = selectedStepId ? (positions[selectedStepId] ?? null) : null;
    const position = placeNewStep(Object.values(positions), anchor);
    const stepId = id.trim();
    editGraph((graph) => addStep(graph, { id: stepId, title: title.trim(), agent: agent.trim() }, position));
    selectStep(stepId);
    onDone();
    void fitView({ padding: 0.12, maxZoom: 1 });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <TextInput
          data-testid="step-form-id"
          label={t('stepForm.id')}
          description={t('stepForm.idHint')}
          value={id}
          onChange={(event) => setId(event.currentTarget.value)}
          error={idError && (tried || id !== initialId) ? idError : null}
          dir="ltr"
          maxLength={64}
        />
        <TextInput
          data-testid="step-form-title"
          label={t('stepForm.stepTitle')}
          placeholder={t('stepForm.stepTitlePlaceholder')}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={tried ? titleError : null}
          maxLength={200}
          data-autofocus
        />
        <TextInput
          data-testid="step-form-agent"
          label={t('stepForm.agent')}
          description={t('stepForm.agentHint')}
          value={agent}
          onChange={(event) => setAgent(event.currentTarget.value)}
          error={tried ? agentError : null}
          dir="ltr"
          maxLength={100}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="step-form-create">
            {t('stepForm.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
