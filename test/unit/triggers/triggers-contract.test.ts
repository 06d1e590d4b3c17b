import { afterEach, describe, expect, it } from 'vitest';
import { createNotifyAgent, type Notification, type Notifier } from '../../../engine/agents/notify';
import { signatureHeader, verifySignature } from '../../../engine/triggers';
import { rejectionOf } from '../../helpers/builders';
import { makeContext, runAgent } from '../agents/fake-context';
import { FakeClock, openTriggerEngine, type TriggerEngine } from './trigger-helpers';

const open: TriggerEngine[] = [];
afterEach(() => {
  for (const engine of open.splice(0)) engine.close();
});
async function engine(options: Parameters<typeof openTriggerEngine>[0] = {}) {
  const t = await openTriggerEngine(options);
  open.push(t);
  return t;
}

describe('triggers.* methods', () => {
  it('creates a schedule from a Hebrew phrase, shows it in words with its next firing, and changes it', async () => {
    const clock = new FakeClock(Date.parse('2025-06-01T10:00:00Z'));
    const t = await engine({ triggers: { clock } });
    const { trigger, secret } = await t.client.triggers.create({
      workspaceId: t.workspaceId,
      name: 'דוח יומי',
      kind: 'schedule',
      target: { kind: 'plan', planId: t.planId },
      schedule: { phrase: 'כל יום שני ב-8:30', timeZone: 'Asia/Jerusalem' },
    });
    expect(secret).toBeNull();
    expect(trigger.schedule).toEqual({
      cron: '30 8 * * 1',
      phrase: 'כל יום שני ב-8:30',
      timeZone: 'Asia/Jerusalem',
      catchUp: { policy: 'once', windowHours: 24 },
      words: { en: 'every Monday at 08:30', he: 'כל יום שני ב-08:30' },
    });
    expect(trigger.nextFireAt).toBe('2025-06-02T05:30:00.000Z');

    const changed = await t.client.triggers.update({
      workspaceId: t.workspaceId,
      triggerId: trigger.id,
      schedule: { cron: '0 7 * * 0-4' },
      catchUp: { policy: 'skip', windowHours: 24 },
    });
    expect(changed.trigger.schedule).toMatchObject({ cron: '0 7 * * 0-4', phrase: null, timeZone: 'Asia/Jerusalem', catchUp: { policy: 'skip' } });
    expect(changed.trigger.schedule?.words.he).toBe('כל יום ראשון עד חמישי ב-07:00');
    const disabled = await t.client.triggers.update({ workspaceId: t.workspaceId, triggerId: trigger.id, enabled: false });
    expect(disabled.trigger.nextFireAt).toBeNull();
    expect(await t.client.triggers.list({ workspaceId: t.workspaceId })).toHaveLength(1);
    await t.client.triggers.delete({ workspaceId: t.workspaceId, triggerId: trigger.id });
    expect(await t.client.triggers.list({ workspaceId: t.workspaceId })).toEqual([]);
  });

  it('refuses what cannot work, naming why', async () => {
    const t = await engine();
    const base = { workspaceId: t.workspaceId, name: 'x', target: { kind: 'plan' as const, planId: t.planId } };
    expect((await rejectionOf(t.client.triggers.create({ ...base, kind: 'schedule' }))).message).toMatch(/needs a schedule/);
    expect((await rejectionOf(t.client.triggers.create({ ...base, kind: 'webhook', schedule: { cron: '* * * * *' } }))).message).toMatch(/no schedule/);
    expect((await rejectionOf(t.client.triggers.create({ ...base, kind: 'schedule', schedule: { phrase: 'whenever' } }))).code).toBe('bad_input');
    expect((await rejectionOf(t.client.triggers.create({ ...base, kind: 'schedule', schedule: { cron: '0 9 * * *', timeZone: 'Moon/Base' } }))).message).toMatch(/not a time zone/);
    expect((await rejectionOf(t.client.triggers.create({ ...base, kind: 'schedule', schedule: { cron: '0 9 * * *', phrase: 'every day at 9' } }))).code).toBe('bad_input');
    expect((await rejectionOf(t.client.triggers.create({ ...base, kind: 'webhook', target: { kind: 'plan', planId: 'nope' } }))).code).toBe('not_found');
    const other = await t.client.workspaces.create({ name: 'Other' });
    const { trigger } = await t.client.triggers.create({ ...base, kind: 'webhook' });
    expect(await t.client.triggers.list({ workspaceId: other.id })).toEqual([]);
    expect((await rejectionOf(t.client.triggers.delete({ workspaceId: other.id, triggerId: trigger.id }))).code).toBe('not_found');
  });

  it('never lists a webhook secret; it is given once, at creation', async () => {
    const t = await engine();
    const { secret } = await t.client.triggers.create({ workspaceId: t.workspaceId, name: 'hook', kind: 'webhook', target: { kind: 'plan', planId: t.planId } });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await t.client.triggers.list({ workspaceId: t.workspaceId }))).not.toContain(secret ?? '');
  });

  it('"test now" fires at once, tells listeners with trigger.fired, and lists the firing with its run', async () => {
    const t = await engine();
    const { trigger } = await t.client.triggers.create({
      workspaceId: t.workspaceId,
      name: 'Daily',
      kind: 'schedule',
      target: { kind: 'plan', planId: t.planId, version: 1 },
      schedule: { phrase: 'every day at 9:00' },
    });
    const firing = await t.client.triggers.test({ workspaceId: t.workspaceId, triggerId: trigger.id });
    expect(firing).toMatchObject({ source: 'test', status: 'started', scheduledFor: null });
    expect(t.events.filter((event) => event.event === 'trigger.fired').map((event) => event.payload)).toEqual([{ workspaceId: t.workspaceId, firing }]);
    const detail = await t.client.runs.get({ workspaceId: t.workspaceId, runId: firing.runId ?? '' });
    expect(detail.run.planVersion).toBe(1);
    expect(detail.context.trigger).toMatchObject({ id: trigger.id, source: 'test' });
    for (let waited = 0; waited < 2000; waited += 10) {
      const [listed] = await t.client.triggers.firings({ workspaceId: t.workspaceId, triggerId: trigger.id });
      if (listed?.runStatus === 'completed') return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the firing never showed its run completed');
  });

  it('previews a phrase: its cron, its words and the next times in its zone', async () => {
    const clock = new FakeClock(Date.parse('2025-03-27T12:00:00Z'));
    const t = await engine({ triggers: { clock } });
    const preview = await t.client.triggers.preview({ phrase: 'every weekday at 7', timeZone: 'Europe/Berlin', count: 3 });
    expect(preview).toEqual({
      cron: '0 7 * * 1-5',
      timeZone: 'Europe/Berlin',
      words: { en: 'every weekday at 07:00', he: 'כל יום שני עד שישי ב-07:00' },
      next: ['2025-03-28T06:00:00.000Z', '2025-03-31T05:00:00.000Z', '2025-04-01T05:00:00.000Z'],
    });
  });
});

