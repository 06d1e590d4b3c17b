import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketTransport, packEvents } from '../../../engine/api';

/** A socket that the test feeds frames to, as the host would. */
class FakeSocket {
  static last: FakeSocket | null = null;
  readyState = 1;
  sent: string[] = [];
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  constructor() {
    FakeSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {}
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  receive(frame: unknown): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data: JSON.stringify(frame) });
  }
}

const status = (stepId: string) => ({ event: 'step.status', payload: { stepId } });

describe('the WebSocket transport and event batches', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers every event of a batch frame, in order', () => {
    const transport = createWebSocketTransport({ url: 'ws://test', WebSocket: FakeSocket });
    const seen: string[] = [];
    transport.on('step.status', (payload) => seen.push((payload as { stepId: string }).stepId));
    FakeSocket.last?.receive(packEvents([status('a'), status('b'), { event: 'run.status', payload: {} }, status('c')]));
    FakeSocket.last?.receive(status('d'));
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('goes on with the rest of a batch when a listener throws, and reports the error', () => {
    vi.useFakeTimers();
    const transport = createWebSocketTransport({ url: 'ws://test', WebSocket: FakeSocket });
    const seen: string[] = [];
    transport.on('step.status', (payload) => {
      const { stepId } = payload as { stepId: string };
      if (stepId === 'a') throw new Error('listener broke');
      seen.push(stepId);
    });
    FakeSocket.last?.receive(packEvents([status('a'), status('b')]));
    expect(seen).toEqual(['b']);
    expect(() => vi.runAllTimers()).toThrow('listener broke');
  });

  it('still answers calls and takes the greeting', async () => {
    const transport = createWebSocketTransport({ url: 'ws://test', WebSocket: FakeSocket });
    FakeSocket.last?.receive({ hello: { protocol: 2 } });
    await transport.ready;
    const answer = transport.call('system.status', {});
    await Promise.resolve();
    const request = JSON.parse(FakeSocket.last?.sent[0] as string) as { id: number };
    FakeSocket.last?.receive({ id: request.id, ok: true, result: { fine: true } });
    await expect(answer).resolves.toEqual({ fine: true });
  });
});
