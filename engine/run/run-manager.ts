import {
  RunOptions,
  TizmorError,
  parseItemStepId,
  pendingStepRun,
  type Approval,
  type PlanGraph,
  type ParsedInput,
  type Problem,
  type RunSummary,
  type Step,
  type StepRun,
} from '../api';
import type { AnyAgent } from '../agents/agent';
import { lintPlan } from '../plan/lint-plan';
import type { RunRecord } from '../store/run-repository';
import { RunExecution } from './run-execution';
import { RunLeases } from './run-lease';
import { checkAnswer } from '../agents/builtin/human-ask';
import type { RunServices } from './run-services';

/** How long `runs.cancel` waits for aborted steps to settle before it answers. */
const CANCEL_SETTLE_MS = 5000;

/** A step's record before it ever ran. */
const pendingStep = (step: Step): StepRun => pendingStepRun(step.id, step.agent);

/** `start` and every step that `joins` the set (given the set so far), repeated until nothing more joins. */
function closure(graph: PlanGraph, start: string, joins: (step: Step, set: ReadonlySet<string>) => boolean): Set<string> {
  const set = new Set([start]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const step of graph.steps) {
      if (!set.has(step.id) && joins(step, set)) {
        set.add(step.id);
        grew = true;
      }
    }
  }
  return set;
}

/** Makes the agent a step runs with: the registry's, or its simulator in a dry run. */
export type AgentResolver = (step: Step, simulate: boolean) => AnyAgent;

/**
 * Starts, steers and recovers runs. Holds the executions that are live in this host;
 * everything they know is also in the store, so a restarted host can pick them up.
 */
export class RunManager {
  private readonly live = new Map<string, RunExecution>();
  private readonly leases: RunLeases;

  constructor(
    private readonly services: RunServices,
    private readonly resolveAgent: AgentResolver,
    /** Problems only the host can see (e.g. a step that needs a model when none is configured). */
    private readonly extraProblems: (workspaceId: string, graph: PlanGraph) => Problem[] = () => [],
  ) {
    this.leases = new RunLeases(services.store);
  }

  /** Checks the plan, records the run with every step pending, and starts it. */
  start(input: ParsedInput<'runs.start'>, workspaceSettings: Record<string, unknown>): RunSummary {
    const { store } = this.services;
    let graph: PlanGraph;
    let planId: string | null = null;
    let planVersion: number | null = null;
    let title: string;
    if (input.planId) {
      const plan = store.plans.get(input.workspaceId, input.planId);
      if (!plan) throw new TizmorError('not_found', `There is no plan with id "${input.planId}" in this workspace.`);
      const version = store.plans.getVersion(input.workspaceId, plan.id, input.version ?? plan.headVersion);
      if (!version) throw new TizmorError('not_found', `Plan "${plan.title}" has no version ${input.version}.`);
      graph = version.graph;
      planId = plan.id;
      planVersion = version.number;
      title = plan.title;
    } else if (input.graph) {
      graph = input.graph;
      title = input.title ?? 'Ad-hoc plan';
    } else {
      throw new TizmorError('bad_input', 'Start a run with a planId or a graph.');
    }
    if (graph.steps.length === 0) throw new TizmorError('bad_input', 'The plan has no steps to run.');
    const simulate = input.options?.simulate ?? false;
    const problems = [...lintPlan(graph, this.services.agents), ...(simulate ? [] : this.extraProblems(input.workspaceId, graph))];
    if (problems.length > 0) {
      throw new TizmorError(
        'bad_input',
        problems.length === 1 ? (problems[0]?.message ?? '') : `The plan has ${problems.length} problems; the first: ${problems[0]?.message}`,
        problems,
      );
    }
    const defaults = (workspaceSettings['run.defaults'] ?? {}) as Record<string, unknown>;
    const options = RunOptions.parse({ ...defaults, ...(input.options ?? {}) });
    const now = this.services.now();
    const record: RunRecord = {
      id: this.services.newId(),
      workspaceId: input.workspaceId,
      planId,
      planVersion,
      title,
      status: 'queued',
      trigger: input.trigger,
      simulate: options.simulate,
      createdAt: now,
      startedAt: null,
      endedAt: null,
      error: null,
      graph,
      options,
    };
    const steps: StepRun[] = graph.steps.map(pendingStep);
    store.transaction(() => {
      store.runs.insert(record, steps);
      this.leases.hold(record.id);
      for (const [key, value] of Object.entries(input.context ?? {})) store.runs.setContext(record.id, key, value);
    });
    const execution = this.track(record, steps);
    execution.start();
    return this.summary(input.workspaceId, record.id);
  }

