import { ActionIcon, Menu, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentDescriptor, PlanGraph } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { upstreamOf } from '../graph-edit';

/** One reference a step may use: an upstream step's whole output or one field of it. */
export interface ReferenceOption {
  stepId: string;
  field: string | null;
  expression: string;
  description?: string;
}

/** The top-level fields of an agent's output schema, where the catalog knows them. */
function outputFields(agent: AgentDescriptor | undefined): { name: string; description?: string }[] {
  const schema = agent?.outputSchema as { properties?: Record<string, { description?: unknown }> } | undefined;
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** What `stepId` may refer to: only steps upstream of it, nearest first. */
export function referenceOptions(graph: PlanGraph, stepId: string, agents: ReadonlyMap<string, AgentDescriptor>): { stepId: string; title: string; options: ReferenceOption[] }[] {
  const upstream = upstreamOf(graph, stepId);
  return graph.steps
    .filter((step) => upstream.has(step.id))
    .reverse()
    .map((step) => ({
      stepId: step.id,
      title: step.title,
      options: [
        { stepId: step.id, field: null, expression: `{{steps.${step.id}.output}}` },
        ...outputFields(agents.get(step.agent)).map((field) => ({
          stepId: step.id,
          field: field.name,
          expression: `{{steps.${step.id}.output.${field.name}}}`,
          ...(field.description ? { description: field.description } : {}),
        })),
      ],
    }));
}

/** A `{ }` button that offers upstream steps' outputs and hands the chosen `{{steps…}}` reference back. */
export function ReferencePicker({ stepId, testId, onPick }: { stepId: string; testId: string; onPick: (expression: string) => void }) {
  const { t } = useTranslation();
  const graph = useAppStore((state) => state.doc?.graph);
  const agents = useAppStore((state) => state.agentsById);
  const groups = graph ? referenceOptions(graph, stepId, agents) : [];
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={300} keepMounted={false}>
      <Menu.Target>
        <Tooltip label={t('inspector.insertReference')} openDelay={400}>
          <ActionIcon variant="subtle" size="sm" aria-label={t('inspector.insertReference')} data-testid={testId} className="reference-button">
            <span dir="ltr">{'{ }'}</span>
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }} data-testid="reference-menu">
        {groups.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            {t('inspector.noUpstream')}
          </Text>
        ) : (
          groups.map((group) => (
            <div key={group.stepId}>
              <Menu.Label>
                <span dir="auto">{group.title}</span> · <span dir="ltr">{group.stepId}</span>
              </Menu.Label>
              {group.options.map((option) => (
                <Menu.Item
                  key={option.expression}
                  data-testid={`reference-option-${option.stepId}-${option.field ?? 'output'}`}
                  onClick={() => onPick(option.expression)}
                  title={option.description}
                >
                  <Text size="xs" ff="monospace" dir="ltr" ta="start">
                    {option.field === null ? `output` : `output.${option.field}`}
                  </Text>
                </Menu.Item>
              ))}
            </div>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
