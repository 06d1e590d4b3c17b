import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';

/** Asks for a title, creates the plan and opens it. */
export function NewPlanModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const createPlan = useAppStore((state) => state.createPlan);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);

  const close = () => {
    setTitle('');
    onClose();
  };
  const submit = async () => {
    if (!title.trim()) return;
    setBusy(true);
    const created = await createPlan(title.trim());
    setBusy(false);
    if (created) close();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('plans.newTitle')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <TextInput
            data-testid="new-plan-title"
            label={t('plans.titleLabel')}
            placeholder={t('plans.titlePlaceholder')}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            maxLength={200}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" data-testid="new-plan-create" disabled={!title.trim()} loading={busy}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
