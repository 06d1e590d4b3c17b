import type { AgentChoice, Values } from './agent-choice';
import type { Language, RequestAnalysis } from './analyze-request';
import { hostOf, joined, type PlanBuilder } from './plan-builder';
import { forEachOf, NOTES, TITLES } from './titles';

/** The steps of a fan-out over a list read at run time: what waits for it, and what reads its text. */
export interface MapBranch {
  producers: string[];
  ends: string[];
}

/** Hebrew nouns, the English key of their list, and how a title names them all. */
const HEBREW_LISTS: Array<[RegExp, string, string]> = [
  [/^(?:ה)?לקוח(?:ות)?$/u, 'clients', 'הלקוחות'],
  [/^(?:ה)?משתמש(?:ים)?$/u, 'users', 'המשתמשים'],
  [/^(?:ה)?עובד(?:ים)?$/u, 'employees', 'העובדים'],
  [/^(?:ה)?ספק(?:ים)?$/u, 'suppliers', 'הספקים'],
  [/^(?:ה)?(?:קובץ|קבצים)$/u, 'files', 'הקבצים'],
  [/^(?:ה)?פרויקט(?:ים)?$/u, 'projects', 'הפרויקטים'],
  [/^(?:ה)?(?:חבר|חברים|חברות)$/u, 'members', 'החברים'],
];

/** How a fan-out names its list: the field of the list ("clients"), all of them and one of them, in the request's language. */
export interface ListNames {
  key: string;
  all: string;
  one: string;
}

/** "client" / "clients" → clients; "company" → companies; "לקוח" / "הלקוחות" → clients (הלקוחות); anything else → items. */
export function listNames(noun: string | null, language: Language): ListNames {
  if (language === 'he' || (noun && /\p{Script=Hebrew}/u.test(noun))) {
    const known = noun ? HEBREW_LISTS.find(([pattern]) => pattern.test(noun)) : undefined;
    return known ? { key: known[1], all: known[2], one: noun?.replace(/^ה/u, '') ?? '' } : { key: 'items', all: 'הפריטים', one: 'פריט' };
  }
  const word = noun?.toLowerCase() ?? '';
  if (!/^[a-z]{2,30}$/.test(word)) return { key: 'items', all: 'items', one: 'item' };
  const plural = /(?:ss|sh|ch|x)$/.test(word) ? `${word}es` : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : /s$/.test(word) ? word : `${word}s`;
  const one = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : /(?:ss|sh|ch|x)es$/.test(plural) ? plural.slice(0, -2) : plural.replace(/s$/, '');
  return { key: plural, all: plural, one };
}

/** "report.md" → "report-{{index}}.md": one file per item. */
function perItemPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > 0 ? `${path.slice(0, dot)}-{{index}}${path.slice(dot)}` : `${path}-{{index}}`;
}

/**
 * The one source step when it reads a plain list file (a `.txt`, say): its agent gives the file's
 * lines as a list. Not for CSV, TSV or JSON, whose lines are not the items (a header, fields, braces).
 */
function listFile(builder: PlanBuilder, sources: string[]): string | null {
  if (sources.length !== 1) return null;
  const step = builder.steps.find((candidate) => candidate.id === sources[0]);
  const path = step?.input.path;
  if (!step || typeof path !== 'string' || /\.(?:csv|tsv|json|ya?ml|xml|html?|pdf|docx?)$/i.test(path)) return null;
  const schema = builder.catalog.find((agent) => agent.id === step.agent)?.outputSchema as { properties?: Record<string, { type?: unknown }> } | undefined;
  return schema?.properties?.lines?.type === 'array' ? step.id : null;
}

/** The work done once per item: write (with the material, if any), summarize the material about the item, or classify the item. */
function perItem(
  builder: PlanBuilder,
  analysis: RequestAnalysis,
  request: string,
  material: string,
  asked: { compose: boolean; summarizeEach: boolean },
): { base: string; title: string; choice: AgentChoice } | null {
  const language = analysis.language;
  if (asked.compose) {
    const what = analysis.composeNoun ?? (language === 'he' ? 'הטקסט' : 'text');
    const lines = [request, language === 'he' ? 'הפעם עבור: {{item}}' : 'This one is for: {{item}}'];
    if (material) lines.push(language === 'he' ? `החומר:\n${material}` : `Material:\n${material}`);
    const prompt = lines.join('\n\n');
    const choice = builder.choose(['generate'], 'llm.generate', { prompt });
    return choice ? { base: 'write', title: builder.title('compose', what), choice } : null;
  }
  if (asked.summarizeEach) {
    const values: Values = { text: material, focus: '{{item}}', ...(analysis.sentences ? { sentences: analysis.sentences } : {}) };
    const choice = builder.choose(['summarize'], 'llm.summarize', values);
    return choice ? { base: 'summarize', title: builder.title('summarize'), choice } : null;
  }
  const labels = analysis.labels ?? (language === 'he' ? ['חשוב', 'שגרתי'] : ['important', 'routine']);
  const choice = builder.choose(['classify'], 'llm.classify', { text: '{{item}}', labels });
  if (choice && !analysis.labels) builder.note(NOTES.guessedLabels[language]);
  return choice ? { base: 'classify', title: builder.title('classify'), choice } : null;
}

