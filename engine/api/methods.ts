import { z } from 'zod';
import {
  Id,
  Plan,
  PlanSummary,
  PlanWithVersion,
  SettingValue,
  SystemStatus,
  ValidationResult,
  VersionAuthor,
  VersionSummary,
  PlanVersion,
  Workspace,
} from './model';
import { PlanGraph } from './plan-file';

/** One method of the contract: the schema of what it takes and of what it returns. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for docs and the CLI. */
  summary: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> {
  return { input, output, summary };
}

const InWorkspace = z.object({ workspaceId: Id });
const PlanRef = InWorkspace.extend({ planId: Id });
/** A 4 MB cap on a plan file's text, checked before parsing. */
const FileText = z.string().max(4 * 1024 * 1024, 'the plan file is larger than 4 MB');

/**
 * THE CONTRACT: every method every host serves, by name `group.verb`.
 * Transports (Electron IPC, WebSocket, direct calls) are generic over this table.
 */
export const methods = {
  'system.status': method(z.object({}).default({}), SystemStatus, 'The host, its data folder and schema version.'),

  'workspaces.list': method(z.object({}).default({}), z.array(Workspace), 'All workspaces, the default first.'),
  'workspaces.create': method(
    z.object({ name: z.string().trim().min(1).max(100) }),
    Workspace,
    'Create a workspace.',
  ),

  'plans.list': method(InWorkspace, z.array(PlanSummary), 'Plans of a workspace, most recently changed first.'),
  'plans.create': method(
    InWorkspace.extend({
      title: z.string().trim().min(1).max(200),
      request: z.string().max(20_000).optional(),
      graph: PlanGraph.optional(),
      message: z.string().max(2000).optional(),
    }),
    PlanWithVersion,
    'Create a plan with version 1 (empty unless a graph is given).',
  ),
  'plans.get': method(
    PlanRef.extend({ version: z.number().int().min(1).optional() }),
    PlanWithVersion,
    'A plan and one version (the head by default).',
  ),
  'plans.rename': method(PlanRef.extend({ title: z.string().trim().min(1).max(200) }), Plan, 'Rename a plan.'),
  'plans.delete': method(PlanRef, z.object({ deleted: z.literal(true) }), 'Delete a plan and all its versions.'),
  'plans.validate': method(
    InWorkspace.extend({ graph: z.unknown() }),
    ValidationResult,
    'Check a graph: schema, duplicate ids, missing dependencies, cycles.',
  ),
  'plans.saveVersion': method(
    PlanRef.extend({
      graph: PlanGraph,
      message: z.string().trim().min(1, 'a version needs a message').max(2000),
      author: VersionAuthor.default('user'),
      /** The head the caller edited; a different current head answers `conflict`. */
      baseVersion: z.number().int().min(1).optional(),
    }),
    PlanVersion,
    'Save a graph as a new immutable version; it becomes the head.',
  ),
  'plans.versions': method(PlanRef, z.array(VersionSummary), 'Every version of a plan, newest first.'),
  'plans.restore': method(
    PlanRef.extend({ version: z.number().int().min(1) }),
    PlanVersion,
    'Make a new head version equal to an older one (history stays append-only).',
  ),
  'plans.importFile': method(
    InWorkspace.extend({ content: FileText, fileName: z.string().max(500).optional() }),
    PlanWithVersion,
    'Create a plan from the text of a plan file.',
  ),
  'plans.exportFile': method(
    PlanRef.extend({ version: z.number().int().min(1).optional() }),
    z.object({ fileName: z.string(), content: z.string() }),
    'The text of a plan file for one version (the head by default).',
  ),

  'settings.get': method(InWorkspace, z.record(z.string(), SettingValue), 'All settings of a workspace.'),
  'settings.set': method(
    InWorkspace.extend({ key: z.string().min(1).max(100), value: SettingValue }),
    z.record(z.string(), SettingValue),
    'Set one workspace setting; returns all of them.',
  ),
} satisfies Record<string, MethodSpec>;

/** Every method name, e.g. `plans.saveVersion`. */
export type MethodName = keyof typeof methods;
/** What a caller passes to a method (defaults may be left out). */
export type Input<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type ParsedInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>;
/** What a method returns. */
export type Output<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** The engine side of the contract: one handler per method. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<Output<M>> };
