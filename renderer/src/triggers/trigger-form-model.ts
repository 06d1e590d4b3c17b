import type { Input, Trigger, TriggerTarget } from '../api/contract';
import { localTimeZone, readScheduleText, scheduleTextOf } from './schedule-text';

export type CatchUpPolicy = 'skip' | 'once' | 'all';

/** What the trigger form holds while the person edits it. */
export interface TriggerFormValues {
  name: string;
  kind: 'schedule' | 'webhook';
  /** A phrase or a cron expression, as typed. */
  scheduleText: string;
  timeZone: string;
  catchUpPolicy: CatchUpPolicy;
  windowHours: number;
  targetKind: 'plan' | 'request';
  planId: string | null;
  /** A pinned version; null runs the head. */
  version: number | null;
  request: string;
  autoApprove: boolean;
}

export function emptyForm(): TriggerFormValues {
  return {
    name: '',
    kind: 'schedule',
    scheduleText: '',
    timeZone: localTimeZone(),
    catchUpPolicy: 'once',
    windowHours: 24,
    targetKind: 'plan',
    planId: null,
    version: null,
    request: '',
    autoApprove: false,
  };
}

export function formOf(trigger: Trigger): TriggerFormValues {
  const empty = emptyForm();
  const { target, schedule } = trigger;
  return {
    name: trigger.name,
    kind: trigger.kind,
    scheduleText: schedule ? scheduleTextOf(schedule) : '',
    timeZone: schedule?.timeZone ?? empty.timeZone,
    catchUpPolicy: schedule?.catchUp.policy ?? empty.catchUpPolicy,
    windowHours: schedule?.catchUp.windowHours ?? empty.windowHours,
    targetKind: target.kind,
    planId: target.kind === 'plan' ? target.planId : null,
    version: target.kind === 'plan' ? target.version : null,
    request: target.kind === 'request' ? target.request : '',
    autoApprove: trigger.options.autoApprove ?? false,
  };
}

function targetOf(values: TriggerFormValues): TriggerTarget | null {
  if (values.targetKind === 'plan') return values.planId ? { kind: 'plan', planId: values.planId, version: values.version } : null;
  return values.request.trim() ? { kind: 'request', request: values.request.trim() } : null;
}

/** Whether the form can be sent (the schedule's own check is the preview's). */
export function isComplete(values: TriggerFormValues): boolean {
  if (!values.name.trim() || !targetOf(values)) return false;
  return values.kind === 'webhook' || readScheduleText(values.scheduleText) !== null;
}

function catchUpOf(values: TriggerFormValues) {
  return { policy: values.catchUpPolicy, windowHours: values.windowHours };
}

/** The `triggers.create` input (without the workspace) for a complete form. */
export function createInputOf(values: TriggerFormValues): Omit<Input<'triggers.create'>, 'workspaceId'> {
  const target = targetOf(values);
  if (!target) throw new Error('The form has no target yet.');
  const schedule = readScheduleText(values.scheduleText);
  return {
    name: values.name.trim(),
    kind: values.kind,
    target,
    options: values.autoApprove ? { autoApprove: true } : {},
    ...(values.kind === 'schedule' && schedule ? { schedule: { ...schedule, timeZone: values.timeZone, catchUp: catchUpOf(values) } } : {}),
  };
}

/**
 * The `triggers.update` input for what changed. The schedule is sent only when its text or time
 * zone changed, since a new schedule counts its firings from now.
 */
export function updateInputOf(trigger: Trigger, values: TriggerFormValues): Omit<Input<'triggers.update'>, 'workspaceId' | 'triggerId'> {
  const before = formOf(trigger);
  const target = targetOf(values);
  if (!target) throw new Error('The form has no target yet.');
  const update: Omit<Input<'triggers.update'>, 'workspaceId' | 'triggerId'> = {
    name: values.name.trim(),
    target,
    // Options the form does not show (set from the CLI) are kept.
    options: { ...trigger.options, autoApprove: values.autoApprove },
  };
  if (values.kind !== 'schedule') return update;
  const schedule = readScheduleText(values.scheduleText);
  const scheduleChanged = values.scheduleText.trim() !== before.scheduleText.trim() || values.timeZone !== before.timeZone;
  const catchUpChanged = values.catchUpPolicy !== before.catchUpPolicy || values.windowHours !== before.windowHours;
  if (scheduleChanged && schedule) update.schedule = { ...schedule, timeZone: values.timeZone, catchUp: catchUpOf(values) };
  else if (catchUpChanged) update.catchUp = catchUpOf(values);
  return update;
}
