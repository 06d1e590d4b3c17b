import { describe, expect, it } from 'vitest';
import {
  createLlmClassifyAgent,
  createLlmExtractAgent,
  createLlmGenerateAgent,
  createLlmSummarizeAgent,
  extractiveSummary,
  offlineLimitations,
  type TextModel,
} from '../../../engine/agents/llm';
import { makeContext, rejection, runAgent } from '../agents/fake-context';

const offline = () => null;

/** A model that answers from a list and records what it was asked. */
function scriptedModel(answers: string[], options: { tokens?: number; costUsd?: number; finishReason?: string } = {}) {
  const asked: Array<{ prompt: string; json?: boolean }> = [];
  const model: TextModel = {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    async complete(request, { onText }) {
      asked.push({ prompt: request.prompt, json: request.json });
      const text = answers[Math.min(asked.length - 1, answers.length - 1)] ?? '';
      onText?.(text.slice(0, Math.ceil(text.length / 2)));
      onText?.(text);
      return { text, tokens: options.tokens ?? 100, costUsd: options.costUsd ?? 0.001, finishReason: options.finishReason ?? 'stop' };
    },
  };
  return { model, asked };
}

const NOTES = [
  'The December release shipped the invoice importer to all clients.',
  'Lunch was pizza on Tuesday.',
  'The invoice importer cut manual invoice entry from four hours to twenty minutes for every client.',
  'Two outages hit the importer; both were fixed the same day and clients were told.',
  'Someone left an umbrella in the kitchen.',
  'In January the importer will support Hebrew invoices for clients in Israel.',
].join(' ');

describe('llm.summarize', () => {
  it('offline: picks the most representative sentences, unchanged and in order, and says it was made offline', async () => {
    const context = makeContext();
    const output = await runAgent(createLlmSummarizeAgent(offline), { text: NOTES, sentences: 2 }, context);
    expect(output.method).toBe('extractive');
    expect(output.offline).toBe(true);
    expect(output.note).toMatch(/^Made offline without a model: an extractive summary, the 2 most representative sentences of the text, unchanged\./);
    const picked = output.summary.split(/(?<=\.)\s/);
    expect(picked).toHaveLength(2);
    for (const sentence of picked) expect(NOTES).toContain(sentence);
    expect(output.summary).toMatch(/importer/);
    expect(output.summary).not.toMatch(/umbrella|pizza/);
    expect(output.text).toBe(output.summary);
    expect(context.usages).toEqual([]);
  });

  it('offline: summarizes Hebrew text too', () => {
    const text = 'הלקוח ביקש דוח חודשי על החשבוניות. הדוח החודשי יכלול את כל החשבוניות הפתוחות. בצהריים אכלנו פיצה. החשבוניות הפתוחות ייבדקו מול הדוח בסוף החודש.';
    const summary = extractiveSummary(text, 2);
    expect(summary).toHaveLength(2);
    expect(summary.join(' ')).not.toContain('פיצה');
  });

  it('with a model: asks it, and records tokens and cost on the step', async () => {
    const { model, asked } = scriptedModel(['The importer shipped and saves hours.'], { tokens: 321, costUsd: 0.0004 });
    const context = makeContext({ workspace: { workspaceId: 'ws-1' } });
    const output = await runAgent(createLlmSummarizeAgent((workspaceId) => (workspaceId === 'ws-1' ? model : null)), { text: NOTES, sentences: 1, focus: 'clients' }, context);
    expect(output).toMatchObject({ summary: 'The importer shipped and saves hours.', method: 'model', offline: false });
    expect(asked[0]!.prompt).toMatch(/^Summarize the text below in about 1 sentence\. Focus on: clients\./);
    expect(context.usages).toEqual([{ tokens: 321, costUsd: 0.0004 }]);
  });
});

describe('llm.generate', () => {
  it('offline: refuses, saying how to configure a model (nothing honest can stand in)', async () => {
    const error = await rejection(runAgent(createLlmGenerateAgent(offline), { prompt: 'Write a poem' }));
    expect(error.message).toMatch(/^llm\.generate needs a model and this workspace has none\. Configure a model in Settings → Planner/);
  });

  it('with a model: streams partial text and returns it', async () => {
    const { model } = scriptedModel(['Dear team, we are closed on Friday.']);
    const context = makeContext();
    const output = await runAgent(createLlmGenerateAgent(() => model), { prompt: 'Tell the team', maxWords: 50 }, context);
    expect(output).toEqual({ text: 'Dear team, we are closed on Friday.', provider: 'gemini', model: 'gemini-2.5-flash', offline: false });
    expect(context.partials).toEqual([{ text: 'Dear team, we are ' }, { text: 'Dear team, we are closed on Friday.' }]);
  });

  it('says when the model blocked the answer', async () => {
    const { model } = scriptedModel([''], { finishReason: 'safety' });
    const error = await rejection(runAgent(createLlmGenerateAgent(() => model), { prompt: 'x' }));
    expect(error.message).toBe('gemini-2.5-flash blocked the answer for safety reasons; rephrase the prompt if that is a mistake.');
  });
});

const INVOICE = `Invoice number: INV-2025-031
Customer: Acme Ltd
Contact: dana@acme.example, billing@acme.example
Phone: +972-3-555-1234
Due date: 2025-04-15
Total: $1,250.50
Paid: no
Website: https://acme.example/billing`;

