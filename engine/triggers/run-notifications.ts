import { z } from 'zod';
import { OutgoingEvent, type TizmorEvent } from '../api';
import type { Notifier } from '../agents/notify';
import type { EventBus } from '../core/event-bus';
import type { Store } from '../store/store';

/** The workspace setting that says which run events notify the person: a list of event names. */
export const NOTIFY_EVENTS_SETTING = 'notify.events';
const DEFAULT_EVENTS: readonly OutgoingEvent[] = ['run.failed', 'approval.requested'];

/** Shows a notification for the run events each workspace asks for (a failed run and a waiting approval by default). */
export function notifyOnRunEvents(bus: EventBus, store: Store, notifier: Notifier): () => void {
  const wanted = (workspaceId: string): readonly OutgoingEvent[] => {
    const parsed = z.array(OutgoingEvent).safeParse(store.settings.all(workspaceId)[NOTIFY_EVENTS_SETTING]);
    return parsed.success ? parsed.data : DEFAULT_EVENTS;
  };
  return bus.subscribe((event: TizmorEvent) => {
    if (event.event === 'run.status' && (event.payload.status === 'completed' || event.payload.status === 'failed')) {
      const { workspaceId, runId, status, error } = event.payload;
      if (!wanted(workspaceId).includes(status === 'completed' ? 'run.completed' : 'run.failed')) return;
      const title = store.runs.summary(workspaceId, runId)?.title ?? 'A run';
      notifier.notify(
        status === 'completed'
          ? { title: `${title} finished`, body: 'The run completed.', level: 'success', workspaceId, runId }
          : { title: `${title} failed`, body: error ?? 'A step failed.', level: 'error', workspaceId, runId },
      );
    } else if (event.event === 'approval.requested') {
      const { workspaceId, approval } = event.payload;
      if (!wanted(workspaceId).includes('approval.requested')) return;
      notifier.notify({ title: 'A step waits for your approval', body: approval.reason, level: 'warning', workspaceId, runId: approval.runId });
    }
  });
}