  /**
   * Picks up runs left unfinished (all of them, or only `runIds`) that no other live process is running.
   * A crashed host's runs are taken at once; a live host's are left to it.
   */
  recover(filter: { runIds?: readonly string[] } = {}): { resumed: number; heldElsewhere: string[] } {
    const { store } = this.services;
    let resumed = 0;
    const heldElsewhere: string[] = [];
    for (const record of store.runs.unfinished()) {
      if (this.live.has(record.id)) continue;
      if (filter.runIds && !filter.runIds.includes(record.id)) continue;
      const claim = this.leases.claim(record.id);
      if (!claim.ok) {
        heldElsewhere.push(record.id);
        continue;
      }
      const steps = store.runs.steps(record.id);
      let execution: RunExecution;
      try {
        execution = this.track(record, steps);
      } catch (error) {
        this.services.log(`run ${record.id} cannot be recovered: ${String(error)}`);
        continue;
      }
      const approvals = store.runs.approvals(record.workspaceId, { runId: record.id });
      const pending = approvals.filter((approval) => approval.status === 'pending');
      for (const approval of pending) execution.adoptApproval(approval.stepId, approval.id);
      // A step approved (perhaps with an edited input) that had not started keeps its approval and input.
      const latest = new Map<string, (typeof approvals)[number]>();
      for (const approval of approvals) {
        const seen = latest.get(approval.stepId);
        if (!seen || approval.requestedAt > seen.requestedAt) latest.set(approval.stepId, approval);
      }
      for (const step of steps) {
        if (step.status === 'ready' && latest.get(step.stepId)?.status === 'approved') execution.keepApproval(step.stepId);
      }
      for (const step of steps) if (step.status === 'running') execution.recoverInterrupted(step.stepId);
      execution.start();
      // A run started with --yes had its policy gates approved; one the host died before recording is approved now.
      // An interrupted step is different: running it again is a person's choice.
      if (record.options.autoApprove) {
        for (const approval of pending) {
          if (approval.kind === 'policy') execution.decide(approval, 'approve', 'auto (--yes)', undefined, undefined);
        }
      }
      resumed++;
    }
    return { resumed, heldElsewhere };
  }

  pause(workspaceId: string, runId: string): RunSummary {
    this.requireLive(workspaceId, runId).pause();
    return this.summaryAfterCommit(workspaceId, runId);
  }

  /** Goes on with a paused run, or picks up an unfinished run that no live process is running. */
  resume(workspaceId: string, runId: string): RunSummary {
    if (!this.live.has(runId) && this.services.store.runs.summary(workspaceId, runId)) {
      const { heldElsewhere } = this.recover({ runIds: [runId] });
      if (heldElsewhere.length > 0) {
        throw new TizmorError('conflict', 'Another Tizmor process is running this run right now; steer it there (or wait until it stops).', {
          holder: this.services.store.runs.lease(runId)?.owner,
        });
      }
    }
    this.requireLive(workspaceId, runId).resume();
    return this.summaryAfterCommit(workspaceId, runId);
  }

  /** Aborts the run and answers once its running steps have settled (agents are cut off at once, so this is quick). */
  async cancel(workspaceId: string, runId: string): Promise<RunSummary> {
    const execution = this.requireLive(workspaceId, runId);
    execution.stop();
    await Promise.race([execution.finished, new Promise((resolve) => setTimeout(resolve, CANCEL_SETTLE_MS))]);
    return this.summaryAfterCommit(workspaceId, runId);
  }

  decide(input: ParsedInput<'approvals.decide'>): Approval {
    const approval = this.checkDecision(input);
    const execution = this.requireLive(input.workspaceId, approval.runId);
    execution.decide(approval, input.decision, input.decidedBy ?? 'you', input.comment, input.editedInput, input.answer);
    this.services.journal.flush();
    return this.services.store.runs.approval(input.workspaceId, approval.id) ?? approval;
  }

  /** Many decisions at once (a map step's items): all are checked before any is applied, then one commit. */
  decideMany(input: ParsedInput<'approvals.decideMany'>): Approval[] {
    const ids = new Set<string>();
    const checked = input.decisions.map((decision) => {
      if (ids.has(decision.approvalId)) throw new TizmorError('bad_input', `Approval "${decision.approvalId}" is decided twice in one call.`);
      ids.add(decision.approvalId);
      const approval = this.checkDecision({ workspaceId: input.workspaceId, ...decision });
      return { approval, decision, execution: this.requireLive(input.workspaceId, approval.runId) };
    });
    // Per run, as one: each item gets the person's own decision before its map step reacts to any of them.
    for (const execution of new Set(checked.map((entry) => entry.execution))) {
      execution.decideTogether(() => {
        for (const entry of checked) {
          if (entry.execution !== execution) continue;
          execution.decide(entry.approval, entry.decision.decision, input.decidedBy ?? 'you', entry.decision.comment, undefined);
        }
      });
    }
    this.services.journal.flush();
    return checked.map(({ approval }) => this.services.store.runs.approval(input.workspaceId, approval.id) ?? approval);
  }

