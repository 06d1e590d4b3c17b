import { z } from 'zod';
import { PlanGraph, type Input, type TizmorClient } from '../api/contract';

/**
 * Unsaved working copies are kept as workspace settings (`draft.<planId>`), in the workspace's
 * SQLite file: they outlive a restart of the app or the host, follow the data folder (the desktop
 * app and `npm run web` share it), and do not depend on the page's origin, which changes with the
 * headless host's port (localStorage is per origin, so a draft there would be lost).
 */
export const Draft = z.object({
  baseVersion: z.number().int().min(1),
  savedAt: z.string(),
  graph: PlanGraph,
  handPlaced: z.array(z.string()).default([]),
});
export type Draft = z.infer<typeof Draft>;

export const draftKey = (planId: string) => `draft.${planId}`;

/** The draft kept for a plan, or null when there is none (or it cannot be read). */
export async function readDraft(client: TizmorClient, workspaceId: string, planId: string): Promise<Draft | null> {
  const settings = await client.settings.get({ workspaceId });
  const value = settings[draftKey(planId)];
  if (value === undefined || value === null) return null;
  const parsed = Draft.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export async function writeDraft(client: TizmorClient, workspaceId: string, planId: string, draft: Draft): Promise<void> {
  // A draft is plain JSON: a graph the contract already validated, and strings.
  await client.settings.set({ workspaceId, key: draftKey(planId), value: draft as unknown as Input<'settings.set'>['value'] });
}

export async function clearDraft(client: TizmorClient, workspaceId: string, planId: string): Promise<void> {
  await client.settings.set({ workspaceId, key: draftKey(planId), value: null });
}
