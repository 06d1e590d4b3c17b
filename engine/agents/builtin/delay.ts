import { z } from 'zod';
import { defineAgent } from '../agent';
import { wait } from './wait';

const DelayInput = z.object({
  ms: z.number().min(0).max(3_600_000).describe('How long to wait, in milliseconds (at most one hour).'),
});

const DelayOutput = z.object({
  waitedMs: z.number().describe('How long the step waited, in milliseconds.'),
});

/** Waits a given time before the steps after it start; cancelling the run ends the wait. */
export const delayAgent = defineAgent({
  id: 'delay',
  version: '1',
  name: 'Wait',
  description: 'Waits a given number of milliseconds (up to an hour) before the next steps start.',
  capabilities: ['wait'],
  input: DelayInput,
  output: DelayOutput,
  risk: 'read',
  idempotent: true,
  // Waiting is the point; a cached wait would not wait.
  cacheable: false,
  async execute(input, ctx) {
    await wait(input.ms, ctx.signal);
    return { waitedMs: input.ms };
  },
  simulate: (input) => ({ waitedMs: input.ms }),
});
