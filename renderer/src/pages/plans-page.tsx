import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { ConfirmModal } from '../shell/confirm-modal';
import { PlusIcon, TrashIcon, UploadIcon } from '../shell/icons';
import { RequestBox } from '../planner/request-box';
import { useAppStore } from '../store/app-store';
import { NewPlanModal } from './new-plan-modal';

export function PlansPage() {
  const { t } = useTranslation();
  const plans = useAppStore((state) => state.plans);
  const plansLoaded = useAppStore((state) => state.plansLoaded);
  const importPlan = useAppStore((state) => state.importPlan);
  const deletePlan = useAppStore((state) => state.deletePlan);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<PlanSummary | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    await importPlan(file.name, await file.text());
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <Stack gap="xl" data-testid="page-plans">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('plans.title')}</Title>
          <Text c="dimmed" mt={4}>
            {t('plans.subtitle')}
          </Text>
        </div>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<UploadIcon />}
            data-testid="import-plan"
            onClick={() => fileInput.current?.click()}
          >
            {t('plans.import')}
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="import-plan-file"
            onChange={(event) => void onFile(event.currentTarget.files?.[0])}
          />
          <Button leftSection={<PlusIcon />} data-testid="new-plan" onClick={() => setCreating(true)}>
            {t('plans.new')}
          </Button>
        </Group>
      </Group>

      <RequestBox />

      <Stack gap="sm" data-testid="plans-list">
        {plansLoaded && plans.length === 0 ? (
          <Paper withBorder p="xl" radius="lg" className="empty-state" data-testid="plans-empty">
            <Text c="dimmed" ta="center">
              {t('plans.empty')}
            </Text>
          </Paper>
        ) : null}
        {plans.map((plan) => (
          <PlanRow key={plan.id} plan={plan} onDelete={() => setDeleting(plan)} />
        ))}
      </Stack>

      <NewPlanModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={deleting !== null}
        title={t('plans.deleteTitle')}
        body={t('plans.deleteBody', { title: deleting?.title ?? '' })}
        confirmLabel={t('common.delete')}
        confirmTestId="plan-delete-confirm"
        danger
        onConfirm={() => {
          if (deleting) void deletePlan(deleting.id);
        }}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

function PlanRow({ plan, onDelete }: { plan: PlanSummary; onDelete: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const navigate = useAppStore((state) => state.navigate);
  return (
    <Paper withBorder radius="lg" className="plan-row" data-testid={`plan-item-${plan.id}`}>
      <Group wrap="nowrap" gap="md" pe="md">
        <UnstyledButton
          className="plan-row-open"
          aria-label={t('plans.open', { title: plan.title })}
          onClick={() => navigate({ page: 'plan', planId: plan.id })}
          data-testid={`plan-open-${plan.id}`}
        >
          <Text fw={600} size="lg" data-testid="plan-title">
            {plan.title}
          </Text>
          <Group gap="md" mt={6}>
            <Badge variant="light" data-testid="plan-version">
              {t('plans.version', { number: plan.headVersion })}
            </Badge>
            <Text size="sm" c="dimmed" data-testid="plan-step-count">
              {t('plans.steps', { count: plan.stepCount })}
            </Text>
            <Text size="sm" c="dimmed" title={fullTime(plan.updatedAt, language)}>
              {t('plans.updated', { time: relativeTime(plan.updatedAt, language) })}
            </Text>
          </Group>
        </UnstyledButton>
        <Tooltip label={t('plans.deleteLabel', { title: plan.title })}>
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('plans.deleteLabel', { title: plan.title })}
            data-testid={`plan-delete-${plan.id}`}
            onClick={onDelete}
          >
            <TrashIcon />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