/**
 * "Read clients.txt and for each client write a report, then summarize them all": the list is only
 * known when the run gets there. A plain list file is gone over line by line; otherwise one step
 * reads the list out of the material. A map step (`forEach`) does the work once per item with
 * `{{item}}`, delivery goes per item over the map's outputs, and a summary of all reads every
 * item's output. Null when the request asks nothing per
 * item that a map step can do (the caller plans one step for all and says why).
 */
export function mapBranch(builder: PlanBuilder, analysis: RequestAnalysis, request: string, sources: string[]): MapBranch | null {
  const language = analysis.language;
  const material = joined(sources);
  if (!material || !analysis.forEach) return null;
  const compose = analysis.intents.has('compose');
  const summarizeAll = compose && analysis.intents.has('summarize');
  const summarizeEach = !compose && (analysis.intents.has('summarize') || analysis.intents.has('analyze'));
  if (!compose && !summarizeEach && !analysis.intents.has('classify')) return null;

  const names = listNames(analysis.forEach.noun, language);
  const { key } = names;
  const each = forEachOf(language, language === 'he' ? names.all : names.one);
  let producer: string;
  const lines = summarizeEach ? null : listFile(builder, sources);
  if (lines) {
    // The file is the list, one item per line: no material to add, nothing to read out of it.
    const work = perItem(builder, analysis, request, '', { compose, summarizeEach });
    if (!work) return null;
    producer = builder.add(work.base, work.title + each, work.choice, sources, `{{steps.${lines}.output.lines}}`);
  } else {
    const description = language === 'he' ? `כל אחד מ${names.all} שהטקסט מזכיר, אחד בכל רשומה.` : `Every ${names.one} the text names, one per entry.`;
    const schema = { type: 'object', properties: { [key]: { type: 'array', items: { type: 'string' }, description } }, required: [key] };
    const listChoice = builder.choose(['extract'], 'llm.extract', { text: material, schema });
    const work = perItem(builder, analysis, request, material, { compose, summarizeEach });
    if (!listChoice || !work) return null;
    const list = builder.add('list', TITLES.list[language](names.all), listChoice, sources);
    producer = builder.add(work.base, work.title + each, work.choice, [list], `{{steps.${list}.output.data.${key}}}`);
    if (!builder.modelAvailable) builder.note(NOTES.mapListOffline[language]);
  }

  // Delivery per item goes over the producer's outputs: {{item.text}} is one item's text.
  const outputs = `{{steps.${producer}.output}}`;
  const delivered: string[] = [];
  if (analysis.intents.has('save')) {
    const target = analysis.paths.find((place) => place.role === 'target')?.value ?? `${key}.md`;
    const path = perItemPath(target);
    const choice = builder.choose(['write', 'files'], 'files.write', { path, content: '{{item.text}}' });
    if (choice) delivered.push(builder.add('save', builder.title('save', path) + each, choice, [producer], outputs));
  }
  if (analysis.intents.has('send')) {
    const targets = analysis.urls.filter((place) => place.role === 'target');
    for (const url of targets) {
      const choice = builder.choose(['send'], 'http.request', { url: url.value, method: 'POST', body: { text: '{{item.text}}' } });
      if (choice) delivered.push(builder.add('send', builder.title('send', hostOf(url.value)) + each, choice, [producer], outputs));
    }
    if (targets.length === 0) builder.note(NOTES.noSendTarget[language]);
  }
  let summary: string | null = null;
  if (summarizeAll) {
    // Inside longer text the list of outputs is given as JSON text, which the summary reads.
    const text = language === 'he' ? `מה שנכתב לכל אחד מ${names.all}:\n${outputs}` : `What was written for each ${names.one}:\n${outputs}`;
    const values: Values = { text, ...(analysis.sentences ? { sentences: analysis.sentences } : {}) };
    const choice = builder.choose(['summarize'], 'llm.summarize', values);
    if (choice) summary = builder.add('summarize-all', TITLES.summarizeAll[language](names.all), choice, [producer]);
  }
  return {
    producers: summary ? [summary] : [producer],
    ends: [...delivered, ...(summary ? [summary] : []), ...(delivered.length === 0 && !summary ? [producer] : [])],
  };
}
