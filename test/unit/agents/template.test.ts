import { describe, expect, it } from 'vitest';
import { AgentError } from '../../../engine/agents/agent-error';
import { templateAgent } from '../../../engine/agents/builtin/template';
import { rejection, runAgent } from './fake-context';

describe('template agent', () => {
  it('fills names and dotted paths, including list items', async () => {
    const output = await runAgent(templateAgent, {
      template: 'Dear {{name}}, your order {{ order.id }} ships to {{order.address.city}}; first item: {{order.items.0.title}}.',
      values: { name: 'Dana', order: { id: 42, address: { city: 'Haifa' }, items: [{ title: 'Lamp' }] } },
    });
    expect(output).toEqual({ text: 'Dear Dana, your order 42 ships to Haifa; first item: Lamp.' });
  });

  it('writes objects and lists as JSON, booleans as words, and null as nothing', async () => {
    const output = await runAgent(templateAgent, {
      template: '{{tags}} | {{meta}} | {{done}} | [{{nothing}}]',
      values: { tags: ['a', 'b'], meta: { n: 1 }, done: false, nothing: null },
    });
    expect(output.text).toBe('["a","b"] | {"n":1} | false | []');
  });

  it('accepts a template without placeholders and without values', async () => {
    expect(await runAgent(templateAgent, { template: 'Plain text, {not a placeholder}.' })).toEqual({ text: 'Plain text, {not a placeholder}.' });
  });

  it('fails naming every missing value once, and what was given, without retry', async () => {
    const error = await rejection(
      runAgent(templateAgent, { template: 'Hi {{name}}, {{order.total}} for {{name}} and {{shipping}}', values: { name: 'Dana', order: {} } }),
    );
    expect(error).toBeInstanceOf(AgentError);
    expect(error.message).toBe('The template uses values that were not given: order.total, shipping. Given: name, order.');
    expect((error as AgentError).retryable).toBe(false);
    expect((error as AgentError).details).toEqual({ missing: ['order.total', 'shipping'], given: ['name', 'order'] });
  });

  it('does not find names on the object prototype', async () => {
    const error = await rejection(runAgent(templateAgent, { template: '{{constructor}} {{toString}}', values: {} }));
    expect(error.message).toContain('not given: constructor, toString. Given: none.');
  });

  it('simulates by filling what it can and keeping the rest', () => {
    expect(templateAgent.simulate?.({ template: '{{a}} and {{b}}', values: { a: 1 } })).toEqual({ text: '1 and {{b}}' });
  });
});
