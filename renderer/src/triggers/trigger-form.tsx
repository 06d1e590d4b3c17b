import { Alert, Button, Group, Input, Modal, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../api/contract';
import { textDirection } from '../planner/text-direction';
import { ScheduleFields } from './schedule-fields';
import { TargetFields } from './target-fields';
import { createInputOf, emptyForm, formOf, isComplete, updateInputOf, type TriggerFormValues } from './trigger-form-model';
import { useTriggersStore } from './triggers-store';
import { WebhookAddress } from './webhook-address';

/** Which trigger the form is open for: a new one, or one being edited. */
export type FormTarget = { mode: 'create' } | { mode: 'edit'; trigger: Trigger };

/** The create / edit form of a trigger, in a modal. */
export function TriggerFormModal({ target, onClose }: { target: FormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target?.mode === 'edit' ? t('triggers.form.editTitle', { name: target.trigger.name }) : t('triggers.form.newTitle')}
      size={720}
      centered
    >
      {target ? <TriggerForm key={target.mode === 'edit' ? target.trigger.id : 'new'} target={target} onDone={onClose} /> : null}
    </Modal>
  );
}

function TriggerForm({ target, onDone }: { target: FormTarget; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useTriggersStore((state) => state.create);
  const update = useTriggersStore((state) => state.update);
  const editing = target.mode === 'edit' ? target.trigger : null;
  const [values, setValues] = useState<TriggerFormValues>(() => (editing ? formOf(editing) : emptyForm()));
  const [scheduleValid, setScheduleValid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = (patch: Partial<TriggerFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const ready = isComplete(values) && (values.kind === 'webhook' || scheduleValid);

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      if (editing) await update(editing.id, updateInputOf(editing, values));
      else await create(createInputOf(values));
      onDone();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      data-testid="trigger-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        <div className="name-row">
          <TextInput
            data-testid="trigger-name"
            label={t('triggers.form.name')}
            placeholder={t('triggers.form.namePlaceholder')}
            value={values.name}
            onChange={(event) => change({ name: event.currentTarget.value })}
            maxLength={200}
            dir={textDirection(values.name, undefined)}
            data-autofocus
          />
          <Input.Wrapper label={t('triggers.form.kind')}>
            <SegmentedControl
              data-testid="trigger-kind"
              value={values.kind}
              onChange={(kind) => change({ kind: kind === 'webhook' ? 'webhook' : 'schedule' })}
              disabled={editing !== null}
              fullWidth
              data={[
                { value: 'schedule', label: t('triggers.kind.schedule') },
                { value: 'webhook', label: t('triggers.kind.webhook') },
              ]}
            />
          </Input.Wrapper>
        </div>

        {values.kind === 'schedule' ? (
          <ScheduleFields values={values} onChange={change} onValidity={setScheduleValid} />
        ) : editing?.webhook ? (
          <WebhookAddress path={editing.webhook.path} />
        ) : (
          <Text size="sm" c="dimmed" className="form-note">
            {t('triggers.form.webhookNote')}
          </Text>
        )}

        <TargetFields values={values} onChange={change} />

        <Switch
          data-testid="trigger-auto-approve"
          label={t('triggers.form.autoApprove')}
          description={t('triggers.form.autoApproveHint')}
          checked={values.autoApprove}
          onChange={(event) => change({ autoApprove: event.currentTarget.checked })}
        />

        {error ? (
          <Alert color="red" variant="light" data-testid="trigger-form-error">
            {error}
          </Alert>
        ) : null}

        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="trigger-save" disabled={!ready} loading={busy}>
            {editing ? t('triggers.form.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
