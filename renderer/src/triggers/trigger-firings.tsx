import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunStatus, TriggerFiring } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { useAppStore } from '../store/app-store';
import { useTriggersStore } from './triggers-store';

const shown = 5;

const runColor: Record<RunStatus, string> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  waiting_approval: 'orange',
  completed: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/**
 * A trigger's last firings, newest first, each with the run it started (a link to it) or why it
 * started none. Reloads when the trigger fires and when one of the runs shown changes status.
 */
export function TriggerFirings({ triggerId }: { triggerId: string }) {
  const { t } = useTranslation();
  const api = useAppStore((state) => state.api);
  const workspaceId = useAppStore((state) => state.workspaceId);
  const version = useTriggersStore((state) => state.firingsVersion[triggerId] ?? 0);
  const [firings, setFirings] = useState<TriggerFiring[] | null>(null);
  const [runChanges, setRunChanges] = useState(0);
  const shownRuns = useRef(new Set<string>());

  useEffect(() => {
    if (!workspaceId) return;
    let current = true;
    api()
      .triggers.firings({ workspaceId, triggerId, limit: shown })
      .then(
        (loaded) => {
          if (!current) return;
          shownRuns.current = new Set(loaded.flatMap((firing) => (firing.runId ? [firing.runId] : [])));
          setFirings(loaded);
        },
        (error: unknown) => useAppStore.getState().reportError(error),
      );
    return () => {
      current = false;
    };
  }, [api, workspaceId, triggerId, version, runChanges]);

  useEffect(
    () =>
      api().on('run.status', (payload) => {
        if (shownRuns.current.has(payload.runId)) setRunChanges((count) => count + 1);
      }),
    [api],
  );

  return (
    <div className="trigger-firings" data-testid={`trigger-firings-${triggerId}`}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
        {t('triggers.firings.title')}
      </Text>
      {firings === null ? null : firings.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="trigger-firings-empty">
          {t('triggers.firings.none')}
        </Text>
      ) : (
        <ul className="firing-list">
          {firings.map((firing) => (
            <FiringRow key={firing.id} firing={firing} />
          ))}
        </ul>
      )}
    </div>
  );
}

function FiringRow({ firing }: { firing: TriggerFiring }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  return (
    <li className="firing-row" data-testid={`firing-${firing.id}`} data-source={firing.source} data-status={firing.status}>
      <Badge size="sm" variant="light" color="gray" className="firing-source">
        {t(`triggers.source.${firing.source}`)}
      </Badge>
      <Text size="sm" c="dimmed" title={fullTime(firing.firedAt, language)} className="firing-time">
        {relativeTime(firing.firedAt, language)}
      </Text>
      <Group gap={6} wrap="nowrap" className="firing-outcome">
        {firing.runId ? (
          <>
            <Anchor href={`#/runs/${encodeURIComponent(firing.runId)}`} size="sm" data-testid={`firing-run-${firing.runId}`}>
              {t('triggers.firings.run')}
            </Anchor>
            {firing.runStatus ? (
              <Badge size="sm" variant="dot" color={runColor[firing.runStatus]} data-testid="firing-run-status">
                {t(`triggers.runStatus.${firing.runStatus}`)}
              </Badge>
            ) : null}
          </>
        ) : (
          <Text size="sm" c={firing.status === 'failed' ? 'red.7' : 'dimmed'} lineClamp={1} title={firing.error ?? undefined}>
            {t(`triggers.firingStatus.${firing.status}`)}
            {firing.error ? `: ${firing.error}` : ''}
          </Text>
        )}
      </Group>
    </li>
  );
}
