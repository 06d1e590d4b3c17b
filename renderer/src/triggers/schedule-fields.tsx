import { Group, NumberInput, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SchedulePreview } from './schedule-preview';
import { textDirection } from '../planner/text-direction';
import { timeZones } from './schedule-text';
import type { CatchUpPolicy, TriggerFormValues } from './trigger-form-model';

const examples = ['every day at 9:00', 'every Monday at 8:30', 'כל יום ב-9:00', '0 */2 * * 1-5'];
const policies: CatchUpPolicy[] = ['skip', 'once', 'all'];

interface ScheduleFieldsProps {
  values: TriggerFormValues;
  onChange: (patch: Partial<TriggerFormValues>) => void;
  onValidity: (valid: boolean) => void;
}

/** When a schedule trigger fires: the phrase or cron, its live preview, the time zone and what to do about missed firings. */
export function ScheduleFields({ values, onChange, onValidity }: ScheduleFieldsProps) {
  const { t } = useTranslation();
  const zones = useMemo(() => timeZones(), []);
  return (
    <Stack gap="sm">
      <TextInput
        data-testid="trigger-schedule"
        label={t('triggers.form.schedule')}
        description={t('triggers.form.scheduleHint')}
        placeholder={t('triggers.form.schedulePlaceholder')}
        value={values.scheduleText}
        onChange={(event) => onChange({ scheduleText: event.currentTarget.value })}
        dir={values.scheduleText.trim() ? textDirection(values.scheduleText, 'ltr') : undefined}
        maxLength={200}
      />
      <Group gap={6} className="schedule-examples">
        {examples.map((example) => (
          <UnstyledButton key={example} className="schedule-example" dir={textDirection(example, 'ltr')} onClick={() => onChange({ scheduleText: example })}>
            {example}
          </UnstyledButton>
        ))}
      </Group>
      <SchedulePreview text={values.scheduleText} timeZone={values.timeZone} onValidity={onValidity} />
      <div className="schedule-row">
        <Select
          data-testid="trigger-timezone"
          label={t('triggers.form.timeZone')}
          data={zones}
          value={values.timeZone}
          onChange={(timeZone) => onChange({ timeZone: timeZone ?? values.timeZone })}
          searchable
          allowDeselect={false}
          limit={200}
          dir="ltr"
        />
        <Select
          data-testid="trigger-catchup"
          label={t('triggers.form.catchUp')}
          data={policies.map((policy) => ({ value: policy, label: t(`triggers.catchUp.${policy}`) }))}
          value={values.catchUpPolicy}
          onChange={(policy) => onChange({ catchUpPolicy: policies.find((known) => known === policy) ?? values.catchUpPolicy })}
          allowDeselect={false}
        />
        <NumberInput
          data-testid="trigger-catchup-window"
          label={t('triggers.form.window')}
          value={values.windowHours}
          onChange={(hours) => onChange({ windowHours: typeof hours === 'number' ? hours : values.windowHours })}
          min={1}
          max={24 * 31}
          allowDecimal={false}
          disabled={values.catchUpPolicy === 'skip'}
        />
      </div>
      <Text size="xs" c="dimmed" mt={-6} data-testid="trigger-catchup-hint">
        {t(`triggers.catchUp.${values.catchUpPolicy}Hint`, { hours: values.windowHours })}
      </Text>
    </Stack>
  );
}
