import WebSocket from 'ws';
import { createClient, createWebSocketTransport, type PlanGraphInput, type TizmorClient } from '../../../engine/api';
import type { RunningHost } from './host';

type SocketConstructor = NonNullable<Parameters<typeof createWebSocketTransport>[0]['WebSocket']>;

/** A contract client from Node, to set up or check data behind the browser's back. */
export async function connectClient(host: RunningHost): Promise<{ client: TizmorClient; close: () => void }> {
  // The `ws` socket has the browser's shape; its overloaded typings do not line up with the transport's minimal one.
  const transport = createWebSocketTransport({ url: host.socketUrl, WebSocket: WebSocket as unknown as SocketConstructor });
  await transport.ready;
  return { client: createClient(transport), close: () => transport.close() };
}

/** Three steps in a chain: gather → draft → send. No layout, so the canvas places them. */
export const threeStepGraph: PlanGraphInput = {
  steps: [
    { id: 'gather', title: 'Gather notes', agent: 'files.search', dependsOn: [] },
    { id: 'draft', title: 'Draft the report', agent: 'llm.generate', input: { tone: 'short' }, dependsOn: ['gather'] },
    { id: 'send', title: 'Send to the team', agent: 'notify.desktop', dependsOn: ['draft'] },
  ],
  layout: {},
};

/** Creates a plan with {@link threeStepGraph} in the default workspace; returns its id. */
export async function seedThreeStepPlan(host: RunningHost, title: string): Promise<string> {
  const { client, close } = await connectClient(host);
  try {
    const status = await client.system.status({});
    const { plan } = await client.plans.create({
      workspaceId: status.defaultWorkspaceId,
      title,
      graph: threeStepGraph,
      message: 'First draft',
    });
    return plan.id;
  } finally {
    close();
  }
}
