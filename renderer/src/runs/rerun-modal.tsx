import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';

interface RerunModalProps {
  stepId: string | null;
  title: string;
  onClose: () => void;
}

/** Says how many steps a rerun from a step runs again and how many reuse stored results, then starts it. */
export function RerunModal({ stepId, title, onClose }: RerunModalProps) {
  const { t } = useTranslation();
  const previewRerun = useAppStore((state) => state.previewRerun);
  const rerunFrom = useAppStore((state) => state.rerunFrom);
  const [preview, setPreview] = useState<{ rerun: string[]; reused: string[] } | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    setPreview(null);
    if (!stepId) return;
    let current = true;
    void previewRerun(stepId).then((result) => {
      if (current) setPreview(result);
    });
    return () => {
      current = false;
    };
  }, [stepId, previewRerun]);

  return (
    <Modal opened={stepId !== null} onClose={onClose} title={t('runRerun.title', { step: title })} centered size="md">
      <Stack gap="lg">
        {preview ? (
          <Alert color="indigo" variant="light" data-testid="rerun-summary" data-rerun={preview.rerun.length} data-reused={preview.reused.length}>
            <Text size="sm">
              {t('runRerun.rerunCount', { count: preview.rerun.length })} {t('runRerun.reusedCount', { count: preview.reused.length })}
            </Text>
          </Alert>
        ) : (
          <Group gap="sm">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">
              {t('runRerun.counting')}
            </Text>
          </Group>
        )}
        <Text size="sm" c="dimmed">
          {t('runRerun.explain')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!preview}
            loading={starting}
            data-testid="rerun-confirm"
            onClick={() => {
              if (!stepId) return;
              setStarting(true);
              void rerunFrom(stepId).finally(() => {
                setStarting(false);
                onClose();
              });
            }}
          >
            {t('runRerun.start')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
