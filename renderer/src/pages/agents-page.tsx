import { Badge, Code, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentDescriptor } from '../api/contract';
import { useAppStore } from '../store/app-store';

const riskColor: Record<AgentDescriptor['risk'], string> = { read: 'teal', write: 'orange', external: 'red' };

/** The names of an agent's input fields, from its JSON schema, required ones first. */
function inputFields(schema: unknown): { name: string; required: boolean }[] {
  const object = schema as { properties?: Record<string, unknown>; required?: string[] } | null;
  const required = new Set(object?.required ?? []);
  return Object.keys(object?.properties ?? {})
    .map((name) => ({ name, required: required.has(name) }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}

/** The agent catalog: what each agent does, what it risks, whether it is safe to repeat, and its inputs. */
export function AgentsPage() {
  const { t } = useTranslation();
  const api = useAppStore((state) => state.api);
  const reportError = useAppStore((state) => state.reportError);
  const workspaceId = useAppStore((state) => state.workspaceId);
  const [agents, setAgents] = useState<AgentDescriptor[] | null>(null);

  useEffect(() => {
    let live = true;
    api()
      .agents.list({ workspaceId: workspaceId ?? undefined })
      .then((list) => live && setAgents(list), reportError);
    return () => {
      live = false;
    };
  }, [api, reportError, workspaceId]);

  return (
    <Stack gap="lg" data-testid="page-agents">
      <div>
        <Title order={2}>{t('agentsPage.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('agentsPage.subtitle')}
        </Text>
      </div>
      {agents === null ? (
        <Loader />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="agents-list">
          {agents.map((agent) => (
            <Paper key={agent.id} withBorder p="lg" radius="lg" data-testid={`agent-item-${agent.id}`}>
              <Stack gap="xs">
                <Group justify="space-between" align="center" gap="xs">
                  <Text fw={600} dir="auto">{agent.name}</Text>
                  <Code dir="ltr">{agent.id}</Code>
                </Group>
                <Group gap={6}>
                  <Badge color={riskColor[agent.risk]} variant="light" tt="none">
                    {t(`agentsPage.risk.${agent.risk}`)}
                  </Badge>
                  <Badge color={agent.idempotent ? 'gray' : 'yellow'} variant="outline" tt="none">
                    {agent.idempotent ? t('agentsPage.repeatable') : t('agentsPage.notRepeatable')}
                  </Badge>
                </Group>
                <Text size="sm" lh={1.55} dir="auto">
                  {agent.description}
                </Text>
                <Group gap={6}>
                  <Text size="xs" c="dimmed">
                    {t('agentsPage.inputs')}
                  </Text>
                  {inputFields(agent.inputSchema).map((field) => (
                    <Code key={field.name} dir="ltr" fw={field.required ? 700 : 400}>
                      {field.name}
                    </Code>
                  ))}
                </Group>
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
