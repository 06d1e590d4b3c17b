import { describe, expect, it } from 'vitest';
import { abortReason, sleep } from '../../../engine/safety/abortable-wait';

describe('sleep', () => {
  it('waits about the given time', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with the signal reason as soon as it aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(60_000, controller.signal);
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 5);
    await expect(waiting).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects at once when already aborted, even for 0 ms', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(0, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('resolves at once for 0 ms', async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
  });
});

describe('abortReason', () => {
  it('is the signal reason, or an AbortError', () => {
    const controller = new AbortController();
    controller.abort('why');
    expect(abortReason(controller.signal)).toBe('why');
    expect(abortReason(new AbortController().signal)).toMatchObject({ name: 'AbortError' });
  });
});
