import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../shell/confirm-modal';
import { useAppStore } from '../store/app-store';

/** Shown while a saved version is on the canvas: restore it, or go back to the working copy. */
export function ViewingBar() {
  const { t } = useTranslation();
  const viewed = useAppStore((state) => state.viewing?.version.number ?? null);
  const comparedFrom = useAppStore((state) => state.viewing?.comparison?.from.number ?? null);
  const head = useAppStore((state) => state.doc?.plan.headVersion);
  const dirty = useAppStore((state) => state.doc?.dirty ?? false);
  const restoreVersion = useAppStore((state) => state.restoreVersion);
  const stopViewing = useAppStore((state) => state.stopViewing);
  const [confirming, setConfirming] = useState(false);
  if (viewed === null) return null;

  if (comparedFrom !== null) {
    return (
      <Group className="viewing-bar compare-bar" justify="space-between" px="lg" py="sm" data-testid="compare-bar" wrap="nowrap">
        <div>
          <Text fw={600} size="sm">
            {t('diff.comparing', { from: comparedFrom, to: viewed })}
          </Text>
          <Group gap="md" mt={4} className="diff-legend">
            {(['added', 'changed', 'removed', 'moved'] as const).map((kind) => (
              <Group key={kind} gap={6} wrap="nowrap">
                <span className={`diff-swatch diff-swatch-${kind}`} />
                <Text size="xs" c="dimmed">
                  {t(`diff.kind.${kind}`)}
                </Text>
              </Group>
            ))}
          </Group>
        </div>
        <Button variant="default" size="xs" onClick={stopViewing} data-testid="stop-viewing">
          {t('versions.backToWorking')}
        </Button>
      </Group>
    );
  }

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
          <Button size="xs" data-testid="restore-version" onClick={() => (dirty ? setConfirming(true) : void restoreVersion(viewed))}>
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