describe('webhook secrets', () => {
  it('verifies only the exact bytes, within 300 s, under one of the valid secrets', () => {
    const body = Buffer.from('{"a":1}');
    const header = signatureHeader('s1-secret', body, 1_000_000);
    expect(verifySignature(header, body, ['s1-secret'], 1_000_000 + 300)).toMatchObject({ ok: true });
    expect(verifySignature(header, body, ['s1-secret'], 1_000_000 + 301)).toEqual({ ok: false, problem: 'stale' });
    expect(verifySignature(header, Buffer.from('{"a":2}'), ['s1-secret'], 1_000_000)).toEqual({ ok: false, problem: 'mismatch' });
    expect(verifySignature(header, body, ['other', 's1-secret'], 1_000_000)).toMatchObject({ ok: true });
    expect(verifySignature(undefined, body, ['s1-secret'], 1_000_000)).toEqual({ ok: false, problem: 'missing' });
    expect(verifySignature('t=1000000,v1=abc', body, ['s1-secret'], 1_000_000)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('stops accepting the previous secret when its rotation window ends', async () => {
    const clock = new FakeClock(Date.parse('2025-06-01T10:00:00Z'));
    const t = await engine({ triggers: { clock } });
    const { trigger, secret: oldSecret } = await t.client.triggers.create({ workspaceId: t.workspaceId, name: 'hook', kind: 'webhook', target: { kind: 'plan', planId: t.planId } });
    const { secret: newSecret } = await t.client.triggers.update({ workspaceId: t.workspaceId, triggerId: trigger.id, rotateSecret: true, previousSecretValidMinutes: 1 });
    let n = 0;
    const deliver = (secret: string | null) => {
      const body = Buffer.from(JSON.stringify({ n: n++ }));
      const header = signatureHeader(secret ?? '', body, Math.floor(clock.now() / 1000));
      return t.engine.triggers.receiveWebhook({ triggerId: trigger.id, headers: { 'x-tizmor-signature': header }, body }).then((answer) => answer.status);
    };
    expect([await deliver(oldSecret), await deliver(newSecret)]).toEqual([202, 202]);
    clock.advance(61_000);
    expect([await deliver(oldSecret), await deliver(newSecret)]).toEqual([401, 202]);
    const [listed] = await t.client.triggers.list({ workspaceId: t.workspaceId });
    expect(listed?.webhook).toMatchObject({ previousSecretValidUntil: null, rejected: 1 });
  });
});

describe('notifications', () => {
  const recorder = (): Notifier & { seen: Notification[] } => {
    const seen: Notification[] = [];
    return { kind: 'desktop', seen, notify: (notification) => void seen.push(notification) };
  };

  it('the notify agent shows a desktop notification through the port, or an in-app log line without one', async () => {
    const desktop = recorder();
    const context = makeContext();
    expect(await runAgent(createNotifyAgent(desktop), { title: 'Report ready', message: 'See the output folder.' }, context)).toEqual({ shown: 'desktop', title: 'Report ready' });
    expect(desktop.seen).toEqual([expect.objectContaining({ title: 'Report ready', body: 'See the output folder.', level: 'info', runId: 'run-1' })]);
    const inApp = makeContext();
    expect(await runAgent(createNotifyAgent(undefined), { title: 'Report ready', level: 'success' }, inApp)).toEqual({ shown: 'in-app', title: 'Report ready' });
    expect(inApp.logs).toEqual([{ level: 'info', message: 'Notification: Report ready' }]);
  });

  it('notifies about a failed run by default, and about nothing when the workspace says so', async () => {
    const desktop = recorder();
    const t = await engine({ triggers: { notifier: desktop } });
    const failing = { steps: [{ id: 'boom', title: 'Boom', agent: 'sim', input: { failRate: 1 }, dependsOn: [], retry: { maxAttempts: 1 } }], layout: {} };
    const wait = async (runId: string) => {
      for (let waited = 0; waited < 3000; waited += 10) {
        if ((await t.client.runs.get({ workspaceId: t.workspaceId, runId })).run.status === 'failed') return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await wait((await t.client.runs.start({ workspaceId: t.workspaceId, graph: failing, title: 'Nightly' })).id);
    expect(desktop.seen).toEqual([expect.objectContaining({ title: 'Nightly failed', level: 'error' })]);
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'notify.events', value: [] });
    await wait((await t.client.runs.start({ workspaceId: t.workspaceId, graph: failing, title: 'Nightly' })).id);
    expect(desktop.seen).toHaveLength(1);
  });
});
