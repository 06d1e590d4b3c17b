import type { AnyAgent } from '../agent';
import { delayAgent } from './delay';
import { filesReadAgent } from './files-read';
import { filesSearchAgent } from './files-search';
import { filesWriteAgent } from './files-write';
import { httpRequestAgent } from './http-request';
import { humanAskAgent } from './human-ask';
import { simAgent } from './sim';
import { templateAgent } from './template';

export { delayAgent } from './delay';
export { filesReadAgent } from './files-read';
export { filesSearchAgent } from './files-search';
export { filesWriteAgent } from './files-write';
export { createHttpRequestAgent, httpRequestAgent, type HostLookup } from './http-request';
export { simAgent } from './sim';
export { checkAnswer, humanAskAgent } from './human-ask';
export { simulatedAgent, type SimulatedAgentOptions } from './simulated-agent';
export { templateAgent } from './template';

/** The agents every workspace has without plugins: templates, files, HTTP, waiting and a simulator. */
export function builtinAgents(): AnyAgent[] {
  return [templateAgent, filesReadAgent, filesSearchAgent, filesWriteAgent, httpRequestAgent, delayAgent, simAgent, humanAskAgent];
}
