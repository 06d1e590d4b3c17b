import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { environmentSecrets } from '../../engine/core/secrets';
import { testPlannerConnection } from '../../engine/planner/connection-test';
import { rejectionOf } from '../helpers/builders';
import { loadGeminiFixture, startFakeGemini, type FakeGemini } from '../helpers/fake-gemini';
import { loadOpenAiFixture, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai';
import { openPlannerEngine, type PlannerEngine } from '../unit/planner/planner-engine';

/** An address where nothing listens: a port that was free a moment ago. */
async function refusedAddress(): Promise<string> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('planner.testConnection (the real provider code against fake servers)', () => {
  let t: PlannerEngine | undefined;
  let gemini: FakeGemini | undefined;
  let openai: FakeOpenAi | undefined;

  afterEach(async () => {
    t?.close();
    await gemini?.close();
    await openai?.close();
    t = gemini = openai = undefined;
  });

  const test = (input: { provider: 'offline' | 'gemini' | 'openai'; model?: string; baseUrl?: string }) =>
    t!.client.planner.testConnection({ workspaceId: t!.workspaceId, ...input });

  it('Gemini with a good key: one small non-streamed request with the key, answered ok with its latency', async () => {
    gemini = await startFakeGemini([{ text: '{"ok": true}' }], { requireKey: 'good-key' });
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'good-key' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: true, provider: 'gemini', model: 'gemini-2.5-flash', fault: null, status: null });
    expect(result.message).toMatch(/^Gemini \(gemini-2\.5-flash\) answered in \d+ ms\.$/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(gemini.requests).toHaveLength(1);
    expect(gemini.requests[0]).toMatchObject({ model: 'gemini-2.5-flash', stream: false, apiKey: 'good-key' });
    // Nothing is kept: no plan, no generation events.
    expect(await t.client.plans.list({ workspaceId: t.workspaceId })).toEqual([]);
    expect(t.generating()).toEqual([]);
  });

  it('tests the model and address given (not saved yet) over the saved ones', async () => {
    gemini = await startFakeGemini([{ text: '{"ok": true}' }]);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': 'http://127.0.0.1:9', 'planner.gemini.model': 'gemini-old' } });
    const result = await test({ provider: 'gemini', model: 'gemini-2.5-pro', baseUrl: gemini.baseUrl });
    expect(result).toMatchObject({ ok: true, model: 'gemini-2.5-pro' });
    expect(gemini.requests[0]?.model).toBe('gemini-2.5-pro');
  });

  it('Gemini with a key it does not know (400 API_KEY_INVALID): not ok, says the key was refused and where to fix it', async () => {
    gemini = await startFakeGemini([{ text: '{"ok": true}' }], { requireKey: 'the-real-key' });
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'a-wrong-key' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: false, provider: 'gemini', fault: 'auth', status: 400 });
    expect(result.message).toBe(
      'Gemini answered 400: API key not valid. Please pass a valid API key. The API key was refused. Check it in Settings → Planner (GEMINI_API_KEY for the server and the CLI).',
    );
  });

  it('Gemini answering 403 PERMISSION_DENIED: the key is refused', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('invalid-key-403').replies);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: false, fault: 'auth', status: 403 });
    expect(result.message).toMatch(/^Gemini answered 403: Method doesn't allow unregistered callers.* The API key was refused\./);
  });

  it('Gemini answering 500: says the provider has a problem, without retrying', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('server-error-twice-then-ok').replies);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: false, fault: 'server', status: 500 });
    expect(result.message).toMatch(/^Gemini answered 500: An internal error has occurred\..* The provider has a problem of its own: try again later\.$/);
    expect(gemini.requests).toHaveLength(1);
    expect(t.waits).toEqual([]);
  });

  it('Gemini answering 429 with Retry-After: says when to try again', async () => {
    gemini = await startFakeGemini([
      { status: 429, headers: { 'retry-after': '17' }, error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } },
    ]);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: false, fault: 'rate_limited', status: 429 });
    expect(result.message).toBe('Gemini answered 429: Resource has been exhausted (e.g. check quota). Too many requests for now: try again in 17 s.');
  });

  it('Gemini with a model it does not have (404): says to check the model name', async () => {
    gemini = await startFakeGemini([
      { status: 404, error: { code: 404, message: 'models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent.', status: 'NOT_FOUND' } },
    ]);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini', model: 'gemini-9-ultra' });
    expect(result).toMatchObject({ ok: false, fault: 'model', status: 404, model: 'gemini-9-ultra' });
    expect(result.message).toMatch(/is not found for API version v1beta.* Check the model name \("gemini-9-ultra"\)\.$/);
  });

  it('Gemini where nothing listens (connection refused): says it could not be reached and what to check', async () => {
    const address = await refusedAddress();
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': address } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: false, fault: 'network', status: null });
    expect(result.message).toMatch(/^Gemini could not be reached \(fetch failed.*ECONNREFUSED.*\)\. Check the base URL, that the server is running, and the network\.$/);
  });

  it('Gemini that does not answer in time: a timeout, not a hang', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': `http://127.0.0.1:${port}` } });
      // 20 s in the app; 300 ms here.
      const settings = await t.client.settings.get({ workspaceId: t.workspaceId });
      const result = await testPlannerConnection({ provider: 'gemini' }, { settings, secrets: environmentSecrets({ GEMINI_API_KEY: 'k' }), timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, fault: 'timeout' });
      expect(result.message).toBe('Gemini (gemini-2.5-flash) did not answer within 0.3 s. Check the base URL and the network, or try again.');
      expect(result.latencyMs).toBeGreaterThanOrEqual(250);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('Gemini without a key: not ok, says where the key comes from, and sends nothing', async () => {
    gemini = await startFakeGemini([{ text: '{"ok": true}' }]);
    t = await openPlannerEngine({ settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const result = await test({ provider: 'gemini' });
    expect(result).toMatchObject({ ok: false, fault: 'auth', latencyMs: 0 });
    expect(result.message).toMatch(/^There is no Gemini API key\. .*GEMINI_API_KEY/);
    expect(gemini.requests).toEqual([]);
  });

  it('OpenAI-compatible: ok with the model, 401 for a wrong key, refused when the server is down, and a missing model is said', async () => {
    openai = await startFakeOpenAi([{ text: '{"ok": true}' }]);
    t = await openPlannerEngine({ env: { OPENAI_API_KEY: 'sk-local' } });
    const ok = await test({ provider: 'openai', model: 'llama3.1', baseUrl: openai.baseUrl });
    expect(ok).toMatchObject({ ok: true, provider: 'openai', model: 'llama3.1', fault: null });
    expect(ok.message).toMatch(new RegExp(`^llama3\\.1 at ${openai.baseUrl.replace(/[.]/g, '\\.')} answered in \\d+ ms\\.$`));
    expect(openai.requests[0]).toMatchObject({ authorization: 'Bearer sk-local', body: { model: 'llama3.1', stream: false, response_format: { type: 'json_object' } } });

    openai.reply(loadOpenAiFixture('invalid-key-401').replies);
    const refused = await test({ provider: 'openai', model: 'llama3.1', baseUrl: openai.baseUrl });
    expect(refused).toMatchObject({ ok: false, fault: 'auth', status: 401 });
    expect(refused.message).toMatch(/answered 401: Incorrect API key provided\. The API key was refused\. Check it in Settings → Planner \(OPENAI_API_KEY/);

    openai.reply([{ status: 404, error: { message: 'model "llama9" not found, try pulling it first', type: 'api_error' } }]);
    const unknown = await test({ provider: 'openai', model: 'llama9', baseUrl: openai.baseUrl });
    expect(unknown).toMatchObject({ ok: false, fault: 'model', status: 404 });
    expect(unknown.message).toMatch(/model "llama9" not found, try pulling it first\. Check the model name \("llama9"\)\.$/);

    const down = await test({ provider: 'openai', model: 'llama3.1', baseUrl: `${await refusedAddress()}/v1` });
    expect(down).toMatchObject({ ok: false, fault: 'network' });
    expect(down.message).toMatch(/could not be reached .*Is the server running\? Check the base URL/);

    const noModel = await test({ provider: 'openai', baseUrl: openai.baseUrl });
    expect(noModel).toMatchObject({ ok: false, fault: 'config' });
    expect(noModel.message).toMatch(/^Choose the model of the OpenAI-compatible endpoint/);
  });

  it('the offline planner is always ok and needs no network', async () => {
    t = await openPlannerEngine();
    expect(await test({ provider: 'offline' })).toEqual({
      ok: true,
      provider: 'offline',
      model: null,
      latencyMs: 0,
      message: 'The offline planner runs on this computer and needs no connection.',
      fault: null,
      status: null,
    });
  });

  it('refuses a base URL that is not http(s) and an unknown workspace, as bad input', async () => {
    t = await openPlannerEngine();
    expect((await rejectionOf(test({ provider: 'gemini', baseUrl: 'ftp://example.com' }))).code).toBe('bad_input');
    expect((await rejectionOf(t.client.planner.testConnection({ workspaceId: 'nope', provider: 'offline' }))).code).toBe('not_found');
  });
});
