import { connectClient } from './contract';
import type { RunningHost } from './host';

/** A plan of one `template` step: it reads nothing, asks for no approval and completes at once. */
export async function seedGreetingPlan(host: RunningHost, title: string): Promise<{ planId: string; workspaceId: string }> {
  const { client, close } = await connectClient(host);
  try {
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const { plan } = await client.plans.create({
      workspaceId,
      title,
      graph: { steps: [{ id: 'greet', title: 'Say hello', agent: 'template', input: { template: 'Hello', values: {} }, dependsOn: [] }], layout: {} },
      message: 'One step',
    });
    return { planId: plan.id, workspaceId };
  } finally {
    close();
  }
}

/** The runs of a workspace started by a given trigger kind (`schedule`, `webhook`), as the Runs page would list them. */
export async function runsStartedBy(host: RunningHost, workspaceId: string, trigger: 'schedule' | 'webhook' | 'manual'): Promise<{ id: string; status: string }[]> {
  const { client, close } = await connectClient(host);
  try {
    const runs = await client.runs.list({ workspaceId });
    return runs.filter((run) => run.trigger === trigger).map((run) => ({ id: run.id, status: run.status }));
  } finally {
    close();
  }
}
