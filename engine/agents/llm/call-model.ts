import type { AgentContext } from '../agent';
import { AgentError } from '../agent-error';
import type { TextAnswer, TextModel, TextRequest } from './text-model';

/** Calls the model, records its tokens and cost on the step, and turns a blocked or cut-off answer into a clear error. */
export async function callModel(model: TextModel, request: TextRequest, ctx: AgentContext, options: { stream?: boolean } = {}): Promise<TextAnswer> {
  const answer = await model.complete(request, {
    signal: ctx.signal,
    ...(options.stream ? { onText: (text: string) => ctx.partial({ text }) } : {}),
  });
  ctx.usage({ tokens: answer.tokens, costUsd: answer.costUsd });
  ctx.log('info', `${model.provider} ${model.model}: ${answer.tokens} tokens, about $${answer.costUsd.toFixed(4)}.`);
  if (answer.finishReason === 'safety') {
    throw new AgentError(`${model.model} blocked the answer for safety reasons; rephrase the prompt if that is a mistake.`);
  }
  if (answer.finishReason === 'max_tokens' && !answer.text.trim()) {
    throw new AgentError(`${model.model} stopped at its length limit before answering; ask for less.`, { retryable: false });
  }
  return answer;
}

/** A model's JSON answer: the value in a code fence or between the first and last brace. */
export function parseJsonAnswer(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.search(/[[{]/);
  const end = Math.max(fenced.lastIndexOf('}'), fenced.lastIndexOf(']'));
  if (start < 0 || end < start) throw new AgentError('The model did not answer with JSON.', { details: { answer: text.slice(0, 500) } });
  try {
    return JSON.parse(fenced.slice(start, end + 1).replace(/,\s*([}\]])/g, '$1'));
  } catch (error) {
    throw new AgentError(`The model's JSON does not parse: ${(error as Error).message}`, { details: { answer: text.slice(0, 500) } });
  }
}
