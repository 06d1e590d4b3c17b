import { Alert, CloseButton, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { useGenerationStore } from './generation-store';

/**
 * What the planner said about the version on screen (a fallback to the offline planner, a step
 * that needs a model, what a replan changed), kept on the plan until the person closes it.
 */
export function PlannerNotes() {
  const { t } = useTranslation();
  const notes = useGenerationStore((state) => state.notes);
  const dismiss = useGenerationStore((state) => state.dismissNotes);
  const planId = useAppStore((state) => state.doc?.plan.id ?? null);
  const baseNumber = useAppStore((state) => state.doc?.base.number ?? null);
  if (!notes || notes.planId !== planId || notes.versionNumber !== baseNumber) return null;
  const who = notes.provider === 'offline' ? t('plannerNotes.offline') : t('plannerNotes.model', { provider: notes.provider, model: notes.model ?? '' });
  return (
    <Alert color="yellow" variant="light" radius="md" data-testid="planner-notes" data-version={notes.versionNumber}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
        <div>
          <Text size="sm" fw={600}>
            {t(notes.kind === 'replan' ? 'plannerNotes.titleReplan' : 'plannerNotes.title', { number: notes.versionNumber })}{' '}
            <Text span size="xs" c="dimmed" fw={400}>
              · {who}
            </Text>
          </Text>
          <ul className="generation-warning-list">
            {notes.warnings.map((warning) => (
              <li key={warning} dir="auto" data-testid="planner-note">
                <Text size="sm" span>
                  {warning}
                </Text>
              </li>
            ))}
          </ul>
        </div>
        <CloseButton onClick={dismiss} aria-label={t('plannerNotes.dismiss')} data-testid="planner-notes-dismiss" />
      </Group>
    </Alert>
  );
}
