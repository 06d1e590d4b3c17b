import {
  parseItemStepId,
  type Approval,
  type RunStatus,
  type Step,
  type StepRun,
  type StepStatus,
} from '../api';
import { setMaxListeners } from 'node:events';
import type { AgentContext, AnyAgent, RunMessage } from '../agents/agent';
import { agentContextFor, type RunScope } from './agent-context';
import type { RunRecord, StepRunPatch } from '../store/run-repository';
import { cacheEnabled, cacheKey } from './pipeline/cache-stage';
import { execute, executeStages, prepare, type ExecuteContext, type Preparation } from './pipeline';
import { describeError } from './describe-error';
import type { RunServices } from './run-services';
import { emptyCounts, itemSteps, mapFailure, mapOutput, openMapState, pendingItem, resolveList, unpark } from './map-step';
import { isTerminal, itemSlot, planSlot, type StepSlot } from './step-slot';
import type { ReferenceSource } from './references';
import { StepAttempts, type AttemptHost } from './step-attempts';
import { ReadyRecords } from './ready-records';
import { RunRecorder } from './run-recorder';

/**
 * Once the oldest record waiting for a commit is this old (ms), or this many writes and events wait, steps wait
 * for a commit before they start: the event loop breathes, a fast run's events reach the UI every few
 * milliseconds (not as one silent burst at its end), what waits for a commit stays young enough for the garbage
 * collector to drop cheaply, and a commit still carries hundreds of steps.
 */
const EAGER_WINDOW_MS = 5;
const EAGER_WRITE_LIMIT = 4096;


/**
 * One run of one plan version: the ready queue, the transitions and their records.
 * Every transition is recorded for the next journal commit and its event is emitted only after that commit.
 */
export class RunExecution {
  readonly id: string;
  readonly workspaceId: string;
  private readonly slots = new Map<string, StepSlot>();
  private readonly ready: string[] = [];
  private readyHead = 0;
  private running = 0;
  private readonly runningByAgent = new Map<string, number>();
  private readonly records: RunRecorder;
  private status: RunStatus;
  private readonly cancel = new AbortController();
  private readonly context: Map<string, unknown>;
  private readonly messages: RunMessage[];
  private readonly stages;
  /** Steps per status, kept with every change so finishing is O(1) per step. */
  private readonly counts: Record<StepStatus, number> = emptyCounts();
  /** Items of every map step per status (a map step itself is in {@link counts}). */
  private readonly itemCounts: Record<StepStatus, number> = emptyCounts();
  /** Stored records of map items, by map step id and index: kept items after a crash or a retry. */
  private readonly storedItems = new Map<string, Map<number, StepRun>>();
  /** Map steps whose list could not be read again after a restart: they fail when the run starts. */
  private readonly brokenMaps = new Map<StepSlot, string>();
  /** Which queued steps get `ready` written, and when. */
  private readonly readyRecords = new ReadyRecords(
    (slot) => this.transition(slot, { status: 'ready' }),
    () => this.records.touch(),
    () => !this.isOver() && !this.cancel.signal.aborted,
  );
  private pumping = false;
  private pumpAgain = false;
  private settled: () => void = () => undefined;
  /** Resolves when the run reaches completed, failed or cancelled. */
  readonly finished: Promise<void>;

