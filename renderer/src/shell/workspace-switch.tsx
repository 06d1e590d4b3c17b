import { ActionIcon, Group, Select, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { PlusIcon } from './icons';
import { NewWorkspaceModal } from './new-workspace-modal';

/** Picks the current workspace, or makes a new one. */
export function WorkspaceSwitch() {
  const { t } = useTranslation();
  const workspaces = useAppStore((state) => state.workspaces);
  const workspaceId = useAppStore((state) => state.workspaceId);
  const switchWorkspace = useAppStore((state) => state.switchWorkspace);
  const [creating, setCreating] = useState(false);

  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        data-testid="workspace-switch"
        aria-label={t('header.workspace')}
        data={workspaces.map((workspace) => ({
          value: workspace.id,
          label: workspace.isDefault ? t('header.defaultWorkspace', { name: workspace.name }) : workspace.name,
        }))}
        value={workspaceId}
        onChange={(value) => {
          if (value) switchWorkspace(value);
        }}
        allowDeselect={false}
        w={220}
      />
      <Tooltip label={t('header.newWorkspace')}>
        <ActionIcon
          data-testid="workspace-new"
          variant="default"
          size="lg"
          aria-label={t('header.newWorkspace')}
          onClick={() => setCreating(true)}
        >
          <PlusIcon />
        </ActionIcon>
      </Tooltip>
      <NewWorkspaceModal opened={creating} onClose={() => setCreating(false)} />
    </Group>
  );
}
