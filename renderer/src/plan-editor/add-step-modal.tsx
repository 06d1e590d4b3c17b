import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { editorActions } from './actions';
import { isValidStepId, nextStepId } from './graph-edit';
import { placeNewStep } from './graph-layout';

/** The agent a new step gets unless another is picked (any id may be typed; unknown ones are flagged). */
const defaultAgent = 'llm.generate';

/** The small form behind "Add step": id, title, agent. The step lands after the selected one. */
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
  const dispatch = useAppStore((state) => state.dispatch);
  const agents = useAppStore((state) => state.agents);
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
    const { doc, selectedStepIds } = useAppStore.getState();
    if (!doc) return;
    const positions = { ...doc.autoPositions, ...doc.graph.layout };
    const anchorId = selectedStepIds.length === 1 ? selectedStepIds[0] : undefined;
    const anchor: Position | null = anchorId ? (positions[anchorId] ?? null) : null;
    const position = placeNewStep(Object.values(positions), anchor, doc.direction);
    dispatch(editorActions.addStep, { step: { id: id.trim(), title: title.trim(), agent: agent.trim() }, position });
    onDone();
    // A small plan is shown whole; in a big one the view goes to the new step.
    useAppStore.getState().focusStep(id.trim(), undefined, doc.graph.steps.length < 30);
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
        {/* The browser's own suggestion list: it never covers the form's buttons. */}
        <datalist id="step-form-agents">
          {(agents ?? []).map((known) => (
            <option key={known.id} value={known.id}>
              {known.name}
            </option>
          ))}
        </datalist>
        <TextInput
          data-testid="step-form-agent"
          label={t('stepForm.agent')}
          description={t('stepForm.agentHint')}
          list="step-form-agents"
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
