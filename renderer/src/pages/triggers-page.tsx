import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../api/contract';
import { ConfirmModal } from '../shell/confirm-modal';
import { PlusIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';
import { SecretModal } from '../triggers/secret-modal';
import { TriggerFormModal, type FormTarget } from '../triggers/trigger-form';
import { TriggerItem } from '../triggers/trigger-item';
import { useTriggersStore } from '../triggers/triggers-store';
import '../triggers/triggers.css';

/** Schedules and webhooks that start runs: the list, the form, the once-shown secret. */
export function TriggersPage() {
  const { t } = useTranslation();
  const workspaceId = useAppStore((state) => state.workspaceId);
  const triggers = useTriggersStore((state) => state.triggers);
  const loaded = useTriggersStore((state) => state.loaded);
  const load = useTriggersStore((state) => state.load);
  const remove = useTriggersStore((state) => state.remove);
  const [form, setForm] = useState<FormTarget | null>(null);
  const [deleting, setDeleting] = useState<Trigger | null>(null);

  useEffect(() => {
    void load();
  }, [load, workspaceId]);

  return (
    <Stack gap="xl" data-testid="page-triggers">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('triggers.title')}</Title>
          <Text c="dimmed" mt={4} maw={620}>
            {t('triggers.subtitle')}
          </Text>
        </div>
        <Button leftSection={<PlusIcon />} data-testid="new-trigger" onClick={() => setForm({ mode: 'create' })}>
          {t('triggers.new')}
        </Button>
      </Group>

      <Stack gap="md" data-testid="triggers-list">
        {loaded && triggers.length === 0 ? (
          <Paper withBorder p="xl" radius="lg" className="empty-state" data-testid="triggers-empty">
            <Text c="dimmed" ta="center">
              {t('triggers.empty')}
            </Text>
          </Paper>
        ) : null}
        {triggers.map((trigger) => (
          <TriggerItem
            key={trigger.id}
            trigger={trigger}
            onEdit={() => setForm({ mode: 'edit', trigger })}
            onDelete={() => setDeleting(trigger)}
          />
        ))}
      </Stack>

      <TriggerFormModal target={form} onClose={() => setForm(null)} />
      <SecretModal />
      <ConfirmModal
        opened={deleting !== null}
        title={t('triggers.deleteTitle')}
        body={t('triggers.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        confirmTestId="trigger-delete-confirm"
        danger
        onConfirm={() => {
          if (deleting) void remove(deleting.id);
        }}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
