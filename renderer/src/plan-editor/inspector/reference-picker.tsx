import { ActionIcon, Menu, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store';
import { listReferenceOptions, referenceOptions } from './reference-options';

/**
 * A `{ }` button that offers references and hands the chosen one back: upstream steps' outputs
 * (and a map step's current item), or with `lists` only the upstream lists a map step may go over.
 */
export function ReferencePicker({ stepId, testId, onPick, lists = false }: { stepId: string; testId: string; onPick: (expression: string) => void; lists?: boolean }) {
  const { t } = useTranslation();
  const graph = useAppStore((state) => state.doc?.graph);
  const agents = useAppStore((state) => state.agentsById);
  const groups = graph ? (lists ? listReferenceOptions : referenceOptions)(graph, stepId, agents) : [];
  const label = lists ? t('mapStep.pickList') : t('inspector.insertReference');
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={300} keepMounted={false}>
      <Menu.Target>
        <Tooltip label={label} openDelay={400}>
          <ActionIcon variant="subtle" size="sm" aria-label={label} data-testid={testId} className="reference-button">
            <span dir="ltr">{'{ }'}</span>
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }} data-testid="reference-menu">
        {groups.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm" data-testid="reference-menu-empty">
            {lists ? t('mapStep.noLists') : t('inspector.noUpstream')}
          </Text>
        ) : (
          groups.map((group) => (
            <div key={group.item ? ':item' : group.stepId} data-testid={group.item ? 'reference-group-item' : undefined}>
              <Menu.Label>
                {group.item ? (
                  t('mapStep.itemGroup')
                ) : (
                  <>
                    <span dir="auto">{group.title}</span> · <span dir="ltr">{group.stepId}</span>
                  </>
                )}
              </Menu.Label>
              {group.options.map((option) => (
                <Menu.Item key={option.expression} data-testid={`reference-option-${option.key}`} onClick={() => onPick(option.expression)} title={option.description}>
                  <Text size="xs" ff="monospace" dir="ltr" ta="start">
                    {option.label}
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
