import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../shell/confirm-modal';
import { useAppStore } from '../store/app-store';

/** Shown while an older version is on the canvas: restore it, or go back to the working copy. */
export function ViewingBar() {
  const { t } = useTranslation();
  const viewed = useAppStore((state) => state.viewing?.version.number ?? null);
  const head = useAppStore((state) => state.doc?.plan.headVersion);
  const dirty = useAppStore((state) => state.doc?.dirty ?? false);
  const restoreVersion = useAppStore((state) => state.restoreVersion);
  const stopViewing = useAppStore((state) => state.stopViewing);
  const [confirming, setConfirming] = useState(false);
  if (viewed === null) return null;

  return (
    <Group className="viewing-bar" justify="space-between" px="lg" py="sm" data-testid="viewing-bar">
      <div>
        <Text fw={600} size="sm">
          {t('versions.viewing', { number: viewed })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('versions.viewingHint')}
        </Text>
      </div>
      <Group gap="sm">
        <Button variant="default" size="xs" onClick={stopViewing} data-testid="stop-viewing">
          {t('versions.backToWorking')}
        </Button>
        {viewed !== head ? (
          <Button
            size="xs"
            data-testid="restore-version"
            onClick={() => (dirty ? setConfirming(true) : void restoreVersion(viewed))}
          >
            {t('versions.restore')}
          </Button>
        ) : null}
      </Group>
      <ConfirmModal
        opened={confirming}
        title={t('versions.restore')}
        body={t('plan.restoreConfirm', { number: viewed })}
        confirmLabel={t('versions.restore')}
        confirmTestId="restore-confirm"
        onConfirm={() => void restoreVersion(viewed)}
        onClose={() => setConfirming(false)}
      />
    </Group>
  );
}