  private checkDecision(input: Pick<ParsedInput<'approvals.decide'>, 'workspaceId' | 'approvalId' | 'decision' | 'answer'>): Approval {
    const approval = this.services.store.runs.approval(input.workspaceId, input.approvalId);
    if (!approval) throw new TizmorError('not_found', `There is no approval with id "${input.approvalId}" in this workspace.`);
    if (approval.status !== 'pending') {
      throw new TizmorError('conflict', `This approval was already answered (${approval.status}${approval.decidedBy ? ` by ${approval.decidedBy}` : ''}).`);
    }
    if (input.decision === 'skip' && approval.kind !== 'interrupted') {
      throw new TizmorError('bad_input', 'Only an interrupted step can be skipped; approve or reject this one.');
    }
    if (approval.kind === 'question' && input.decision === 'approve') {
      const problem = input.answer ? checkAnswer(approval.input, input.answer) : 'Answer the question to go on (or reject it).';
      if (problem) throw new TizmorError('bad_input', problem);
    }
    return approval;
  }

  /** Runs a failed step of a finished run again; the steps it caused to be skipped wait for it again. */
  retryStep(workspaceId: string, runId: string, stepId: string): RunSummary {
    const { store } = this.services;
    const record = store.runs.get(workspaceId, runId);
    if (!record) throw new TizmorError('not_found', `There is no run with id "${runId}" in this workspace.`);
    if (this.live.has(runId)) throw new TizmorError('conflict', 'The run is still going; retry the step once it has ended (or cancel it).');
    const item = parseItemStepId(stepId);
    if (item) {
      throw new TizmorError('bad_input', `"${stepId}" is an item of the map step "${item.stepId}": retry "${item.stepId}" — its items that succeeded are kept and the others run again.`);
    }
    const steps = store.runs.steps(runId);
    const byId = new Map(steps.map((step) => [step.stepId, step]));
    const target = byId.get(stepId);
    if (!target) throw new TizmorError('not_found', `Run ${runId} has no step "${stepId}".`);
    if (target.status !== 'failed') throw new TizmorError('conflict', `Step "${stepId}" ${target.status === 'succeeded' ? 'succeeded' : `is ${target.status}`}; only a failed step can be retried.`);
    // Reset the step, and each skipped dependent whose other dependencies succeeded or are reset too.
    const reset = closure(
      record.graph,
      stepId,
      (step, set) =>
        byId.get(step.id)?.status === 'skipped' &&
        step.dependsOn.some((dependency) => set.has(dependency)) &&
        step.dependsOn.every((dependency) => set.has(dependency) || byId.get(dependency)?.status === 'succeeded'),
    );
    const claim = this.leases.claim(runId);
    if (!claim.ok) throw new TizmorError('conflict', 'Another Tizmor process holds this run.');
    const seq = store.runs.lastSeq(runId);
    const now = this.services.now();
    store.transaction(() => {
      for (const id of reset) {
        store.runs.updateStep(runId, id, { status: 'pending', output: null, error: null, endedAt: null, waitingReason: null, cacheHit: false });
      }
      store.runs.update(runId, { status: 'running', endedAt: null, error: null });
      store.runs.appendEvents(runId, [{ seq: seq + 1, at: now, type: 'run.retry', stepId, attempt: target.attempt, payload: { reset: [...reset] } }]);
    });
    const fresh = store.runs.get(workspaceId, runId) as RunRecord;
    this.track(fresh, store.runs.steps(runId)).start();
    return this.summary(workspaceId, runId);
  }

