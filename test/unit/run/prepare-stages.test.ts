import { describe, expect, it } from 'vitest';
import type { Step } from '../../../engine/api';
import { approvalGate, approvalReason } from '../../../engine/run/pipeline/approval-gate';
import { cacheEnabled, cacheKey, checkCache } from '../../../engine/run/pipeline/cache-stage';
import { prepare, type PrepareContext, type Preparation } from '../../../engine/run/pipeline';
import { resolveInput } from '../../../engine/run/pipeline/resolve-input';
import { fakeAgent, step } from './pipeline-fakes';

const reader = fakeAgent({ id: 'reader', risk: 'read', idempotent: true });

describe('cacheKey', () => {
  it('is the same for equal inputs whatever the key order', () => {
    expect(cacheKey('ws', reader, { a: 1, b: { c: [1, 2], d: 'x' } })).toBe(cacheKey('ws', reader, { b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  it('changes with the workspace, the agent id, the agent version and the input', () => {
    const base = cacheKey('ws', reader, { a: 1 });
    expect(cacheKey('other-ws', reader, { a: 1 })).not.toBe(base);
    expect(cacheKey('ws', { id: 'reader2', version: '1' }, { a: 1 })).not.toBe(base);
    expect(cacheKey('ws', { id: 'reader', version: '2' }, { a: 1 })).not.toBe(base);
    expect(cacheKey('ws', reader, { a: 2 })).not.toBe(base);
    expect(cacheKey('ws', reader, { a: [1, 2] })).not.toBe(cacheKey('ws', reader, { a: [2, 1] }));
  });
});

describe('cacheEnabled', () => {
  it.each([
    ['read, idempotent', { risk: 'read', idempotent: true }, true],
    ['read, not idempotent', { risk: 'read', idempotent: false }, false],
    ['read, idempotent, not cacheable', { risk: 'read', idempotent: true, cacheable: false }, false],
    ['write, idempotent', { risk: 'write', idempotent: true }, false],
    ['external, idempotent', { risk: 'external', idempotent: true }, false],
  ] as const)('by default follows the agent (%s → %s)', (_, agent, expected) => {
    expect(cacheEnabled(step(), fakeAgent(agent))).toBe(expected);
  });

  it('lets the step decide either way', () => {
    expect(cacheEnabled(step({ cache: false }), reader)).toBe(false);
    expect(cacheEnabled(step({ cache: true }), fakeAgent({ risk: 'write', idempotent: false }))).toBe(true);
  });
});

function prepareContext(overrides: Partial<PrepareContext> = {}): PrepareContext {
  return {
    workspaceId: 'ws',
    step: step(),
    agent: reader,
    references: { output: () => ({ found: false }), context: () => ({}) },
    approvedInput: null,
    autoApprove: false,
    cache: { lookup: () => undefined },
    ...overrides,
  };
}
const run = (input: unknown): Preparation => ({ kind: 'run', input });

describe('checkCache', () => {
  it('answers from the cache with the entry under the key of the resolved input', () => {
    const looked: string[] = [];
    const context = prepareContext({ cache: { lookup: (key) => (looked.push(key), { output: 'cached!' }) } });
    expect(checkCache(context, { q: 1 }, run)).toEqual({ kind: 'cached', input: { q: 1 }, output: 'cached!' });
    expect(looked).toEqual([cacheKey('ws', reader, { q: 1 })]);
  });

  it('hands on when there is no entry, or when caching is off for the step', () => {
    expect(checkCache(prepareContext(), { q: 1 }, run)).toEqual({ kind: 'run', input: { q: 1 } });
    const hit = { lookup: () => ({ output: 'cached!' }) };
    expect(checkCache(prepareContext({ step: step({ cache: false }), cache: hit }), { q: 1 }, run)).toEqual({ kind: 'run', input: { q: 1 } });
  });
});

describe('approvalReason', () => {
  const agents = {
    read: fakeAgent({ id: 'r', risk: 'read' }),
    write: fakeAgent({ id: 'files.write', risk: 'write' }),
    external: fakeAgent({ id: 'http.request', risk: 'external' }),
  };
  const table: Array<[Step['approval'], keyof typeof agents, string | null]> = [
    [undefined, 'read', null],
    [undefined, 'write', 'The agent "files.write" writes files.'],
    [undefined, 'external', 'The agent "http.request" reaches outside this computer.'],
    ['auto', 'read', null],
    ['auto', 'write', 'The agent "files.write" writes files.'],
    ['auto', 'external', 'The agent "http.request" reaches outside this computer.'],
    ['always', 'read', 'This step is set to always ask before it runs.'],
    ['always', 'external', 'This step is set to always ask before it runs.'],
    ['never', 'read', null],
    ['never', 'write', null],
    ['never', 'external', null],
  ];
  it.each(table)('policy %s with a %s agent → %s', (policy, risk, reason) => {
    expect(approvalReason(step(policy ? { approval: policy } : {}), agents[risk])).toBe(reason);
  });
});

describe('approvalGate', () => {
  const external = fakeAgent({ id: 'http.request', risk: 'external' });
  it('stops a step that needs approval with the reason', () => {
    expect(approvalGate(prepareContext({ agent: external }), { url: 'x' }, run)).toEqual({
      kind: 'approval',
      input: { url: 'x' },
      reason: 'The agent "http.request" reaches outside this computer.',
    });
  });

  it('lets an approved step through', () => {
    const context = prepareContext({ agent: external, approvedInput: { input: { url: 'y' } } });
    expect(approvalGate(context, { url: 'y' }, run)).toEqual({ kind: 'run', input: { url: 'y' } });
  });
});

describe('resolveInput', () => {
  const references = { output: (id: string) => (id === 'a' ? { found: true as const, value: { n: 7 } } : { found: false as const }), context: () => ({}) };

  it('hands on the input with references resolved', () => {
    expect(resolveInput(prepareContext({ references }), { n: '{{steps.a.output.n}}' }, run)).toEqual({ kind: 'run', input: { n: 7 } });
  });

  it('fails the step with the message, keeping the input as written', () => {
    expect(resolveInput(prepareContext({ references }), { n: '{{steps.b.output}}' }, run)).toEqual({
      kind: 'fail',
      input: { n: '{{steps.b.output}}' },
      error: '{{steps.b.output}}: step "b" has no output (it has not succeeded).',
    });
  });

  it('uses the approved (maybe edited) input instead of resolving again', () => {
    const context = prepareContext({ references, approvedInput: { input: { n: 99 } } });
    expect(resolveInput(context, { n: '{{steps.b.output}}' }, run)).toEqual({ kind: 'run', input: { n: 99 } });
  });
});

describe('prepare', () => {
  const references = { output: () => ({ found: true as const, value: 'v' }), context: () => ({}) };

  it('resolves references before looking up the cache', () => {
    const looked: string[] = [];
    const context = prepareContext({ references, cache: { lookup: (key) => void looked.push(key) } });
    expect(prepare(context, { q: '{{steps.a.output}}' })).toEqual({ kind: 'run', input: { q: 'v' } });
    expect(looked).toEqual([cacheKey('ws', reader, { q: 'v' })]);
  });

  it('answers a cache hit without asking for approval', () => {
    const context = prepareContext({ step: step({ approval: 'always' }), cache: { lookup: () => ({ output: 1 }) } });
    expect(prepare(context, {})).toMatchObject({ kind: 'cached', output: 1 });
  });

  it('asks for approval with the resolved input', () => {
    const context = prepareContext({ references, step: step({ approval: 'always' }) });
    expect(prepare(context, { q: '{{steps.a.output}}' })).toMatchObject({ kind: 'approval', input: { q: 'v' } });
  });
});
