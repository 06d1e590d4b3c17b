import { Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { GenerationPreview } from './generation-preview';
import { useGenerationStore } from './generation-store';
import { RequestForm } from './request-form';
import './planner.css';

/**
 * "Say what the plan should do": a request in English or Hebrew (the box follows the writing
 * direction of what is typed) becomes a new plan, shown step by step as it is written.
 */
export function RequestBox() {
  const { t } = useTranslation();
  const generate = useGenerationStore((state) => state.generate);
  const busy = useGenerationStore((state) => state.generationId !== null && state.result === null);

  return (
    <Paper withBorder radius="lg" p="lg" className="request-box">
      <RequestForm
        testId="plan-request"
        submitTestId="generate-plan"
        title={t('generate.title')}
        hint={t('generate.hint')}
        placeholder={t('generate.placeholder')}
        buttonLabel={t('generate.button')}
        shortcut={t('generate.shortcut')}
        busy={busy}
        maxLength={20_000}
        onSubmit={(request) => {
          void generate(request);
          return false;
        }}
      />
      <GenerationPreview />
    </Paper>
  );
}
