import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { wait } from './wait';

const SimInput = z.object({
  durationMs: z.number().min(0).max(3_600_000).default(0).describe('How long the step pretends to work, in milliseconds.'),
  failRate: z.number().min(0).max(1).default(0).describe('Chance from 0 to 1 that an attempt fails (with an error worth retrying).'),
  output: z.unknown().optional().describe('What the step returns; {"ok": true} when absent.'),
  seed: z.string().optional().describe('Makes failures repeatable: the same seed, attempt and step always give the same outcome.'),
});

/** A number in [0, 1) from a string: FNV-1a, then murmur3's final mix so near-identical strings spread out. */
export function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/** A stand-in step for tests, demos and benchmarks: given latency, given failure rate, given output. */
export const simAgent = defineAgent({
  id: 'sim',
  version: '1',
  name: 'Simulated step',
  description: 'Pretends to do work: waits durationMs, fails with probability failRate, and otherwise returns the given output.',
  capabilities: ['simulate'],
  input: SimInput,
  output: z.unknown(),
  risk: 'read',
  idempotent: true,
  // A simulator stands in for real work: reusing its result would hide the latency and failures it models.
  cacheable: false,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    if (input.durationMs > 0) await wait(input.durationMs, ctx.signal);
    if (input.failRate > 0) {
      const roll = input.seed === undefined ? Math.random() : unitHash(`${input.seed}:${ctx.attempt}:${ctx.stepId}`);
      if (roll < input.failRate) {
        throw new AgentError(`Simulated failure on attempt ${ctx.attempt} (failRate ${input.failRate}).`, {
          retryable: true,
          details: { failRate: input.failRate, attempt: ctx.attempt, roll },
        });
      }
    }
    return input.output === undefined ? { ok: true } : input.output;
  },
  simulate: (input) => (input.output === undefined ? { ok: true } : input.output),
});
