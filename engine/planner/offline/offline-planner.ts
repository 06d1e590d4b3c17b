import type { Step } from '../../api';
import type { OfflineRequest } from '../provider';
import type { Values } from './agent-choice';
import { analyzeRequest, type ExtractField, type RequestAnalysis } from './analyze-request';
import { mapBranch } from './map-plan';
import { hostOf, joined, PlanBuilder, slug } from './plan-builder';
import { duration, forItem, NOTES } from './titles';

/** A plan the offline planner made, with what it wants the person to know. */
export interface OfflinePlan {
  title: string;
  steps: Step[];
  notes: string[];
}

/** The request asks for nothing the offline planner can do with the installed agents. */
export class NothingToPlanError extends Error {
  override name = 'NothingToPlanError';
}

/** A plan title from a request: its first sentence, at most 80 characters. */
export function planTitle(request: string): string {
  const first = request.trim().split(/(?<=[.!?])\s|\n/)[0] ?? request;
  const clean = first.replace(/\s+/g, ' ').trim();
  if (clean.length <= 80) return clean;
  const cut = Array.from(clean).slice(0, 78).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`;
}

function fieldSchema(field: ExtractField): Record<string, unknown> {
  const item: Record<string, unknown> =
    field.kind === 'number' ? { type: 'number' } : field.kind === 'email' ? { type: 'string', format: 'email' } : field.kind === 'url' ? { type: 'string', format: 'uri' } : { type: 'string' };
  if (field.kind === 'date') item.description = 'a date';
  if (field.kind === 'phone') item.description = 'a phone number';
  return field.list ? { type: 'array', items: item } : item;
}

/** The path of one item's file: "report.md" → "report-acme.md". */
function itemPath(path: string, item: string | null, index: number): string {
  if (item === null) return path;
  const suffix = slug(item) || `item-${index + 1}`;
  const dot = path.lastIndexOf('.');
  return dot > 0 ? `${path.slice(0, dot)}-${suffix}${path.slice(dot)}` : `${path}-${suffix}`;
}

interface Branch {
  /** Steps whose text the next stage reads. */
  producers: string[];
  /** Every step the next stage should wait for. */
  ends: string[];
}

const needsText = (analysis: RequestAnalysis) =>
  ['summarize', 'analyze', 'extract', 'classify'].some((intent) => analysis.intents.has(intent as never));

/** Steps that bring material in: the URLs and files the request names, and a search when it needs one. */
function sources(builder: PlanBuilder, analysis: RequestAnalysis, options: { item: string | null; places: boolean; search: boolean }): string[] {
  const ids: string[] = [];
  if (options.places) {
    for (const url of analysis.urls.filter((place) => place.role === 'source')) {
      const choice = builder.choose(['fetch'], 'http.request', { url: url.value, method: 'GET' });
      if (choice) ids.push(builder.add('fetch', builder.title('fetch', hostOf(url.value)), choice, []));
    }
    for (const path of analysis.paths.filter((place) => place.role === 'source')) {
      const choice = builder.choose(['read', 'files'], 'files.read', { path: path.value });
      if (choice) ids.push(builder.add('read', builder.title('read', path.value), choice, []));
    }
  }
  const named = hasPlaceSources(analysis);
  const wantsSearch =
    analysis.intents.has('search') || (analysis.intents.has('read') && !named) || (needsText(analysis) && !named && !analysis.inlineText);
  const query = options.item ?? analysis.topic;
  if (options.search && wantsSearch && query) {
    const choice = builder.choose(['search'], 'files.search', { query });
    if (choice) ids.push(builder.add(options.item ? `search-${slug(options.item) || 'item'}` : 'search', builder.title('search', query), choice, []));
  }
  return ids;
}

function hasPlaceSources(analysis: RequestAnalysis): boolean {
  return analysis.urls.some((place) => place.role === 'source') || analysis.paths.some((place) => place.role === 'source');
}

/** Summarize, analyze, extract, classify: each reads every source, side by side. */
function processing(builder: PlanBuilder, analysis: RequestAnalysis, from: string[], item: string | null, suffix: string): string[] {
  const text = analysis.inlineText && from.length === 0 ? analysis.inlineText : joined(from);
  if (!text) return [];
  const ids: string[] = [];
  const tag = (base: string) => (item ? `${base}-${slug(item) || 'item'}` : base);
  if (analysis.intents.has('summarize') || analysis.intents.has('analyze')) {
    const analyze = analysis.intents.has('analyze') && !analysis.intents.has('summarize');
    const values: Values = { text, ...(analysis.sentences ? { sentences: analysis.sentences } : {}) };
    if (analyze) values.focus = analysis.language === 'he' ? 'ממצאים עיקריים ומגמות' : 'key findings and trends';
    const choice = builder.choose(['summarize'], 'llm.summarize', values);
    if (choice) ids.push(builder.add(tag(analyze ? 'analyze' : 'summarize'), builder.title(analyze ? 'analyze' : 'summarize') + suffix, choice, from));
  }
  if (analysis.intents.has('extract')) {
    const fields = analysis.fields.length > 0 ? analysis.fields : [{ key: 'items', kind: 'string' as const, list: true }];
    const schema = { type: 'object', properties: Object.fromEntries(fields.map((field) => [field.key, fieldSchema(field)])) };
    const choice = builder.choose(['extract'], 'llm.extract', { text, schema });
    if (choice) ids.push(builder.add(tag('extract'), builder.title('extract', fields.map((field) => field.key).join(', ')) + suffix, choice, from));
  }
  if (analysis.intents.has('classify')) {
    let labels = analysis.labels;
    if (!labels) {
      labels = analysis.language === 'he' ? ['חשוב', 'שגרתי'] : ['important', 'routine'];
      builder.note(NOTES.guessedLabels[analysis.language]);
    }
    const choice = builder.choose(['classify'], 'llm.classify', { text, labels });
    if (choice) ids.push(builder.add(tag('classify'), builder.title('classify') + suffix, choice, from));
  }
  return ids;
}

/** One line of the plan, from sources to the written text; one per item of a fan-out. */
function branch(builder: PlanBuilder, analysis: RequestAnalysis, request: string, globalSources: string[], item: string | null, index: number): Branch {
  const suffix = item ? forItem(analysis.language, item) : '';
  const tag = (base: string) => (item ? `${base}-${slug(item) || `item-${index + 1}`}` : base);
  const own = item !== null && !hasPlaceSources(analysis) ? sources(builder, analysis, { item, places: false, search: true }) : [];
  const from = [...globalSources, ...own];
  let producers = from;
  const processed = processing(builder, analysis, from, item, suffix);
  if (processed.length > 0) producers = processed;
  if (analysis.intents.has('compose')) {
    const noun = analysis.composeNoun ?? (analysis.language === 'he' ? 'הטקסט' : 'text');
    const lines = [request];
    if (item) lines.push(analysis.language === 'he' ? `הפעם עבור: ${item}` : `This one is for: ${item}`);
    if (producers.length > 0) lines.push(analysis.language === 'he' ? `החומר:\n${joined(producers)}` : `Material:\n${joined(producers)}`);
    const choice = builder.choose(['generate'], 'llm.generate', { prompt: lines.join('\n\n') });
    if (choice) producers = [builder.add(tag('write'), builder.title('compose', noun) + suffix, choice, producers)];
  }
  let ends = producers;
  if (analysis.waitMs !== null) {
    const choice = builder.choose(['wait'], 'delay', { ms: analysis.waitMs });
    if (choice) ends = [builder.add(tag('wait'), builder.title('wait', duration(analysis.waitMs, analysis.language)) + suffix, choice, ends)];
  }
  const content = joined(producers);
  const delivered: string[] = [];
  if (analysis.intents.has('save') && content) {
    const target = analysis.paths.find((place) => place.role === 'target')?.value ?? `${slug(analysis.composeNoun ?? '') || 'result'}.md`;
    const path = itemPath(target, item, index);
    const choice = builder.choose(['write', 'files'], 'files.write', { path, content });
    if (choice) delivered.push(builder.add(tag('save'), builder.title('save', path) + suffix, choice, ends));
  }
  if (analysis.intents.has('send') && content) {
    const targets = analysis.urls.filter((place) => place.role === 'target');
    for (const url of targets) {
      const choice = builder.choose(['send'], 'http.request', { url: url.value, method: 'POST', body: { text: content } });
      if (choice) delivered.push(builder.add(tag('send'), builder.title('send', hostOf(url.value)) + suffix, choice, ends));
    }
    if (targets.length === 0 && analysis.emails.length > 0) {
      const choice = builder.choose(['email'], undefined, { to: analysis.emails.join(', '), subject: planTitle(request), text: content });
      if (choice) delivered.push(builder.add(tag('email'), builder.title('email', analysis.emails.join(', ')) + suffix, choice, ends));
      else builder.note(NOTES.noEmail[analysis.language]);
    } else if (targets.length === 0) builder.note(NOTES.noSendTarget[analysis.language]);
  }
  return { producers, ends: delivered.length > 0 ? delivered : ends };
}

function schedule(builder: PlanBuilder, analysis: RequestAnalysis, after: string[], description: string): string[] {
  if (!analysis.meeting) return [];
  if (!builder.catalog.some((agent) => agent.capabilities.includes('calendar'))) {
    builder.note(NOTES.noCalendar[analysis.language]);
    return [];
  }
  if (!analysis.meeting.start) {
    builder.note(NOTES.noMeetingTime[analysis.language]);
    return [];
  }
  const values: Values = { title: analysis.meeting.title, start: analysis.meeting.start, ...(description ? { description } : {}) };
  if (analysis.emails.length > 0) values.attendees = analysis.emails;
  const choice = builder.choose(['calendar'], undefined, values);
  if (!choice) {
    builder.note(NOTES.noCalendar[analysis.language]);
    return [];
  }
  return [builder.add('schedule', builder.title('schedule', analysis.meeting.title), choice, after)];
}

/**
 * The offline planner: reads the request (English or Hebrew), matches what it asks to agents
 * by capability, and wires a DAG — sources side by side, then processing, writing, saving and
 * sending, each step reading the one before through `{{steps.ID.output.text}}`. Deterministic and
 * honest: what it cannot do is said in `notes`, never faked.
 */
export function planOffline(context: OfflineRequest): OfflinePlan {
  const analysis = analyzeRequest(context.request, context.now);
  const builder = new PlanBuilder(context.catalog, context.hints, analysis.language, context.modelAvailable);
  const items = analysis.forEach?.items ?? [];
  // With named items and no shared source, each branch searches for its own item.
  const globalSources = sources(builder, analysis, { item: null, places: true, search: items.length === 0 || hasPlaceSources(analysis) });
  // "For each client" with no names: a map step over the list, read out of the material when the run gets there.
  const mapped = analysis.forEach && items.length === 0 ? mapBranch(builder, analysis, context.request, globalSources) : null;
  if (analysis.forEach && items.length === 0 && !mapped && (needsText(analysis) || analysis.intents.has('compose'))) {
    builder.note((globalSources.length > 0 ? NOTES.forEachOneStep : NOTES.forEachWithoutList)[analysis.language]);
  }
  const branches = mapped ? [mapped] : (items.length > 0 ? items : [null]).map((item, index) => branch(builder, analysis, context.request, globalSources, item, index));
  const ends = branches.flatMap((item) => item.ends);
  const producers = branches.flatMap((item) => item.producers);
  const scheduled = schedule(builder, analysis, producers, producers.length > 0 ? joined(producers.slice(0, 1)) : '');
  if (analysis.intents.has('notify')) {
    const last = [...ends, ...scheduled];
    const message = analysis.language === 'he' ? `התוכנית "${planTitle(context.request)}" הסתיימה.` : `"${planTitle(context.request)}" is done.`;
    const choice = builder.choose(['notify'], undefined, { title: planTitle(context.request), message });
    if (choice) builder.add('notify', builder.title('notify'), choice, last);
    else builder.note(NOTES.noNotify[analysis.language]);
  }
  if (builder.steps.length === 0) {
    const said = builder.notes.length > 0 ? ` ${builder.notes.join(' ')}` : '';
    throw new NothingToPlanError(
      analysis.language === 'he'
        ? `המתכנן המקומי לא מצא בבקשה משהו שהסוכנים המותקנים יכולים לעשות.${said} נסחו במילים כמו "חפש", "סכם", "כתוב", "שמור", "שלח", או הגדירו מודל בהגדרות.`
        : `The offline planner found nothing in this request that the installed agents can do.${said} Try words like search, summarize, write, save or send, or configure a model in Settings.`,
    );
  }
  if (!context.modelAvailable && builder.has('llm.generate')) builder.note(NOTES.needsModel[analysis.language]);
  return { title: planTitle(context.request), steps: builder.steps, notes: builder.notes };
}