describe('llm.extract', () => {
  const schema = {
    type: 'object',
    properties: {
      invoiceNumber: { type: 'string' },
      customer: { type: 'string' },
      emails: { type: 'array', items: { type: 'string', format: 'email' } },
      phone: { type: 'string' },
      dueDate: { type: 'string', format: 'date' },
      total: { type: 'number' },
      paid: { type: 'boolean' },
      website: { type: 'string', format: 'uri' },
      status: { enum: ['draft', 'sent', 'overdue'] },
    },
    required: ['invoiceNumber', 'total'],
  };

  it('offline: fills the schema by pattern, validated, and names what it did not find', async () => {
    const output = await runAgent(createLlmExtractAgent(offline), { text: INVOICE, schema });
    expect(output.data).toEqual({
      invoiceNumber: 'INV-2025-031',
      customer: 'Acme Ltd',
      emails: ['dana@acme.example', 'billing@acme.example'],
      phone: '+972-3-555-1234',
      dueDate: '2025-04-15',
      total: 1250.5,
      paid: false,
      website: 'https://acme.example/billing',
    });
    expect(output.missing).toEqual(['status']);
    expect(output.offline).toBe(true);
    expect(output.note).toBe('Extracted offline by pattern (no model). Not found: status.');
    expect(JSON.parse(output.text)).toEqual(output.data);
  });

  it('offline: fails clearly when a required field cannot be found by pattern', async () => {
    const error = await rejection(
      runAgent(createLlmExtractAgent(offline), { text: 'Nothing useful here.', schema: { type: 'object', properties: { customer: { type: 'string' } }, required: ['customer'] } }),
    );
    expect(error.message).toMatch(/^Offline extraction \(patterns, no model\) could not fill the schema: customer: .*Not found: customer\. Configure a model in Settings/);
  });

  it('with a model: validates the answer against the schema and asks once more when it does not fit', async () => {
    const { model, asked } = scriptedModel(['{"invoiceNumber": "INV-1"}', '```json\n{"invoiceNumber": "INV-1", "total": 12,}\n```']);
    const output = await runAgent(createLlmExtractAgent(() => model), { text: INVOICE, schema });
    expect(output.data).toEqual({ invoiceNumber: 'INV-1', total: 12 });
    expect(output.offline).toBe(false);
    expect(asked).toHaveLength(2);
    expect(asked[1]!.prompt).toContain('Your previous answer did not match the schema (total:');
    expect(asked[0]!.json).toBe(true);
  });

  it('refuses a schema it cannot read', async () => {
    const error = await rejection(runAgent(createLlmExtractAgent(offline), { text: 'x', schema: { type: 'object', properties: { a: { type: 'weird' } } } }));
    expect(error.message).toMatch(/^The schema is not a JSON Schema this agent understands/);
  });
});

describe('llm.classify', () => {
  it('offline: scores labels by their words and common signal words', async () => {
    const agent = createLlmClassifyAgent(offline);
    expect((await runAgent(agent, { text: 'The server is down, please fix ASAP!', labels: ['urgent', 'normal', 'low'] })).label).toBe('urgent');
    expect((await runAgent(agent, { text: 'Thanks, the new version is great and I love it', labels: ['positive', 'neutral', 'negative'] })).label).toBe('positive');
    expect((await runAgent(agent, { text: 'השירות נורא, אני מאוכזב מאוד', labels: ['חיובי', 'ניטרלי', 'שלילי'] })).label).toBe('שלילי');
    expect((await runAgent(agent, { text: 'Invoice 31 for the billing team', labels: ['billing', 'support', 'sales'] })).label).toBe('billing');
  });

  it('offline: says when no label had any evidence, and picks the neutral one', async () => {
    const output = await runAgent(createLlmClassifyAgent(offline), { text: 'The meeting moved to room 4.', labels: ['positive', 'neutral', 'negative'] });
    expect(output.label).toBe('neutral');
    expect(output.note).toBe('Classified offline by keywords (no model): no label\'s words occur in the text, so it is "neutral" by default.');
  });

  it('with a model: takes its label, and refuses one that is not offered', async () => {
    const { model } = scriptedModel(['{"label": "Urgent"}']);
    expect((await runAgent(createLlmClassifyAgent(() => model), { text: 'x', labels: ['urgent', 'low'] })).label).toBe('urgent');
    const { model: wrong } = scriptedModel(['{"label": "critical"}']);
    const error = await rejection(runAgent(createLlmClassifyAgent(() => wrong), { text: 'x', labels: ['urgent', 'low'] }));
    expect(error.message).toBe('The model answered "critical", which is not one of the labels (urgent, low).');
  });
});

describe('offlineLimitations', () => {
  it('flags steps that need a model and nothing else', () => {
    expect(offlineLimitations({ id: 'write', agent: 'llm.generate', input: { prompt: 'x' } })).toEqual([
      'Step "write" writes new text with llm.generate, which needs a model: configure Gemini or a local OpenAI-compatible model in Settings → Planner.',
    ]);
    for (const agent of ['llm.summarize', 'llm.extract', 'llm.classify', 'files.read']) expect(offlineLimitations({ id: 's', agent, input: {} })).toEqual([]);
  });
});
