import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDownIcon, RunsIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';

interface RunPlanButtonProps {
  planId: string;
  /** The saved version to run; the plan's head when absent. */
  version?: number;
  /** The editor holds changes not saved yet: the run takes the saved version, and the tooltip says so. */
  unsaved?: boolean;
  disabled?: boolean;
}

/**
 * "Run": starts a run of a saved plan version and opens the run view. Its menu offers a simulated
 * run (every agent replaced by its simulator). A plan with problems is refused by the host with a
 * message naming the step, shown in the error banner.
 */
export function RunPlanButton({ planId, version, unsaved = false, disabled = false }: RunPlanButtonProps) {
  const { t } = useTranslation();
  const startRun = useAppStore((state) => state.startRun);
  const [starting, setStarting] = useState(false);
  const start = (simulate: boolean) => {
    setStarting(true);
    void startRun(planId, { version, simulate }).finally(() => setStarting(false));
  };
  const hint = unsaved ? t('runPlan.unsavedHint', { version: version ?? '' }) : version ? t('runPlan.versionHint', { version }) : t('runPlan.hint');
  return (
    <Group gap={0} wrap="nowrap" className="run-plan-button">
      <Tooltip label={hint} multiline w={260}>
        <Button
          color="teal"
          leftSection={<RunsIcon />}
          onClick={() => start(false)}
          loading={starting}
          disabled={disabled}
          data-testid="run-plan"
          className="run-plan-main"
        >
          {t('runPlan.run')}
        </Button>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            color="teal"
            variant="filled"
            size={36}
            disabled={disabled || starting}
            aria-label={t('runPlan.more')}
            data-testid="run-plan-menu"
            className="run-plan-more"
          >
            <ChevronDownIcon />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => start(true)} data-testid="run-plan-simulate">
            {t('runPlan.simulate')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
