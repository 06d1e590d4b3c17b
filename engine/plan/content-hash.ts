import { createHash } from 'node:crypto';
import type { PlanGraph } from '../api';

/** JSON with object keys sorted, so equal graphs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}

/** sha256 of the canonical graph, steps and layout both: two versions with one hash are the same graph. */
export function graphContentHash(graph: PlanGraph): string {
  return createHash('sha256').update(canonicalJson(graph)).digest('hex');
}
