import { describe, expect, it } from 'vitest';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { builtinAgents } from '../../../engine/agents/builtin';

describe('built-in agent catalog', () => {
  const registry = createAgentRegistry(builtinAgents());

  it('offers the built-ins, each with a version, a sentence and capabilities', () => {
    expect(registry.list().map((agent) => agent.id)).toEqual(['delay', 'files.read', 'files.search', 'files.write', 'http.request', 'human.ask', 'sim', 'template']);
    for (const agent of registry.describe()) {
      expect(agent.version, agent.id).toMatch(/^[1-9]\d*$/);
      expect(agent.description, agent.id).toMatch(/^[A-Z].{20,200}\.$/);
      expect(agent.capabilities.length, agent.id).toBeGreaterThan(0);
    }
  });

  it('states risk and idempotency as the approval gate and crash recovery need them', () => {
    const byId = Object.fromEntries(registry.list().map((agent) => [agent.id, [agent.risk, agent.idempotent]]));
    expect(byId).toEqual({
      delay: ['read', true],
      'files.read': ['read', true],
      'files.search': ['read', true],
      'files.write': ['write', false],
      'http.request': ['external', false],
      'human.ask': ['read', true],
      sim: ['read', true],
      template: ['read', true],
    });
  });

  it('describes every input field for the planner, defaults included', () => {
    for (const agent of registry.describe()) {
      const schema = agent.inputSchema as { properties?: Record<string, { description?: string }> };
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${agent.id}.${field}`).toBeTruthy();
      }
    }
    const read = registry.describe().find((agent) => agent.id === 'files.read')?.inputSchema as {
      properties: Record<string, { default?: unknown }>;
      required?: string[];
    };
    expect(read.properties.maxBytes?.default).toBe(1024 * 1024);
    expect(read.required).toEqual(['path']);
  });
});
