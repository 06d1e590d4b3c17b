import {
  TizmorError,
  type Handlers,
  type Plan,
  type PlanGraph,
  type PlanVersion,
  type PlanWithVersion,
  type VersionAuthor,
} from '../api';
import { graphContentHash } from '../plan/content-hash';
import { parsePlanFile, planFileName, serializePlanFile } from '../plan/plan-file-io';
import { findGraphProblems, validateGraph } from '../plan/validate-graph';
import type { EngineContext } from './context';
import { requireWorkspace } from './workspace-service';

type PlanHandlers = Pick<
  Handlers,
  | 'plans.list'
  | 'plans.create'
  | 'plans.get'
  | 'plans.rename'
  | 'plans.delete'
  | 'plans.validate'
  | 'plans.saveVersion'
  | 'plans.versions'
  | 'plans.restore'
  | 'plans.importFile'
  | 'plans.exportFile'
>;

/** Refuses a graph that could never run (duplicate ids, missing dependencies, cycles); drops layout of unknown steps. */
function checkedGraph(graph: PlanGraph): PlanGraph {
  const problems = findGraphProblems(graph);
  const blocking = problems.filter((problem) => problem.code !== 'dangling_layout');
  if (blocking.length > 0) {
    throw new TizmorError('bad_input', blocking[0]?.message ?? 'The plan graph is not valid.', blocking);
  }
  const ids = new Set(graph.steps.map((step) => step.id));
  const layout = Object.fromEntries(Object.entries(graph.layout).filter(([id]) => ids.has(id)));
  return { steps: graph.steps, layout };
}

export function planHandlers(context: EngineContext): PlanHandlers {
  const { store, bus } = context;

  function requirePlan(workspaceId: string, planId: string): Plan {
    requireWorkspace(context, workspaceId);
    const plan = store.plans.get(workspaceId, planId);
    if (!plan) throw new TizmorError('not_found', `There is no plan with id "${planId}" in this workspace.`, { planId });
    return plan;
  }

  function requireVersion(plan: Plan, number: number): PlanVersion {
    const version = store.plans.getVersion(plan.workspaceId, plan.id, number);
    if (!version) {
      throw new TizmorError('not_found', `Plan "${plan.title}" has no version ${number} (its newest is ${plan.headVersion}).`, {
        planId: plan.id,
        version: number,
      });
    }
    return version;
  }

  /** Appends a version and moves the head, in one transaction. */
  function appendVersion(
    plan: Plan,
    graph: PlanGraph,
    details: { author: VersionAuthor; message: string; baseVersion?: number },
  ): PlanVersion {
    const version = store.transaction(() => {
      const current = store.plans.get(plan.workspaceId, plan.id);
      if (!current) throw new TizmorError('not_found', `The plan "${plan.title}" was deleted.`, { planId: plan.id });
      if (details.baseVersion !== undefined && details.baseVersion !== current.headVersion) {
        throw new TizmorError(
          'conflict',
          `This plan changed since you opened it: you edited version ${details.baseVersion}, the newest is ${current.headVersion}.`,
          { baseVersion: details.baseVersion, headVersion: current.headVersion },
        );
      }
      const parent = store.plans.getVersion(plan.workspaceId, plan.id, current.headVersion);
      const next: PlanVersion = {
        id: context.newId(),
        planId: plan.id,
        number: current.headVersion + 1,
        parentId: parent?.id ?? null,
        author: details.author,
        message: details.message,
        contentHash: graphContentHash(graph),
        stepCount: graph.steps.length,
        createdAt: context.now(),
        graph,
      };
      store.plans.insertVersion(plan.workspaceId, next);
      store.plans.update(plan.workspaceId, plan.id, { headVersion: next.number, updatedAt: next.createdAt });
      return next;
    });
    bus.emit('plan.changed', { workspaceId: plan.workspaceId, planId: plan.id, change: 'version', headVersion: version.number });
    return version;
  }

  function createPlan(
    workspaceId: string,
    fields: { title: string; request?: string | undefined; graph: PlanGraph; message: string; author: VersionAuthor },
  ): PlanWithVersion {
    requireWorkspace(context, workspaceId);
    const graph = checkedGraph(fields.graph);
    const now = context.now();
    const plan: Plan = {
      id: context.newId(),
      workspaceId,
      title: fields.title,
      request: fields.request ?? null,
      headVersion: 1,
      createdAt: now,
      updatedAt: now,
    };
    const version: PlanVersion = {
      id: context.newId(),
      planId: plan.id,
      number: 1,
      parentId: null,
      author: fields.author,
      message: fields.message,
      contentHash: graphContentHash(graph),
      stepCount: graph.steps.length,
      createdAt: now,
      graph,
    };
    store.transaction(() => {
      store.plans.insert(plan);
      store.plans.insertVersion(workspaceId, version);
    });
    bus.emit('plan.changed', { workspaceId, planId: plan.id, change: 'created', headVersion: 1 });
    return { plan, version };
  }

  return {
    'plans.list': async ({ workspaceId }) => {
      requireWorkspace(context, workspaceId);
      return store.plans.list(workspaceId);
    },
    'plans.create': async ({ workspaceId, title, request, graph, message }) =>
      createPlan(workspaceId, {
        title,
        request,
        graph: graph ?? { steps: [], layout: {} },
        message: message ?? 'Created',
        author: 'user',
      }),
    'plans.get': async ({ workspaceId, planId, version }) => {
      const plan = requirePlan(workspaceId, planId);
      return { plan, version: requireVersion(plan, version ?? plan.headVersion) };
    },
    'plans.rename': async ({ workspaceId, planId, title }) => {
      requirePlan(workspaceId, planId);
      store.plans.update(workspaceId, planId, { title, updatedAt: context.now() });
      bus.emit('plan.changed', { workspaceId, planId, change: 'renamed' });
      return requirePlan(workspaceId, planId);
    },
    'plans.delete': async ({ workspaceId, planId }) => {
      requirePlan(workspaceId, planId);
      store.plans.delete(workspaceId, planId);
      bus.emit('plan.changed', { workspaceId, planId, change: 'deleted' });
      return { deleted: true as const };
    },
    'plans.validate': async ({ workspaceId, graph }) => {
      requireWorkspace(context, workspaceId);
      return validateGraph(graph);
    },
    'plans.saveVersion': async ({ workspaceId, planId, graph, message, author, baseVersion }) => {
      const plan = requirePlan(workspaceId, planId);
      return appendVersion(plan, checkedGraph(graph), { author, message, baseVersion });
    },
    'plans.versions': async ({ workspaceId, planId }) => {
      requirePlan(workspaceId, planId);
      return store.plans.listVersions(workspaceId, planId);
    },
    'plans.restore': async ({ workspaceId, planId, version }) => {
      const plan = requirePlan(workspaceId, planId);
      const old = requireVersion(plan, version);
      return appendVersion(plan, old.graph, { author: 'user', message: `Restored version ${version}` });
    },
    'plans.importFile': async ({ workspaceId, content, fileName }) => {
      const file = parsePlanFile(content);
      return createPlan(workspaceId, {
        title: file.title,
        request: file.request,
        graph: file.graph,
        message: fileName ? `Imported from ${fileName}` : 'Imported',
        author: 'user',
      });
    },
    'plans.exportFile': async ({ workspaceId, planId, version }) => {
      const plan = requirePlan(workspaceId, planId);
      const chosen = requireVersion(plan, version ?? plan.headVersion);
      return { fileName: planFileName(plan.title, chosen.number), content: serializePlanFile(plan, chosen.graph) };
    },
  };
}
