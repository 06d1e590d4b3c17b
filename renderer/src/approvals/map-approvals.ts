import { parseItemStepId, type Approval } from '../api/contract';

/**
 * Approvals of the items of a map step, answered together. An item runs as the child step
 * `STEP[INDEX]` and asks as an ordinary approval of that id; the items waiting at once of one map
 * step of one run, of one kind, are one thing to decide. Pure and DOM-free.
 */

/** The waiting items of one map step of one run. */
export interface MapApprovalGroup {
  key: string;
  runId: string;
  /** The map step (not an item's id). */
  stepId: string;
  kind: Approval['kind'];
  /** In index order. */
  items: { index: number; approval: Approval }[];
}

/** What the approval dialog and the Approvals page show as one entry. */
export type ApprovalReview = { type: 'single'; key: string; approval: Approval } | { type: 'map'; key: string; group: MapApprovalGroup };

/** Questions carry an answer each, so their items are asked one by one. */
const groupable = (approval: Approval) => approval.kind !== 'question';

/** The key of the entry an approval belongs to. */
export function reviewKeyOf(approval: Approval): string {
  const item = groupable(approval) ? parseItemStepId(approval.stepId) : null;
  return item ? `map:${approval.runId}:${item.stepId}:${approval.kind}` : `single:${approval.id}`;
}

/** Pending approvals as entries, in the order of each entry's first request (the input's order). */
export function groupApprovals(approvals: readonly Approval[]): ApprovalReview[] {
  const reviews: ApprovalReview[] = [];
  const groups = new Map<string, MapApprovalGroup>();
  for (const approval of approvals) {
    const key = reviewKeyOf(approval);
    const item = key.startsWith('map:') ? parseItemStepId(approval.stepId) : null;
    if (!item) {
      reviews.push({ type: 'single', key, approval });
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      group = { key, runId: approval.runId, stepId: item.stepId, kind: approval.kind, items: [] };
      groups.set(key, group);
      reviews.push({ type: 'map', key, group });
    }
    group.items.push({ index: item.index, approval });
  }
  for (const group of groups.values()) group.items.sort((a, b) => a.index - b.index);
  return reviews;
}

/** The entry with this key among the pending approvals, or null when none of it waits any more. */
export function reviewByKey(approvals: readonly Approval[], key: string): ApprovalReview | null {
  return groupApprovals(approvals.filter((approval) => reviewKeyOf(approval) === key))[0] ?? null;
}

/** One answer of `approvals.decideMany`. */
export interface ItemDecision {
  approvalId: string;
  decision: 'approve' | 'reject' | 'skip';
  comment?: string;
}

/**
 * The answers for a group: approve every item, approve the selected ones and reject the rest, reject
 * every item, or (interrupted items only) skip every item. `comment` goes with every answer;
 * `unselectedComment` with the rejected rest.
 */
export function mapDecisions(
  group: MapApprovalGroup,
  action: 'approveAll' | 'approveSelected' | 'reject' | 'skipAll',
  selected: ReadonlySet<string>,
  comment?: string,
  unselectedComment?: string,
): ItemDecision[] {
  const said = comment?.trim() || undefined;
  if (action === 'skipAll') {
    return group.items.map(({ approval }) => ({ approvalId: approval.id, decision: 'skip' as const, ...(said ? { comment: said } : {}) }));
  }
  return group.items.map(({ approval }) => {
    const approve = action === 'approveAll' || (action === 'approveSelected' && selected.has(approval.id));
    const note = !approve && action === 'approveSelected' ? [said, unselectedComment].filter(Boolean).join(' — ') || undefined : said;
    return { approvalId: approval.id, decision: approve ? 'approve' : 'reject', ...(note ? { comment: note } : {}) };
  });
}

/** A one-line view of an item's input: `key: value` pairs, long values cut, at most `limit` characters. */
export function inputPreview(input: unknown, limit = 140): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
  const line =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? Object.entries(input as Record<string, unknown>)
          .map(([key, value]) => `${key}: ${text(value)}`)
          .join(' · ')
      : input === null || input === undefined
        ? ''
        : text(input);
  const flat = line.replace(/\s+/g, ' ').trim();
  const characters = Array.from(flat);
  return characters.length <= limit ? flat : `${characters.slice(0, limit - 1).join('')}…`;
}
