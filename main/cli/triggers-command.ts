import type { Command } from 'commander';
import { TizmorError, type Input, type Trigger, type TriggerFiring } from '../../engine/api';
import { table } from './format';
import { watchRuns } from './follow-run';
import { EXIT, printJson, type CliSession } from './session';

const CATCH_UP = ['skip', 'once', 'all'] as const;
/** Five or six fields of digits and cron punctuation: a cron expression rather than a phrase. */
const CRON = /^[\d*/,?LW#-]+(\s+[\d*/,?LW#A-Za-z-]+){4,5}$/;

interface AddOptions {
  plan?: string;
  version?: string;
  request?: string;
  schedule?: string;
  webhook?: boolean;
  tz?: string;
  catchUp?: string;
  windowHours?: string;
  yes?: boolean;
  disabled?: boolean;
  json?: boolean;
}

function when(trigger: Trigger): string {
  if (trigger.schedule) return `${trigger.schedule.words.en} (${trigger.schedule.timeZone})`;
  return `POST ${trigger.webhook?.path ?? ''}`;
}

function target(trigger: Trigger): string {
  if (trigger.target.kind === 'plan') return `plan ${trigger.target.planId}${trigger.target.version === null ? '' : ` v${trigger.target.version}`}`;
  const request = trigger.target.request;
  return `request "${request.length > 40 ? `${request.slice(0, 39)}…` : request}"`;
}

export function formatTriggers(triggers: Trigger[]): string {
  if (triggers.length === 0) return 'No triggers in this workspace yet. Add one with `tizmor triggers add`.\n';
  return table([
    ['ID', 'KIND', 'NAME', 'ON', 'WHEN', 'RUNS', 'NEXT'],
    ...triggers.map((trigger) => [trigger.id, trigger.kind, trigger.name, trigger.enabled ? 'yes' : 'no', when(trigger), target(trigger), trigger.nextFireAt ?? '-']),
  ]);
}

function formatFiring(firing: TriggerFiring): string {
  const outcome = firing.status === 'started' ? `started run ${firing.runId}${firing.runStatus ? ` (${firing.runStatus})` : ''}` : `${firing.status}${firing.error ? `: ${firing.error}` : ''}`;
  return `${firing.firedAt}  ${firing.source.padEnd(8)}  ${outcome}\n`;
}

function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new TizmorError('bad_input', `${flag} must be a whole number from 1, not "${text}".`);
  return value;
}

function createInput(workspaceId: string, name: string, options: AddOptions): Input<'triggers.create'> {
  if ((options.plan === undefined) === (options.request === undefined)) throw new TizmorError('bad_input', 'Say what the trigger runs: --plan <planId> or --request "<what to do>".');
  if ((options.schedule === undefined) === !options.webhook) throw new TizmorError('bad_input', 'Say what fires it: --schedule "<phrase or cron>" or --webhook.');
  if (options.catchUp !== undefined && !CATCH_UP.includes(options.catchUp as (typeof CATCH_UP)[number])) {
    throw new TizmorError('bad_input', `--catch-up must be one of ${CATCH_UP.join(', ')}.`);
  }
  const schedule = options.schedule?.trim();
  const catchUp = options.catchUp === undefined && options.windowHours === undefined ? undefined : {
    policy: (options.catchUp ?? 'once') as (typeof CATCH_UP)[number],
    windowHours: positiveInteger(options.windowHours, '--window-hours') ?? 24,
  };
  return {
    workspaceId,
    name,
    kind: options.webhook ? 'webhook' : 'schedule',
    target: options.plan !== undefined ? { kind: 'plan', planId: options.plan, version: positiveInteger(options.version, '--version') ?? null } : { kind: 'request', request: options.request ?? '' },
    schedule: schedule === undefined ? undefined : { ...(CRON.test(schedule) ? { cron: schedule } : { phrase: schedule }), timeZone: options.tz, catchUp },
    options: options.yes ? { autoApprove: true } : undefined,
    enabled: !options.disabled,
  };
}

