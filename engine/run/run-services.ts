import type { AgentRegistry } from '../agents/registry';
import type { WorkspaceAccess } from '../agents/agent';
import type { EventBus } from '../core/event-bus';
import type { RateLimiter } from '../safety/rate-limiter';
import type { ResourceLocks } from '../safety/resource-locks';
import type { Store } from '../store/store';
import type { Journal } from './journal';

/** What every run shares with the engine: storage, events, agents and the engine-wide limits. */
export interface RunServices {
  store: Store;
  bus: EventBus;
  journal: Journal;
  agents: AgentRegistry;
  limiter: RateLimiter;
  locks: ResourceLocks;
  now(): string;
  newId(): string;
  /** For retry jitter; replaceable in tests. */
  random(): number;
  log(line: string): void;
  /** Folders and hosts a workspace's agents may touch, plus the hosts a run adds. */
  workspaceAccess(workspaceId: string, extraHosts: readonly string[]): WorkspaceAccess;
}
