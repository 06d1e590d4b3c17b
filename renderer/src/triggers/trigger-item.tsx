import { Badge, Button, Code, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { TrashIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';
import { TriggerFirings } from './trigger-firings';
import { useTriggersStore } from './triggers-store';
import { WebhookAddress } from './webhook-address';

interface TriggerItemProps {
  trigger: Trigger;
  onEdit: () => void;
  onDelete: () => void;
}

/** One trigger: when it fires, what it runs, next and last firing, its switch and actions, and its last firings. */
export function TriggerItem({ trigger, onEdit, onDelete }: TriggerItemProps) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const setEnabled = useTriggersStore((state) => state.setEnabled);
  const test = useTriggersStore((state) => state.test);
  const rotate = useTriggersStore((state) => state.rotateSecret);
  const [testing, setTesting] = useState(false);
  const { id, schedule, webhook } = trigger;

  return (
    <Paper withBorder radius="lg" p="lg" className="trigger-item" data-testid={`trigger-item-${id}`} data-enabled={trigger.enabled}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap" className="trigger-heading">
            <Text fw={600} size="lg" dir="auto" truncate data-testid="trigger-name-text">
              {trigger.name}
            </Text>
            <Badge variant="light" color={trigger.kind === 'schedule' ? 'indigo' : 'grape'} className="trigger-kind">
              {t(`triggers.kind.${trigger.kind}`)}
            </Badge>
          </Group>
          <Switch
            data-testid={`trigger-enabled-${id}`}
            checked={trigger.enabled}
            onChange={(event) => void setEnabled(id, event.currentTarget.checked)}
            label={trigger.enabled ? t('triggers.on') : t('triggers.off')}
            labelPosition="left"
            aria-label={t('triggers.enabledLabel', { name: trigger.name })}
          />
        </Group>

        {schedule ? (
          <Group gap="xs" className="trigger-when">
            <Text fw={500} data-testid="trigger-words">
              {schedule.words[language]}
            </Text>
            <Text c="dimmed" size="sm">
              · {schedule.timeZone} ·
            </Text>
            <Code dir="ltr">{schedule.cron}</Code>
            <Text c="dimmed" size="sm">
              · {t('triggers.catchUpShort', { policy: t(`triggers.catchUp.${schedule.catchUp.policy}`) })}
            </Text>
          </Group>
        ) : null}
        {webhook ? (
          <Stack gap={4}>
            <WebhookAddress path={webhook.path} testId={`trigger-url-${id}`} />
            {webhook.rejected > 0 ? (
              <Text size="sm" c="orange.8" data-testid={`trigger-rejected-${id}`}>
                {t('triggers.webhook.rejected', { count: webhook.rejected })}
                {webhook.lastRejectedAt ? ` · ${relativeTime(webhook.lastRejectedAt, language)}` : ''}
              </Text>
            ) : null}
          </Stack>
        ) : null}

        <TargetLine trigger={trigger} />

        <Group gap="lg">
          {trigger.kind === 'schedule' ? (
            <Text size="sm" c="dimmed" data-testid={`trigger-next-${id}`} title={trigger.nextFireAt ? fullTime(trigger.nextFireAt, language) : undefined}>
              {t('triggers.next')}:{' '}
              {trigger.enabled && trigger.nextFireAt ? relativeTime(trigger.nextFireAt, language) : t('triggers.notScheduled')}
            </Text>
          ) : null}
          <Text size="sm" c="dimmed" data-testid={`trigger-last-${id}`} title={trigger.lastFiredAt ? fullTime(trigger.lastFiredAt, language) : undefined}>
            {t('triggers.last')}: {trigger.lastFiredAt ? relativeTime(trigger.lastFiredAt, language) : t('triggers.never')}
          </Text>
        </Group>

        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            data-testid={`trigger-test-${id}`}
            loading={testing}
            onClick={() => {
              setTesting(true);
              void test(id).finally(() => setTesting(false));
            }}
          >
            {t('triggers.testNow')}
          </Button>
          <Button size="xs" variant="default" data-testid={`trigger-edit-${id}`} onClick={onEdit}>
            {t('triggers.edit')}
          </Button>
          {webhook ? (
            <Button size="xs" variant="default" data-testid={`trigger-rotate-${id}`} onClick={() => void rotate(id)}>
              {t('triggers.webhook.rotate')}
            </Button>
          ) : null}
          <Button size="xs" variant="subtle" color="red" leftSection={<TrashIcon size={14} />} data-testid={`trigger-delete-${id}`} onClick={onDelete}>
            {t('common.delete')}
          </Button>
        </Group>

        <TriggerFirings triggerId={id} />
      </Stack>
    </Paper>
  );
}

function TargetLine({ trigger }: { trigger: Trigger }) {
  const { t } = useTranslation();
  const plans = useAppStore((state) => state.plans);
  const { target } = trigger;
  let text: string;
  if (target.kind === 'plan') {
    const title = plans.find((plan) => plan.id === target.planId)?.title ?? t('triggers.target.unknownPlan');
    text =
      target.version === null
        ? t('triggers.target.planHead', { title })
        : t('triggers.target.planPinned', { title, number: target.version });
  } else {
    text = t('triggers.target.request', { request: target.request });
  }
  return (
    <Text size="sm" data-testid={`trigger-target-${trigger.id}`} lineClamp={2} dir="auto">
      {text}
      {trigger.options.autoApprove ? <span className="trigger-auto"> · {t('triggers.target.autoApprove')}</span> : null}
    </Text>
  );
}
