import type { RunRepository } from './run-repository';
import type { TriggerRepository } from './trigger-repository';
import type { Plan, PlanSummary, PlanVersion, VersionSummary, Workspace } from '../api';

/** A JSON value as stored in settings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Workspaces: the top of every ownership chain. */
export interface WorkspaceRepository {
  list(): Workspace[];
  get(id: string): Workspace | undefined;
  insert(workspace: Workspace): void;
}

/**
 * Plans and their versions. Every read and write names the workspace:
 * a row of another workspace is never returned, changed or deleted.
 */
export interface PlanRepository {
  list(workspaceId: string): PlanSummary[];
  get(workspaceId: string, planId: string): Plan | undefined;
  insert(plan: Plan): void;
  update(workspaceId: string, planId: string, patch: { title?: string; headVersion?: number; updatedAt: string }): boolean;
  delete(workspaceId: string, planId: string): boolean;
  insertVersion(workspaceId: string, version: PlanVersion): void;
  getVersion(workspaceId: string, planId: string, number: number): PlanVersion | undefined;
  listVersions(workspaceId: string, planId: string): VersionSummary[];
}

/** Settings, a JSON value per key per workspace. */
export interface SettingsRepository {
  all(workspaceId: string): Record<string, JsonValue>;
  set(workspaceId: string, key: string, value: JsonValue): void;
}

/** The persistence port of the engine. Adapters: SQLite (file or `:memory:`). */
export interface Store {
  /** The highest migration applied. */
  readonly schemaVersion: number;
  readonly workspaces: WorkspaceRepository;
  readonly plans: PlanRepository;
  readonly settings: SettingsRepository;
  readonly runs: RunRepository;
  readonly triggers: TriggerRepository;
  /** Runs `work` atomically: all of its writes land, or none do. */
  transaction<T>(work: () => T): T;
  close(): void;
}