/** `tizmor triggers list|add|remove|test|firings`: schedules and webhooks of the workspace. */
export function registerTriggersCommand(program: Command, session: CliSession): void {
  const { io } = session;
  const triggers = program
    .command('triggers')
    .description('schedules ("every day at 9:00", "כל יום ב-9:00") and signed webhooks that start runs while a host (tizmor serve, the app) runs');
  triggers
    .command('list')
    .description('triggers of the workspace with when they fire')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const api = session.client();
      const list = await api.triggers.list({ workspaceId: (await session.workspace(api)).id });
      if (options.json) printJson(io, list);
      else io.stdout(formatTriggers(list));
    });
  triggers
    .command('add <name>')
    .description('add a schedule (--schedule) or webhook (--webhook) trigger that runs a plan (--plan) or a request (--request)')
    .option('--plan <planId>', 'run this plan (its head version unless --version)')
    .option('--version <n>', 'pin a version of the plan')
    .option('--request <text>', 'generate a plan from this request each time, then run it')
    .option('--schedule <when>', 'a phrase ("every weekday at 7", "כל יום שני ב-8:30") or a cron expression ("30 8 * * 1")')
    .option('--webhook', 'fire on signed POSTs to /hooks/<id> on the host')
    .option('--tz <zone>', "time zone of the schedule (default: this machine's)")
    .option('--catch-up <policy>', `firings missed while no host ran: ${CATCH_UP.join(', ')} (default: once)`)
    .option('--window-hours <n>', 'how far back catch-up reaches (default: 24)')
    .option('--yes', 'approve the steps of its runs without asking (unattended runs)')
    .option('--disabled', 'add it switched off')
    .option('--json', 'print JSON: {trigger, secret}')
    .action(async (name: string, options: AddOptions) => {
      const api = session.client();
      const workspaceId = (await session.workspace(api)).id;
      const { trigger, secret } = await api.triggers.create(createInput(workspaceId, name, options));
      if (options.json) {
        printJson(io, { trigger, secret });
        return;
      }
      io.stdout(`Added trigger ${trigger.id}: ${trigger.name}\n`);
      if (trigger.schedule) {
        io.stdout(`  ${trigger.schedule.words.en} / ${trigger.schedule.words.he}  (cron "${trigger.schedule.cron}", ${trigger.schedule.timeZone})\n`);
        io.stdout(`  next: ${trigger.nextFireAt ?? 'never'}; schedules fire while \`tizmor serve\` or the app runs.\n`);
      }
      if (trigger.webhook && secret) {
        io.stdout(`  POST http://<host>${trigger.webhook.path}\n`);
        io.stdout(`  secret (shown once): ${secret}\n`);
        io.stdout('  sign: X-Tizmor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">; name each delivery in X-Tizmor-Delivery.\n');
      }
    });
  triggers
    .command('remove <triggerId>')
    .description('delete a trigger and its firings')
    .action(async (triggerId: string) => {
      const api = session.client();
      await api.triggers.delete({ workspaceId: (await session.workspace(api)).id, triggerId });
      io.stdout(`Removed trigger ${triggerId}.\n`);
    });
  triggers
    .command('test <triggerId>')
    .description('fire a trigger now (a webhook trigger gets --body as its payload) and print the run it started')
    .option('--body <json>', 'the JSON payload for a webhook trigger (default: {"test": true})')
    .option('--json', 'print the firing as JSON')
    .action(async (triggerId: string, options: { body?: string; json?: boolean }) => {
      let body: Input<'triggers.test'>['body'];
      if (options.body !== undefined) {
        try {
          body = JSON.parse(options.body) as Input<'triggers.test'>['body'];
        } catch {
          throw new TizmorError('bad_input', '--body must be JSON, e.g. --body \'{"order": 42}\'.');
        }
      }
      const api = session.client();
      const workspaceId = (await session.workspace(api)).id;
      const trigger = (await api.triggers.list({ workspaceId })).find((item) => item.id === triggerId);
      // Subscribed before firing: the run's first events come before its id is known.
      const watcher = watchRuns(api, io);
      try {
        const firing = await api.triggers.test({ workspaceId, triggerId, body });
        if (options.json) printJson(io, firing);
        else io.stdout(formatFiring(firing));
        if (firing.status !== 'started' || firing.runId === null) {
          session.exitCode = EXIT.failure;
          return;
        }
        const { run } = await api.runs.get({ workspaceId, runId: firing.runId });
        // The run lives in this process: follow it to its end, as `tizmor run` does.
        session.exitCode = await watcher.follow(run, { json: Boolean(options.json), policyGates: trigger?.options.autoApprove ? 'run' : 'person' });
      } finally {
        watcher.dispose();
      }
    });
  triggers
    .command('firings [triggerId]')
    .description('the last firings (of one trigger, or all) with their runs, newest first')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print JSON')
    .action(async (triggerId: string | undefined, options: { limit: string; json?: boolean }) => {
      const api = session.client();
      const list = await api.triggers.firings({ workspaceId: (await session.workspace(api)).id, triggerId, limit: positiveInteger(options.limit, '--limit') ?? 20 });
      if (options.json) printJson(io, list);
      else io.stdout(list.length === 0 ? 'No firings yet.\n' : list.map(formatFiring).join(''));
    });
}
