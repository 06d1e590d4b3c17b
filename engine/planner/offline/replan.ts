import type { AgentDescriptor, PlanGraph, Step } from '../../api';
import type { OfflineRequest } from '../provider';
import { analyzeRequest } from './analyze-request';
import { planOffline, type OfflinePlan } from './offline-planner';

const APPROVAL = /\bapprov\w*|\bconfirm\w*|\bask me\b|(?<![\p{L}])[ולב]?(?:אישור|לאשר|אשר|אישור ידני|שאל אותי)(?![\p{L}])/iu;
const BEFORE_SEND = /\bsend\w*|\bpost\w*|\bemail\w*|\bupload\w*|\bpublish\w*|שליח|שלח|לשלוח|פרסום|העלא/iu;
const BEFORE_WRITE = /\bsav\w*|\bwrit\w*|\bstor\w*|שמיר|שמור|כתיב/iu;

function riskOf(catalog: readonly AgentDescriptor[], step: Step): AgentDescriptor['risk'] | undefined {
  return catalog.find((agent) => agent.id === step.agent)?.risk;
}

/** "add an approval before sending": the matching steps ask a person first. */
function withApprovals(graph: PlanGraph, instruction: string, catalog: readonly AgentDescriptor[]): { graph: PlanGraph; changed: string[] } {
  // A GET only reads; what sends is an outside step that does not just fetch.
  const external = (step: Step) => riskOf(catalog, step) === 'external' && step.input.method !== 'GET';
  const writes = (step: Step) => riskOf(catalog, step) === 'write';
  let match: (step: Step) => boolean = (step) => external(step) || writes(step);
  if (BEFORE_SEND.test(instruction)) match = external;
  else if (BEFORE_WRITE.test(instruction)) match = writes;
  let targets = graph.steps.filter(match);
  if (targets.length === 0) targets = graph.steps.filter((step) => step.dependsOn.length === 0).slice(0, 1);
  const ids = new Set(targets.map((step) => step.id));
  return {
    graph: { steps: graph.steps.map((step) => (ids.has(step.id) ? { ...step, approval: 'always' as const } : step)), layout: graph.layout },
    changed: [...ids],
  };
}

/**
 * Offline replanning: approvals are added to the steps the instruction means; anything else
 * (e.g. "do it for every client: Acme, Globex") rebuilds the plan from the request and the
 * instruction together, which the notes say.
 */
export function replanOffline(context: OfflineRequest & { basePlan: { title: string; graph: PlanGraph } }): OfflinePlan {
  const instruction = context.instruction ?? '';
  const language = analyzeRequest(`${context.request} ${instruction}`, context.now).language;
  if (APPROVAL.test(instruction)) {
    const { graph, changed } = withApprovals(context.basePlan.graph, instruction, context.catalog);
    const note =
      language === 'he'
        ? `נוסף אישור ידני לפני: ${changed.join(', ')} (שינוי מקומי, ללא מודל).`
        : `Added an approval before: ${changed.join(', ')} (changed offline, no model used).`;
    return { title: context.basePlan.title, steps: graph.steps, notes: [note] };
  }
  const rebuilt = planOffline({ ...context, request: `${context.request}\n${instruction}` });
  const note =
    language === 'he'
      ? 'המתכנן המקומי בנה את התוכנית מחדש מהבקשה ומההוראה יחד (ללא מודל); שינויים שנעשו ביד בגרסה הקודמת לא הועברו — הם נשמרים בה, ואפשר להשוות בין הגרסאות.'
      : 'The offline planner rebuilt the plan from the request and the instruction together (no model used); changes made by hand to the previous version are not carried over — they stay in that version, and Compare shows them.';
  return { ...rebuilt, title: context.basePlan.title, notes: [note, ...rebuilt.notes] };
}
