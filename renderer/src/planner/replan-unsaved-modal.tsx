import { Button, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What to do with unsaved changes before a replan. */
export type UnsavedChoice = 'save' | 'setAside' | 'cancel';

/**
 * The planner changes a saved version, so unsaved changes are either saved first (and the replan
 * starts from them) or set aside (the replan starts from the saved version; undo brings them back).
 */
export function ReplanUnsavedModal({
  opened,
  baseNumber,
  nextNumber,
  onChoose,
}: {
  opened: boolean;
  baseNumber: number;
  nextNumber: number;
  onChoose: (choice: UnsavedChoice) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={() => onChoose('cancel')} title={t('replan.unsavedTitle')} centered>
      <Stack gap="md" data-testid="replan-unsaved">
        <Text size="sm">{t('replan.unsavedText', { number: baseNumber })}</Text>
        <Stack gap="xs">
          <Button onClick={() => onChoose('save')} data-testid="replan-save-first">
            {t('replan.saveFirst', { number: nextNumber })}
          </Button>
          <Button variant="light" color="orange" onClick={() => onChoose('setAside')} data-testid="replan-set-aside">
            {t('replan.setAside', { number: baseNumber })}
          </Button>
          <Button variant="default" onClick={() => onChoose('cancel')} data-testid="replan-cancel">
            {t('common.cancel')}
          </Button>
        </Stack>
        <Text size="xs" c="dimmed">
          {t('replan.setAsideHint')}
        </Text>
      </Stack>
    </Modal>
  );
}