  /**
   * A new run of the same graph from a step: steps outside that step's downstream that succeeded keep their
   * results; the step, its dependents and anything that had not succeeded run again.
   */
  rerunFrom(workspaceId: string, runId: string, stepId: string, dryRun: boolean): { run: RunSummary | null; rerun: string[]; reused: string[] } {
    const { store } = this.services;
    const record = store.runs.get(workspaceId, runId);
    if (!record) throw new TizmorError('not_found', `There is no run with id "${runId}" in this workspace.`);
    if (!record.graph.steps.some((step) => step.id === stepId)) throw new TizmorError('not_found', `Run ${runId} has no step "${stepId}".`);
    const downstream = closure(record.graph, stepId, (step, set) => step.dependsOn.some((dependency) => set.has(dependency)));
    const old = new Map(store.runs.steps(runId).map((step) => [step.stepId, step]));
    const reused = record.graph.steps.filter((step) => !downstream.has(step.id) && old.get(step.id)?.status === 'succeeded').map((step) => step.id);
    const reusedSet = new Set(reused);
    const rerun = record.graph.steps.filter((step) => !reusedSet.has(step.id)).map((step) => step.id);
    if (dryRun) return { run: null, rerun, reused };

    const now = this.services.now();
    const next: RunRecord = { ...record, id: this.services.newId(), status: 'queued', trigger: 'rerun', createdAt: now, startedAt: null, endedAt: null, error: null };
    const steps: StepRun[] = record.graph.steps.map((step) => {
      const previous = old.get(step.id);
      if (reusedSet.has(step.id) && previous) {
        return { ...previous, tokens: 0, costUsd: 0, cacheHit: false, waitingReason: null };
      }
      return pendingStep(step);
    });
    // A reused map step keeps its items' records too, so its drill-in list shows what produced its output.
    for (const previous of old.values()) {
      const item = parseItemStepId(previous.stepId);
      if (item && reusedSet.has(item.stepId)) steps.push({ ...previous, tokens: 0, costUsd: 0, cacheHit: false, waitingReason: null });
    }
    const context = store.runs.context(runId);
    store.transaction(() => {
      store.runs.insert(next, steps);
      this.leases.hold(next.id);
      for (const [key, value] of Object.entries(context)) store.runs.setContext(next.id, key, value);
      store.runs.appendEvents(
        next.id,
        reused.map((id, index) => ({ seq: index + 1, at: now, type: 'step.reused', stepId: id, attempt: null, payload: { fromRunId: runId } })),
      );
    });
    this.track(next, steps).start();
    return { run: this.summary(workspaceId, next.id), rerun, reused };
  }

  /** Resolves when the run is over (tests, CLI). */
  async waitFor(runId: string): Promise<void> {
    await this.live.get(runId)?.finished;
  }

  isLive(runId: string): boolean {
    return this.live.has(runId);
  }

  /** Writes everything queued (the host is stopping). Running steps stay `running` and are recovered at the next start. */
  flush(): void {
    this.services.journal.flush();
  }

  /** The host is stopping: commit what is queued, then abandon live runs without recording more. */
  shutdown(): void {
    this.services.journal.close();
    for (const execution of this.live.values()) execution.abandon();
    this.live.clear();
    this.leases.releaseAll();
  }

  private track(record: RunRecord, steps: StepRun[]): RunExecution {
    // Buckets are engine-wide (one agent's API limit holds across runs); a run's limits set them.
    for (const [key, limit] of Object.entries(record.options.rateLimits)) this.services.limiter.configure(key, limit);
    const execution = new RunExecution(this.services, record, steps, (step) => this.resolveAgent(step, record.options.simulate));
    this.live.set(record.id, execution);
    void execution.finished.then(() => {
      this.live.delete(record.id);
      this.services.journal.write(() => this.leases.release(record.id));
    });
    return execution;
  }

  private requireLive(workspaceId: string, runId: string): RunExecution {
    const execution = this.live.get(runId);
    if (execution && execution.workspaceId === workspaceId) return execution;
    const stored = this.services.store.runs.summary(workspaceId, runId);
    if (!stored) throw new TizmorError('not_found', `There is no run with id "${runId}" in this workspace.`);
    if (stored.status === 'completed' || stored.status === 'failed' || stored.status === 'cancelled') {
      throw new TizmorError('conflict', `The run is ${stored.status}; it cannot be changed any more.`);
    }
    throw new TizmorError(
      'conflict',
      `The run is ${stored.status} but not active in this process (another process left it unfinished). Resume it with \`tizmor runs resume ${runId}\`, or open the desktop app or \`tizmor serve\`, which pick up unfinished runs at start.`,
    );
  }

  private summaryAfterCommit(workspaceId: string, runId: string): RunSummary {
    this.services.journal.flush();
    return this.summary(workspaceId, runId);
  }

  private summary(workspaceId: string, runId: string): RunSummary {
    this.services.journal.flush();
    const summary = this.services.store.runs.summary(workspaceId, runId);
    if (!summary) throw new TizmorError('not_found', `There is no run with id "${runId}".`);
    return summary;
  }
}
