import { SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { textDirection } from '../planner/text-direction';
import type { TriggerFormValues } from './trigger-form-model';

type Change = (patch: Partial<TriggerFormValues>) => void;

/** What a trigger runs: a saved plan (its head or a pinned version) or a request planned afresh each time. */
export function TargetFields({ values, onChange }: { values: TriggerFormValues; onChange: Change }) {
  const { t } = useTranslation();
  const plans = useAppStore((state) => state.plans);
  const plan = plans.find((candidate) => candidate.id === values.planId);
  const versions = plan ? Array.from({ length: plan.headVersion }, (_, index) => plan.headVersion - index) : [];

  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('triggers.form.target')}
      </Text>
      <SegmentedControl
        data-testid="trigger-target-kind"
        value={values.targetKind}
        onChange={(value) => onChange({ targetKind: value === 'request' ? 'request' : 'plan' })}
        data={[
          { value: 'plan', label: t('triggers.form.targetPlan') },
          { value: 'request', label: t('triggers.form.targetRequest') },
        ]}
      />
      {values.targetKind === 'plan' ? (
        <div className="form-pair">
          <Select
            data-testid="trigger-target-plan"
            label={t('triggers.form.plan')}
            placeholder={plans.length === 0 ? t('triggers.form.noPlans') : t('triggers.form.pickPlan')}
            data={plans.map((candidate) => ({ value: candidate.id, label: candidate.title }))}
            value={values.planId}
            onChange={(planId) => onChange({ planId, version: null })}
            searchable
            nothingFoundMessage={t('triggers.form.noPlanFound')}
            disabled={plans.length === 0}
          />
          <Select
            data-testid="trigger-target-version"
            label={t('triggers.form.version')}
            data={[
              { value: 'head', label: t('triggers.form.head') },
              ...versions.map((number) => ({ value: String(number), label: t('triggers.form.versionNumber', { number }) })),
            ]}
            value={values.version === null ? 'head' : String(values.version)}
            onChange={(value) => onChange({ version: value && value !== 'head' ? Number(value) : null })}
            allowDeselect={false}
            disabled={!plan}
          />
        </div>
      ) : (
        <Textarea
          data-testid="trigger-target-request"
          label={t('triggers.form.request')}
          description={t('triggers.form.requestHint')}
          placeholder={t('triggers.form.requestPlaceholder')}
          value={values.request}
          onChange={(event) => onChange({ request: event.currentTarget.value })}
          autosize
          minRows={2}
          maxRows={6}
          dir={textDirection(values.request, undefined)}
        />
      )}
    </Stack>
  );
}
