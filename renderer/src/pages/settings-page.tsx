import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlannerSettings } from '../planner/planner-settings';
import { LanguageSwitch } from '../shell/language-switch';
import { NewWorkspaceModal } from '../shell/new-workspace-modal';
import { PlusIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';

export function SettingsPage() {
  const { t } = useTranslation();
  const workspaces = useAppStore((state) => state.workspaces);
  const workspaceId = useAppStore((state) => state.workspaceId);
  const switchWorkspace = useAppStore((state) => state.switchWorkspace);
  const [creating, setCreating] = useState(false);

  return (
    <Stack gap="xl" maw={720} data-testid="page-settings">
      <Title order={2}>{t('settings.title')}</Title>

      <Paper withBorder p="xl" radius="lg">
        <LanguageSwitch testId="settings-language" withLabel />
      </Paper>

      <PlannerSettings />

      <Paper withBorder p="xl" radius="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <div>
              <Text fw={600}>{t('settings.workspaces')}</Text>
              <Text size="sm" c="dimmed">
                {t('settings.workspacesHint')}
              </Text>
            </div>
            <Button
              variant="light"
              leftSection={<PlusIcon />}
              onClick={() => setCreating(true)}
              data-testid="settings-workspace-new"
            >
              {t('header.newWorkspace')}
            </Button>
          </Group>
          <Stack gap="xs" data-testid="settings-workspaces">
            {workspaces.map((workspace) => (
              <Group
                key={workspace.id}
                justify="space-between"
                p="sm"
                className="list-row"
                data-testid={`settings-workspace-${workspace.id}`}
              >
                <Group gap="sm">
                  <Text fw={500}>{workspace.name}</Text>
                  {workspace.isDefault ? (
                    <Badge variant="light" color="gray">
                      {t('settings.default')}
                    </Badge>
                  ) : null}
                  {workspace.id === workspaceId ? <Badge variant="light">{t('settings.current')}</Badge> : null}
                </Group>
                {workspace.id === workspaceId ? null : (
                  <Button size="xs" variant="default" onClick={() => switchWorkspace(workspace.id)}>
                    {t('settings.switchTo')}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        </Stack>
      </Paper>

      <Text c="dimmed" size="sm">
        {t('plannerSettings.later')}
      </Text>
      <NewWorkspaceModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
