import { describe, expect, it } from 'vitest';
import { ResourceLocks } from '../../../engine/safety/resource-locks';
import { sleep } from '../../../engine/safety/abortable-wait';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ResourceLocks', () => {
  it('never lets two holders of one resource overlap', async () => {
    const locks = new ResourceLocks();
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const release = await locks.acquire(['file:a']);
        active++;
        most = Math.max(most, active);
        await tick();
        active--;
        release();
      }),
    );
    expect(most).toBe(1);
    expect(locks.holding()).toEqual([]);
  });

  it('lets holders of different resources run at once', async () => {
    const locks = new ResourceLocks();
    const a = await locks.acquire(['a']);
    const b = await locks.acquire(['b']);
    expect(locks.holding()).toEqual(['a', 'b']);
    a();
    b();
  });

  it('serves waiters in arrival order', async () => {
    const locks = new ResourceLocks();
    const first = await locks.acquire(['r']);
    const order: number[] = [];
    const waiters = [1, 2, 3, 4].map((n) =>
      locks.acquire(['r']).then(async (release) => {
        order.push(n);
        await tick();
        release();
      }),
    );
    await tick();
    expect(order).toEqual([]);
    first();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('does not let a later waiter jump ahead on a resource an earlier waiter waits for', async () => {
    const locks = new ResourceLocks();
    const holdA = await locks.acquire(['a']);
    const order: string[] = [];
    const both = locks.acquire(['a', 'b']).then((release) => (order.push('a+b'), release));
    const onlyB = locks.acquire(['b']).then((release) => (order.push('b'), release));
    await tick();
    expect(order).toEqual([]);
    holdA();
    const releaseBoth = await both;
    await tick();
    expect(order).toEqual(['a+b']);
    releaseBoth();
    (await onlyB)();
    expect(order).toEqual(['a+b', 'b']);
  });

  it('drops a waiter whose signal aborts, rejects it with the reason, and serves the next', async () => {
    const locks = new ResourceLocks();
    const holdA = await locks.acquire(['a']);
    const controller = new AbortController();
    const aborted = locks.acquire(['a', 'b'], controller.signal);
    let gotB = false;
    const onlyB = locks.acquire(['b']).then((release) => ((gotB = true), release));
    await tick();
    expect(gotB).toBe(false);
    const reason = new DOMException('cancelled', 'AbortError');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    (await onlyB)();
    expect(gotB).toBe(true);
    holdA();
    expect(locks.holding()).toEqual([]);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const locks = new ResourceLocks();
    const controller = new AbortController();
    controller.abort();
    await expect(locks.acquire(['a'], controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(locks.holding()).toEqual([]);
  });

  it('takes several resources in any order without deadlock', async () => {
    const locks = new ResourceLocks();
    const names = ['a', 'b', 'c', 'd'];
    const held = new Map<string, number>();
    let overlaps = 0;
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const tasks = Array.from({ length: 40 }, async () => {
      const wanted = names.filter(() => random() < 0.5).sort(() => random() - 0.5);
      const release = await locks.acquire(wanted);
      for (const name of wanted) {
        if (held.get(name)) overlaps++;
        held.set(name, 1);
      }
      await sleep(Math.floor(random() * 2));
      for (const name of wanted) held.set(name, 0);
      release();
    });
    const all = Promise.all(tasks);
    const timeout = sleep(3000).then(() => 'deadlock');
    expect(await Promise.race([all.then(() => 'done'), timeout])).toBe('done');
    expect(overlaps).toBe(0);
    expect(locks.holding()).toEqual([]);
  });

  it('opposite orders ([a, b] and [b, a]) both finish', async () => {
    const locks = new ResourceLocks();
    const one = locks.acquire(['a', 'b']).then(async (release) => (await tick(), release()));
    const two = locks.acquire(['b', 'a']).then(async (release) => (await tick(), release()));
    await Promise.all([one, two]);
    expect(locks.holding()).toEqual([]);
  });

  it('ignores a second release, so it cannot free a later holder', async () => {
    const locks = new ResourceLocks();
    const first = await locks.acquire(['a']);
    first();
    const second = await locks.acquire(['a']);
    first();
    expect(locks.holding()).toEqual(['a']);
    let third = false;
    const waiting = locks.acquire(['a']).then((release) => ((third = true), release));
    await tick();
    expect(third).toBe(false);
    second();
    (await waiting)();
  });

  it('takes a resource named twice in one request once', async () => {
    const locks = new ResourceLocks();
    const release = await locks.acquire(['a', 'a']);
    expect(locks.holding()).toEqual(['a']);
    release();
    expect(locks.holding()).toEqual([]);
  });
});