  constructor(
    private readonly services: RunServices,
    private readonly record: RunRecord,
    steps: StepRun[],
    agentFor: (step: Step) => AnyAgent,
  ) {
    this.id = record.id;
    this.workspaceId = record.workspaceId;
    this.status = record.status;
    this.records = new RunRecorder(services, record.id, record.workspaceId, services.store.runs.lastSeq(record.id), () => this.readyRecords.atCommit());
    this.context = new Map(Object.entries(services.store.runs.context(record.id)));
    this.messages = services.store.runs.messages(record.id);
    this.finished = new Promise((resolve) => (this.settled = resolve));
    // Every running step listens for the run's cancel; there may be many at once.
    setMaxListeners(0, this.cancel.signal);
    // The store gives the steps in plan order when it just recorded them; otherwise (a recovered run) find them by id.
    const graphSteps = record.graph.steps;
    let states: Map<string, StepRun> | null = null;
    for (const state of steps) {
      const item = state.stepId.includes('[') ? parseItemStepId(state.stepId) : null;
      if (!item) continue;
      let stored = this.storedItems.get(item.stepId);
      if (!stored) this.storedItems.set(item.stepId, (stored = new Map()));
      stored.set(item.index, state);
    }
    const slots: StepSlot[] = [];
    for (let index = 0; index < graphSteps.length; index++) {
      const step = graphSteps[index] as Step;
      let state = steps[index];
      if (state?.stepId !== step.id) {
        states ??= new Map(steps.map((stored) => [stored.stepId, stored]));
        state = states.get(step.id);
      }
      if (!state) throw new Error(`Run ${record.id} has no record of step ${step.id}.`);
      const slot = planSlot(step, agentFor(step), state);
      this.slots.set(step.id, slot);
      slots.push(slot);
    }
    for (const slot of slots) {
      for (const dependency of slot.step.dependsOn) {
        const upstream = this.slots.get(dependency);
        if (!upstream) continue;
        upstream.dependents.push(slot.step.id);
        if (upstream.state.status !== 'succeeded') slot.waitingOn++;
      }
      this.counts[slot.state.status]++;
    }
    this.stages = executeStages(services.limiter, services.locks);
    // A map step that was running when the host stopped gets its items back: finished ones are kept.
    for (const step of record.graph.steps) {
      const slot = this.slots.get(step.id) as StepSlot;
      if (!step.forEach || slot.state.status !== 'running') continue;
      const resolved = resolveList(slot.step, this.referencesFor(null));
      if (resolved.ok) this.openMap(slot, resolved.list, true);
      else this.brokenMaps.set(slot, resolved.error);
    }
  }

  private changeStatus(slot: StepSlot, status: StepStatus): void {
    const counts = slot.parent ? this.itemCounts : this.counts;
    counts[slot.state.status]--;
    counts[status]++;
    if (slot.parent?.map) {
      slot.parent.map.counts[slot.state.status]--;
      slot.parent.map.counts[status]++;
    }
    slot.state.status = status;
  }

