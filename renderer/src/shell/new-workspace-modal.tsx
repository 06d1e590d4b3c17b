import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';

/** Asks for a name, creates the workspace and switches to it. */
export function NewWorkspaceModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const createWorkspace = useAppStore((state) => state.createWorkspace);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const close = () => {
    setName('');
    onClose();
  };
  const submit = async () => {
    if (!name.trim()) return;
    setBusy(true);
    const created = await createWorkspace(name.trim());
    setBusy(false);
    if (created) close();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('header.newWorkspaceTitle')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('header.newWorkspaceHint')}
          </Text>
          <TextInput
            data-testid="workspace-new-name"
            label={t('header.workspaceName')}
            placeholder={t('header.workspaceNamePlaceholder')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" data-testid="workspace-new-create" disabled={!name.trim()} loading={busy}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
