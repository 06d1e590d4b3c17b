import { ActionIcon, Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDownIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';
import { problemAtField, stillWrong } from './inspector/issue-text';

/**
 * The plan linter's findings on the working copy, in a panel under the canvas (like an editor's
 * problems view); a click shows the step and puts the cursor in the field concerned.
 */
export function ProblemsList() {
  const { t } = useTranslation();
  const found = useAppStore((state) => state.problems);
  const validatedGraph = useAppStore((state) => state.validatedGraph);
  const validated = validatedGraph !== null;
  const graph = useAppStore((state) => state.doc?.graph);
  const language = useAppStore((state) => state.language);
  const focusStep = useAppStore((state) => state.focusStep);
  const agents = useAppStore((state) => state.agentsById);
  const stopViewing = useAppStore((state) => state.stopViewing);
  const viewing = useAppStore((state) => state.viewing !== null);
  const [open, setOpen] = useState(true);
  const stepOf = (stepId: string | undefined) => (stepId ? graph?.steps.find((step) => step.id === stepId) : undefined);
  // A field fixed since the last check drops out at once, without waiting for the linter's next answer.
  const problems = found.filter((problem) => {
    const step = stepOf(problem.stepId);
    const checked = validatedGraph?.steps.find((candidate) => candidate.id === problem.stepId);
    if (problem.code !== 'input_schema' || !step || step === checked) return true;
    return stillWrong(problem, step, agents.get(step.agent));
  });

  return (
    <section className={open ? 'problems-panel is-open' : 'problems-panel'} data-testid="problems-list" aria-label={t('problems.title')}>
      <Group className="problems-head" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {t('problems.title')}
        </Text>
        {problems.length > 0 ? (
          <Badge color="red" variant="filled" size="sm" data-testid="problems-count">
            {problems.length}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed" data-testid="problems-empty">
            {validated ? t('problems.none') : t('problems.checking')}
          </Text>
        )}
        {problems.length > 0 ? (
          <ActionIcon
            variant="subtle"
            size="sm"
            ms="auto"
            aria-label={open ? t('problems.hide') : t('problems.show')}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            className={open ? '' : 'is-collapsed'}
          >
            <ChevronDownIcon size={16} />
          </ActionIcon>
        ) : null}
      </Group>
      {open && problems.length > 0 ? (
        <div className="problems-rows">
          {problems.map((problem, index) => {
            const step = stepOf(problem.stepId);
            return (
              <UnstyledButton
                key={`${problem.stepId ?? ''}:${problem.path ?? ''}:${index}`}
                className="problem-row"
                data-testid={`problem-item-${index}`}
                data-step={problem.stepId}
                title={problem.message}
                onClick={() => {
                  if (!problem.stepId) return;
                  // Problems are the working copy's: leave a saved version to show them.
                  if (viewing) stopViewing();
                  focusStep(problem.stepId, problem.path);
                }}
              >
                <span className="problem-dot" />
                <Text size="xs" fw={600} className="problem-step" dir="auto" lineClamp={1}>
                  {step?.title ?? problem.stepId ?? t('problems.plan')}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" dir="ltr" className="problem-path">
                  {problem.path ?? ''}
                </Text>
                <Text size="xs" className="problem-message" lineClamp={2}>
                  {problemAtField(t, problem, language, step, step ? agents.get(step.agent) : undefined)}
                </Text>
              </UnstyledButton>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
