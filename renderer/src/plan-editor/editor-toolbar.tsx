import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChevronDownIcon, CopyIcon, LayoutIcon, PasteIcon, RedoIcon, UndoIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/** Undo and redo, with what they would take back or bring back in their tooltips. */
export function UndoRedo() {
  const { t } = useTranslation();
  const undoAction = useAppStore((state) => (state.viewing ? undefined : state.doc?.history.past.at(-1)?.action));
  const redoAction = useAppStore((state) => (state.viewing ? undefined : state.doc?.history.future.at(-1)?.action));
  const undo = useAppStore((state) => state.undo);
  const redo = useAppStore((state) => state.redo);
  const undoLabel = undoAction ? t('history.undoWhat', { what: t(`history.action.${undoAction}`) }) : t('history.undo');
  const redoLabel = redoAction ? t('history.redoWhat', { what: t(`history.action.${redoAction}`) }) : t('history.redo');
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={`${undoLabel} (${mod}Z)`}>
        <ActionIcon variant="default" size="lg" aria-label={undoLabel} data-testid="undo" disabled={!undoAction} onClick={undo}>
          <span className="flip-in-rtl">
            <UndoIcon />
          </span>
        </ActionIcon>
      </Tooltip>
      <Tooltip label={`${redoLabel} (${isMac ? '⇧⌘' : 'Shift+Ctrl+'}Z)`}>
        <ActionIcon variant="default" size="lg" aria-label={redoLabel} data-testid="redo" disabled={!redoAction} onClick={redo}>
          <span className="flip-in-rtl">
            <RedoIcon />
          </span>
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** Copy the selected steps; paste copied ones under new ids. */
export function ClipboardButtons() {
  const { t } = useTranslation();
  const canCopy = useAppStore((state) => state.selectedStepIds.length > 0);
  const canPaste = useAppStore((state) => state.clipboard !== null && state.viewing === null && state.doc !== null);
  const copySelection = useAppStore((state) => state.copySelection);
  const paste = useAppStore((state) => state.paste);
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={`${t('clipboard.copy')} (${mod}C)`}>
        <ActionIcon variant="default" size="lg" aria-label={t('clipboard.copy')} data-testid="copy-steps" disabled={!canCopy} onClick={() => copySelection()}>
          <CopyIcon />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={`${t('clipboard.paste')} (${mod}V)`}>
        <ActionIcon variant="default" size="lg" aria-label={t('clipboard.paste')} data-testid="paste-steps" disabled={!canPaste} onClick={() => paste()}>
          <PasteIcon />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** "Tidy" lays out what was not placed by hand; the menu re-lays out everything or turns the flow. */
export function LayoutButton() {
  const { t } = useTranslation();
  const disabled = useAppStore((state) => !state.doc || state.viewing !== null || state.doc.graph.steps.length === 0);
  const busy = useAppStore((state) => state.layoutBusy);
  const direction = useAppStore((state) => state.doc?.direction ?? 'LR');
  const autoLayoutPlan = useAppStore((state) => state.autoLayoutPlan);
  const setDirection = useAppStore((state) => state.setDirection);
  return (
    <Group gap={0} wrap="nowrap" className="split-button">
      <Tooltip label={t('layout.tidyHint')} multiline w={260}>
        <Button
          variant="default"
          leftSection={<LayoutIcon />}
          data-testid="auto-layout"
          disabled={disabled}
          loading={busy}
          onClick={() => void autoLayoutPlan(false)}
          className="split-main"
        >
          {t('layout.tidy')}
        </Button>
      </Tooltip>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="default" size={36} aria-label={t('layout.more')} data-testid="auto-layout-menu" disabled={disabled} className="split-side">
            <ChevronDownIcon />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item data-testid="layout-tidy" onClick={() => void autoLayoutPlan(false)}>
            {t('layout.tidy')}
          </Menu.Item>
          <Menu.Item data-testid="layout-all" onClick={() => void autoLayoutPlan(true)}>
            {t('layout.all')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>{t('layout.direction')}</Menu.Label>
          <Menu.Item data-testid="layout-direction-lr" onClick={() => setDirection('LR')} rightSection={direction === 'LR' ? '✓' : null}>
            {t('layout.horizontal')}
          </Menu.Item>
          <Menu.Item data-testid="layout-direction-tb" onClick={() => setDirection('TB')} rightSection={direction === 'TB' ? '✓' : null}>
            {t('layout.vertical')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