  get currentStatus(): RunStatus {
    return this.status;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Starts a new run, or goes on with a recovered one. */
  start(): void {
    if (this.status === 'queued') {
      this.setRunStatus('running', { startedAt: this.services.now() });
    }
    for (const slot of this.slots.values()) {
      if ((slot.state.status === 'pending' && slot.waitingOn === 0) || slot.state.status === 'ready') this.enqueue(slot);
    }
    for (const [slot, error] of this.brokenMaps) this.fail(slot, error);
    this.brokenMaps.clear();
    for (const step of this.record.graph.steps) {
      const slot = this.slots.get(step.id);
      if (slot?.map) this.settleMap(slot);
    }
    this.pump();
  }

  pause(): void {
    if (this.isOver() || this.status === 'paused') return;
    this.setRunStatus('paused');
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.setRunStatus('running');
    this.pump();
  }

  /** Aborts running steps; every unfinished step ends cancelled. */
  stop(): void {
    if (this.isOver()) return;
    const reason = new Error('The run was cancelled.');
    reason.name = 'AbortError';
    this.cancel.abort(reason);
    for (const slot of this.slots.values()) {
      if (slot.state.status === 'running' || isTerminal(slot.state.status)) continue;
      if (slot.approvalId) this.resolveApproval(slot, 'rejected', 'system', 'The run was cancelled.', undefined);
      this.transition(slot, { status: 'cancelled', endedAt: this.services.now(), error: 'The run was cancelled.' });
    }
    this.settleIfDone();
  }

  /** The host is stopping: abort in-flight agents. Nothing more is recorded, so their steps stay `running` for recovery. */
  abandon(): void {
    const reason = new Error('The host stopped.');
    reason.name = 'AbortError';
    this.cancel.abort(reason);
  }

  /** Applies a person's answer to the step's pending approval. */
  decide(
    approval: Approval,
    decision: 'approve' | 'reject' | 'skip',
    by: string,
    comment: string | undefined,
    editedInput: unknown,
    answer?: Record<string, unknown>,
  ): void {
    const slot = this.slots.get(approval.stepId);
    if (!slot || slot.approvalId !== approval.id || slot.state.status !== 'waiting_approval') return;
    const now = this.services.now();
    if (approval.kind === 'question' && decision === 'approve') {
      // The person's answer is the step's output; nothing runs.
      this.resolveApproval(slot, 'approved', by, comment, answer);
      this.succeed(slot, answer ?? {}, { startedAt: slot.state.startedAt ?? now, waitingReason: null });
      if (this.status === 'waiting_approval') this.setRunStatus('running');
      return;
    }
    if (decision === 'approve') {
      this.resolveApproval(slot, 'approved', by, comment, editedInput);
      slot.approved = { input: editedInput ?? approval.input };
      this.transition(slot, { status: 'ready', waitingReason: null, ...(editedInput !== undefined ? { input: editedInput } : {}) });
      this.enqueue(slot, true);
      if (this.status === 'waiting_approval') this.setRunStatus('running');
      this.pump();
      return;
    }
    if (decision === 'skip') {
      this.resolveApproval(slot, 'skipped', by, comment, undefined);
      this.transition(slot, { status: 'skipped', endedAt: now, waitingReason: null, error: `Skipped by ${by}${comment ? `: ${comment}` : '.'}` });
      this.skipDependents(slot, `"${slot.step.id}" was skipped`);
    } else {
      this.resolveApproval(slot, 'rejected', by, comment, undefined);
      this.fail(slot, `Rejected by ${by}${comment ? `: ${comment}` : '.'}`);
    }
    this.pump();
  }

  // ---- scheduling ----------------------------------------------------------------------------

  private enqueue(slot: StepSlot, persisted = false): void {
    this.changeStatus(slot, 'ready');
    if (persisted) slot.persistedStatus = 'ready';
    // An item's `ready` is not written: until it runs, a restart makes it again from the map step's list.
    else if (!slot.parent) this.readyRecords.noteReady(slot);
    this.ready.push(slot.step.id);
  }

  /** Starts every ready step the limits allow; then records `ready` for those left waiting. */
  private pump(): void {
    // A cache hit finishes a step inside the loop and asks to pump again: loop, don't recurse.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.pumpOnce();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
    this.settleIfDone();
  }

  private pumpOnce(): void {
    if (this.status === 'paused' || this.isOver()) return;
    const limit = this.record.options.concurrency;
    const skipped: string[] = [];
    while (this.readyHead < this.ready.length && this.running < limit) {
      const id = this.ready[this.readyHead++] as string;
      const slot = this.slots.get(id);
      if (!slot || slot.state.status !== 'ready') continue;
      const map = slot.parent?.map;
      if (map && map.running >= map.limit) {
        map.parked.push(id);
        continue;
      }
      const agentLimit = this.record.options.agentConcurrency[slot.agent.id];
      if (agentLimit !== undefined && (this.runningByAgent.get(slot.agent.id) ?? 0) >= agentLimit) {
        skipped.push(id);
        continue;
      }
      this.begin(slot);
    }
    if (skipped.length > 0) {
      this.ready.splice(this.readyHead, 0, ...skipped);
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
  }

  /** What references resolve against: one object for the run, and one per map item (with its element). */
  private readonly references: ReferenceSource = {
    output: (stepId) => {
      const upstream = this.slots.get(stepId);
      return upstream && upstream.state.status === 'succeeded' ? { found: true, value: upstream.state.output } : { found: false };
    },
    context: () => Object.fromEntries(this.context),
  };

  private referencesFor(slot: StepSlot | null): ReferenceSource {
    return slot?.item ? { output: this.references.output, context: this.references.context, item: slot.item } : this.references;
  }

  private readonly cache = { lookup: (key: string) => this.services.store.runs.cacheGet(key) };

  /** Runs the prepare stages; starts the agent when they say so. */
  private begin(slot: StepSlot): void {
    if (slot.step.forEach && !slot.parent) {
      this.beginMap(slot);
      return;
    }
    let preparation: Preparation;
    try {
      preparation = prepare(
        {
          workspaceId: this.workspaceId,
          step: slot.step,
          agent: slot.agent,
          approvedInput: slot.approved,
          autoApprove: this.record.options.autoApprove,
          references: this.referencesFor(slot),
          cache: this.cache,
          item: slot.item,
        },
        slot.step.input,
      );
    } catch (error) {
      preparation = { kind: 'fail', input: slot.step.input, error: describeError(error) };
    }
    const now = this.services.now();
    switch (preparation.kind) {
      case 'fail':
        this.fail(slot, preparation.error, { input: preparation.input });
        return;
      case 'cached': {
        const key = cacheKey(this.workspaceId, slot.agent, preparation.input, slot.item);
        this.services.journal.write(() => this.services.store.runs.cacheHit(key));
        this.succeed(slot, preparation.output, { input: preparation.input, cacheHit: true, startedAt: now });
        return;
      }
      case 'approval':
        this.requestApproval(slot, preparation.input, 'policy', preparation.reason);
        return;
      case 'run':
        if (slot.agent.asksPerson) {
          const question = (preparation.input as { question?: unknown } | null)?.question;
          this.requestApproval(slot, preparation.input, 'question', typeof question === 'string' ? question : 'A question for you.');
          return;
        }
        this.launch(slot, preparation.input);
    }
  }

  private launch(slot: StepSlot, input: unknown): void {
    this.running++;
    if (slot.parent?.map) slot.parent.map.running++;
    this.runningByAgent.set(slot.agent.id, (this.runningByAgent.get(slot.agent.id) ?? 0) + 1);
    const attempt = slot.state.attempt + 1;
    const running: StepRunPatch = { status: 'running', attempt, input, startedAt: this.services.now(), endedAt: null, error: null, waitingReason: null };
    const { journal } = this.services;
    if (slot.agent.idempotent && journal.pending + this.records.pending < EAGER_WRITE_LIMIT && journal.age() < EAGER_WINDOW_MS) {
      // Safe to repeat, so it need not wait for `running` to be durable: if the host dies first, recovery
      // finds the step not started and runs it. Its events still go out only after the commit.
      this.transition(slot, running);
      this.executeSlot(slot, input, attempt);
      return;
    }
    // Not safe to repeat: `running` is committed before the agent is called, so recovery knows it may have happened.
    this.transition(slot, running, () => this.executeSlot(slot, input, attempt));
  }

  private executeSlot(slot: StepSlot, input: unknown, attempt: number): void {
    if (this.cancel.signal.aborted) {
      this.finishRunning(slot);
      this.transition(slot, { status: 'cancelled', endedAt: this.services.now(), error: 'The run was cancelled.' });
      this.settleIfDone();
      return;
    }
    const context = new StepAttempts(
      this.attemptHost,
      slot,
      slot.step,
      slot.agent,
      input,
      this.cancel.signal,
      attempt,
      this.rateKeys(slot.agent.id),
      slot.step.resources?.length ? slot.step.resources.map((name) => `${this.workspaceId}:${name}`) : [],
      this.services.random,
    );
    execute(context, this.stages).then(
      (result) => {
        this.finishRunning(slot);
        this.succeed(slot, result.output, {});
      },
      (error: unknown) => {
        this.finishRunning(slot);
        if (this.cancel.signal.aborted) {
          this.transition(slot, { status: 'cancelled', endedAt: this.services.now(), error: 'The run was cancelled.' });
          this.settleIfDone();
          return;
        }
        const onError = slot.step.onError;
        if (onError?.action === 'default') {
          this.log(slot, 'warn', `Failed (${describeError(error)}); using the step's default value instead.`);
          this.succeed(slot, onError.value, {}, describeError(error));
          return;
        }
        this.fail(slot, describeError(error));
        this.pump();
      },
    );
  }

  /** The rate-limit keys of an agent's steps, made once per agent. */
  private rateKeys(agentId: string): string[] {
    let keys = this.rateKeysByAgent.get(agentId);
    if (!keys) this.rateKeysByAgent.set(agentId, (keys = [`agent:${agentId}`]));
    return keys;
  }

  private readonly rateKeysByAgent = new Map<string, string[]>();

  /** What the pipeline calls back for a step's attempts; one object for the whole run. */
  private readonly attemptHost: AttemptHost<StepSlot> = {
    agentContext: (slot, execution) => this.agentContext(slot, execution),
    retry: (slot, failed, error, delayMs) => {
      this.appendEvent('step.retry', slot, failed, { error: describeError(error), delayMs });
      this.log(slot, 'warn', `Attempt ${failed} failed: ${describeError(error)} Retrying in ${delayMs} ms.`);
    },
    attempt: (slot, next) => {
      slot.state.attempt = next;
      this.records.save(slot.state);
      this.appendEvent('step.attempt', slot, next, {});
    },
    wait: (slot, message) => this.log(slot, 'info', message),
    tokensUsed: (slot) => slot.tokens,
  };

  private finishRunning(slot: StepSlot): void {
    this.running--;
    this.runningByAgent.set(slot.agent.id, (this.runningByAgent.get(slot.agent.id) ?? 1) - 1);
    const map = slot.parent?.map;
    if (map) {
      map.running--;
      // A slot of this map is free: the oldest item held back goes back in line.
      const next = unpark(map, (id) => this.slots.get(id)?.state.status === 'ready');
      if (next !== undefined) this.ready.push(next);
    }
  }

  // ---- map steps -----------------------------------------------------------------------------

  /** A map step's turn: read its list, check it, and put one item per element in line. */
  private beginMap(slot: StepSlot): void {
    const resolved = resolveList(slot.step, this.referencesFor(null));
    if (!resolved.ok) {
      this.fail(slot, resolved.error);
      return;
    }
    const count = resolved.list.length;
    this.openMap(slot, resolved.list, false);
    this.transition(slot, {
      status: 'running',
      attempt: slot.state.attempt + 1,
      input: resolved.list,
      startedAt: this.services.now(),
      endedAt: null,
      error: null,
      waitingReason: null,
    });
    const kept = slot.map?.counts.succeeded ?? 0;
    this.log(slot, 'info', `For each of ${count} item${count === 1 ? '' : 's'}${kept > 0 ? ` (${kept} kept from before)` : ''}.`);
    for (const item of slot.items) if (item.state.status === 'pending') this.enqueue(item);
    this.settleMap(slot);
  }

  /**
   * Makes the items of a map step. `keepAll` (after a restart): every stored item keeps its record;
   * otherwise (a retry) only the items that succeeded are kept and the others run again.
   */
  private openMap(slot: StepSlot, list: unknown[], keepAll: boolean): void {
    const map = openMapState(list, slot.step.concurrency ?? this.record.options.concurrency);
    slot.map = map;
    slot.items = [];
    const stored = this.storedItems.get(slot.step.id);
    this.storedItems.delete(slot.step.id);
    const stepFor = itemSteps(slot.step);
    for (let index = 0; index < list.length; index++) {
      const value = list[index];
      const before = stored?.get(index);
      let state: StepRun;
      if (before && (keepAll || before.status === 'succeeded')) state = before;
      else {
        state = pendingItem(slot.step, index);
        if (before) state.attempt = before.attempt;
      }
      const item = itemSlot(slot, stepFor(index), state, { value, index }, before?.status ?? 'pending');
      this.slots.set(item.step.id, item);
      slot.items.push(item);
      this.itemCounts[state.status]++;
      map.counts[state.status]++;
    }
  }

  /** Items that ended while {@link decideTogether} applied a person's decisions; their map steps react after. */
  private deferredItems: StepSlot[] | null = null;

  /**
   * Applies several decisions as one: a rejected item of a map step that fails fast does not skip the
   * other items before the person's decisions about them are recorded ("reject all" rejects every item).
   */
  decideTogether(apply: () => void): void {
    const outer = this.deferredItems === null;
    if (outer) this.deferredItems = [];
    try {
      apply();
    } finally {
      if (outer) {
        const ended = this.deferredItems ?? [];
        this.deferredItems = null;
        for (const item of ended) this.itemEnded(item);
        this.pump();
      }
    }
  }

  /** An item ended: on the first failure of a map step that fails fast, the items not yet running are skipped. */
  private itemEnded(item: StepSlot): void {
    if (this.deferredItems) {
      this.deferredItems.push(item);
      return;
    }
    const parent = item.parent;
    const map = parent?.map;
    if (!parent || !map || map.settling) return;
    if (item.state.status === 'failed' && (parent.step.onItemError ?? 'fail') === 'fail' && !map.stopping) {
      map.stopping = true;
      map.settling = true;
      try {
        const why = `item ${item.item?.index ?? '?'} failed`;
        for (const other of parent.items) {
          const status = other.state.status;
          if (status === 'running' || isTerminal(status)) continue;
          if (other.approvalId) this.resolveApproval(other, 'skipped', 'system', `Skipped: ${why}.`, undefined);
          this.transition(other, { status: 'skipped', endedAt: this.services.now(), error: `Skipped: ${why}.`, waitingReason: null });
        }
      } finally {
        map.settling = false;
      }
    }
    this.settleMap(parent);
  }

  /** Ends a map step once none of its items is open: its output is the items' outputs in list order. */
  private settleMap(slot: StepSlot): void {
    const map = slot.map;
    if (!map || map.settling || slot.state.status !== 'running') return;
    const counts = map.counts;
    if (counts.pending + counts.ready + counts.running + counts.waiting_approval > 0) return;
    const items = slot.items.map((item) => item.state);
    slot.tokens = items.reduce((sum, item) => sum + item.tokens, 0);
    slot.costUsd = items.reduce((sum, item) => sum + item.costUsd, 0);
    if (this.cancel.signal.aborted || counts.cancelled > 0) {
      this.transition(slot, { status: 'cancelled', endedAt: this.services.now(), error: 'The run was cancelled.', tokens: slot.tokens, costUsd: slot.costUsd });
      this.settleIfDone();
    } else if (counts.failed > 0 && (slot.step.onItemError ?? 'fail') === 'fail') {
      this.fail(slot, mapFailure(items));
      this.pump();
    } else {
      if (counts.failed + counts.skipped > 0) {
        this.log(slot, 'warn', `${counts.failed + counts.skipped} of ${items.length} items did not succeed; they are marked in the output.`);
      }
      this.succeed(slot, mapOutput(items), {});
    }
  }

  private scope: RunScope | null = null;

  private agentContext(slot: StepSlot, execution: ExecuteContext): AgentContext {
    this.scope ??= {
      runId: this.id,
      workspaceId: this.workspaceId,
      services: this.services,
      context: this.context,
      messages: this.messages,
      access: this.services.workspaceAccess(this.workspaceId, this.record.options.allowHosts),
      log: (target, level, message) => this.log(target, level, message),
      appendEvent: (type, target, attempt, payload) => this.appendEvent(type, target, attempt, payload),
    };
    return agentContextFor(this.scope, slot, execution);
  }

  // ---- outcomes ------------------------------------------------------------------------------

  private succeed(slot: StepSlot, output: unknown, extra: StepRunPatch, recoveredFrom?: string): void {
    const now = this.services.now();
    if (!extra.cacheHit && !slot.map && cacheEnabled(slot.step, slot.agent) && recoveredFrom === undefined) {
      const key = cacheKey(this.workspaceId, slot.agent, slot.state.input, slot.item);
      const entry = { key, agentId: slot.agent.id, agentVersion: slot.agent.version, output, createdAt: now };
      this.services.journal.write(() => this.services.store.runs.cachePut(entry));
    }
    this.transition(slot, {
      status: 'succeeded',
      output,
      endedAt: now,
      error: recoveredFrom ?? null,
      tokens: slot.tokens,
      costUsd: slot.costUsd,
      cacheHit: extra.cacheHit ?? false,
      ...extra,
    });
    for (const id of slot.dependents) {
      const dependent = this.slots.get(id);
      if (!dependent || dependent.state.status !== 'pending') continue;
      dependent.waitingOn--;
      if (dependent.waitingOn === 0) this.enqueue(dependent);
    }
    this.pump();
  }

  private fail(slot: StepSlot, error: string, extra: StepRunPatch = {}): void {
    this.transition(slot, { status: 'failed', endedAt: this.services.now(), error, tokens: slot.tokens, costUsd: slot.costUsd, ...extra });
    this.log(slot, 'error', error);
    this.skipDependents(slot, `"${slot.step.id}" failed`);
    this.settleIfDone();
  }

  private skipDependents(slot: StepSlot, why: string): void {
    const stack = [...slot.dependents];
    while (stack.length > 0) {
      const dependent = this.slots.get(stack.pop() as string);
      if (!dependent || isTerminal(dependent.state.status) || dependent.state.status === 'running') continue;
      if (dependent.approvalId) this.resolveApproval(dependent, 'skipped', 'system', why, undefined);
      this.transition(dependent, { status: 'skipped', endedAt: this.services.now(), error: `Skipped: ${why}.` });
      stack.push(...dependent.dependents);
    }
  }

  // ---- approvals -----------------------------------------------------------------------------

  /** Puts a step in front of a person: a policy gate, or an interrupted step that is not safe to repeat. */
  private requestApproval(target: StepSlot, input: unknown, kind: Approval['kind'], reason: string): void {
    const approval: Approval = {
      id: this.services.newId(),
      workspaceId: this.workspaceId,
      runId: this.id,
      stepId: target.step.id,
      kind,
      reason,
      status: 'pending',
      input,
      requestedAt: this.services.now(),
      decidedAt: null,
      decidedBy: null,
      comment: null,
      editedInput: null,
    };
    target.approvalId = approval.id;
    this.services.journal.write(() => this.services.store.runs.insertApproval(approval));
    this.records.afterCommit(() => this.services.bus.emit('approval.requested', { workspaceId: this.workspaceId, approval }));
    this.transition(target, { status: 'waiting_approval', input, waitingReason: reason });
    // --yes approves policy gates; running an interrupted step again is always asked for.
    if (this.record.options.autoApprove && kind === 'policy') {
      this.records.afterCommit(() => this.decide(approval, 'approve', 'auto (--yes)', undefined, undefined));
    }
  }

  private resolveApproval(slot: StepSlot, status: Approval['status'], by: string, comment: string | undefined, editedInput: unknown): void {
    const id = slot.approvalId;
    if (!id) return;
    slot.approvalId = null;
    const patch = { status, decidedAt: this.services.now(), decidedBy: by, comment: comment ?? null, editedInput: editedInput ?? null };
    this.services.journal.write(() => this.services.store.runs.updateApproval(id, patch));
    this.records.afterCommit(() => {
      const approval = this.services.store.runs.approval(this.workspaceId, id);
      if (approval) this.services.bus.emit('approval.resolved', { workspaceId: this.workspaceId, approval });
    });
    this.appendEvent('approval.resolved', slot, slot.state.attempt, { approvalId: id, status, by, comment: comment ?? null });
  }

  /** After a restart: a ready step that a person had approved runs with the input it was approved with. */
  keepApproval(stepId: string): void {
    const slot = this.slots.get(stepId);
    if (slot && slot.state.status === 'ready') slot.approved = { input: slot.state.input };
  }

  /** Re-attaches a pending approval found in the store after a restart. */
  adoptApproval(stepId: string, approvalId: string): void {
    const slot = this.slots.get(stepId);
    if (slot) slot.approvalId = approvalId;
  }

  /** After a crash: what to do with a step that was running. */
  recoverInterrupted(stepId: string): void {
    const slot = this.slots.get(stepId);
    if (!slot || slot.state.status !== 'running') return;
    // A map step runs no agent itself: its items were given back to it when the run was loaded.
    if (slot.step.forEach && !slot.parent) return;
    if (slot.agent.idempotent) {
      this.log(slot, 'warn', `Interrupted during attempt ${slot.state.attempt}; running it again (the agent is idempotent, key ${this.id}:${stepId}).`);
      slot.approved = slot.state.input === null ? null : { input: slot.state.input };
      this.transition(slot, { status: 'ready' });
      this.enqueue(slot, true);
    } else {
      this.log(slot, 'warn', `Interrupted during attempt ${slot.state.attempt}; ${slot.agent.id} is not safe to repeat, so a person decides.`);
      this.requestApproval(slot, slot.state.input, 'interrupted', 'interrupted — run again or skip?');
    }
  }

  // ---- records -------------------------------------------------------------------------------

  private transition(slot: StepSlot, patch: StepRunPatch, then?: () => void): void {
    if (patch.status) {
      this.changeStatus(slot, patch.status);
      slot.persistedStatus = patch.status;
    }
    Object.assign(slot.state, patch);
    this.records.status(slot.state, slot.map ? slot.map.list.length : undefined, then);
    if (slot.parent && patch.status && isTerminal(patch.status)) this.itemEnded(slot);
  }

  private appendEvent(type: string, slot: StepSlot | null, attempt: number | null, payload: unknown, then?: () => void): void {
    this.records.event(type, slot?.step.id ?? null, attempt, payload, then);
  }

  private log(slot: StepSlot | null, level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    const at = this.services.now();
    this.appendEvent('step.log', slot, slot?.state.attempt ?? null, { level, message }, () =>
      this.services.bus.emit('step.log', { workspaceId: this.workspaceId, runId: this.id, stepId: slot?.step.id ?? null, level, message, at }),
    );
  }

  private setRunStatus(status: RunStatus, extra: { startedAt?: string; endedAt?: string; error?: string | null } = {}): void {
    if (this.status === status && Object.keys(extra).length === 0) return;
    this.status = status;
    const patch = { status, ...extra };
    const error = extra.error ?? null;
    this.services.journal.write(() => this.services.store.runs.update(this.id, patch));
    this.records.event('run.status', null, null, patch, () =>
      this.services.bus.emit('run.status', { workspaceId: this.workspaceId, runId: this.id, status, error }),
    );
  }

  private isOver(): boolean {
    return this.status === 'completed' || this.status === 'failed' || this.status === 'cancelled';
  }

  /** Ends the run when every step is done, or shows that it waits for a person. */
  private settleIfDone(): void {
    if (this.isOver()) return;
    const counts = this.counts;
    const open = counts.pending + counts.ready + counts.running + counts.waiting_approval;
    if (open === 0 && this.running === 0) {
      const now = this.services.now();
      if (this.cancel.signal.aborted || counts.cancelled > 0) this.setRunStatus('cancelled', { endedAt: now, error: 'The run was cancelled.' });
      else if (counts.failed > 0) {
        this.setRunStatus('failed', { endedAt: now, error: `${counts.failed} step${counts.failed === 1 ? '' : 's'} failed.` });
      } else this.setRunStatus('completed', { endedAt: now, error: null });
      this.records.afterCommit(() => this.settled());
      return;
    }
    if (this.status === 'paused') return;
    const busy = this.running > 0 || counts.ready > 0 || this.itemCounts.ready > 0;
    const waiting = counts.waiting_approval + this.itemCounts.waiting_approval;
    if (!busy && waiting > 0 && this.status !== 'waiting_approval') this.setRunStatus('waiting_approval');
    else if (busy && this.status === 'waiting_approval') this.setRunStatus('running');
  }
}
