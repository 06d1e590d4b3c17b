import { z } from 'zod';
import { defineAgent, type Agent } from './agent';

/** How urgent a notification is; hosts may pick an icon or a sound by it. */
export type NotificationLevel = 'info' | 'success' | 'warning' | 'error';

/** One notification for the person at this computer. */
export interface Notification {
  title: string;
  body: string;
  level: NotificationLevel;
  workspaceId: string;
  runId?: string;
}

/**
 * The port a host fills to show notifications: Electron a desktop notification, the CLI a line on
 * the terminal. Without one (browser mode), the `notify` agent's log line is the in-app notice the
 * renderer shows as a toast.
 */
export interface Notifier {
  /** Where notifications go, as the agent reports it. */
  readonly kind: 'desktop' | 'terminal';
  notify(notification: Notification): void;
}

/** A notifier that writes one line per notification (the CLI's). */
export function lineNotifier(write: (line: string) => void): Notifier {
  return {
    kind: 'terminal',
    notify: (notification) => write(`[${notification.level}] ${notification.title}${notification.body ? ` — ${notification.body}` : ''}\n`),
  };
}

const NotifyInput = z.object({
  title: z.string().trim().min(1).max(200).describe('The headline, e.g. "Daily report is ready".'),
  message: z.string().max(2000).default('').describe('One or two sentences under the headline.'),
  level: z.enum(['info', 'success', 'warning', 'error']).default('info').describe('How urgent it is: info, success, warning or error.'),
});

const NotifyOutput = z.object({
  shown: z.enum(['desktop', 'terminal', 'in-app']).describe('Where the notification went.'),
  title: z.string().describe('The headline shown.'),
});

/** Prefix of the log line that carries a notification to the app (the renderer shows it as a toast). */
export const NOTIFICATION_LOG_PREFIX = 'Notification: ';

/** The `notify` agent: tells the person something, on the desktop, in the app or on the terminal. */
export function createNotifyAgent(notifier: Notifier | undefined): Agent<z.output<typeof NotifyInput>, z.output<typeof NotifyOutput>> {
  return defineAgent({
    id: 'notify',
    version: '1',
    name: 'Notify',
    description: 'Shows the person a notification: a desktop notification, a toast in the app, or a line in the terminal.',
    capabilities: ['notify', 'message'],
    input: NotifyInput,
    output: NotifyOutput,
    risk: 'read',
    // Showing a notice twice after a crash is harmless; showing a cached one would show nothing.
    idempotent: true,
    cacheable: false,
    async execute(input, ctx) {
      ctx.log(input.level === 'error' ? 'error' : input.level === 'warning' ? 'warn' : 'info', `${NOTIFICATION_LOG_PREFIX}${input.title}${input.message ? ` — ${input.message}` : ''}`);
      if (!notifier) return { shown: 'in-app' as const, title: input.title };
      notifier.notify({ title: input.title, body: input.message, level: input.level, workspaceId: ctx.workspace.workspaceId, runId: ctx.runId });
      return { shown: notifier.kind, title: input.title };
    },
    simulate: (input) => ({ shown: 'in-app' as const, title: input.title }),
  });
}
