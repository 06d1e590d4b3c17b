import { describe, expect, it } from 'vitest';
import { Journal } from '../../../engine/run/journal';
import type { Store } from '../../../engine/store/store';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A store whose only used part, `transaction`, logs what happens inside and outside each one. */
function fakeStore(log: string[]): Store {
  let count = 0;
  const store: Pick<Store, 'transaction'> = {
    transaction: (work) => {
      const n = ++count;
      log.push(`begin ${n}`);
      try {
        return work();
      } finally {
        log.push(`commit ${n}`);
      }
    },
  };
  return store as Store;
}

describe('Journal', () => {
  it('says how long its oldest uncommitted write has waited, from zero again after a commit (also one made at once)', async () => {
    const journal = new Journal(fakeStore([]), () => undefined);
    expect(journal.age()).toBe(0);
    journal.write(() => undefined);
    const busy = performance.now();
    while (performance.now() - busy < 15) {
      // Time passes with the write queued.
    }
    expect(journal.age()).toBeGreaterThanOrEqual(15);
    journal.flush();
    expect(journal.age()).toBe(0);
    // The next turn's scheduled commit is still pending; a new write starts a new clock.
    journal.write(() => undefined);
    expect(journal.age()).toBeLessThan(5);
    await nextTurn();
    expect(journal.age()).toBe(0);
  });

  it('commits the writes queued in one turn in one transaction, then runs what waits for them in order', async () => {
    const log: string[] = [];
    const journal = new Journal(fakeStore(log), (error) => log.push(`failed ${String(error)}`));
    journal.write(() => log.push('w1'), () => log.push('after w1'));
    journal.write(() => log.push('w2'));
    journal.afterWrites(() => log.push('after all'));
    journal.write(() => log.push('w3'), () => log.push('after w3'));
    expect(log).toEqual([]);
    await nextTurn();
    expect(log).toEqual(['begin 1', 'w1', 'w2', 'w3', 'commit 1', 'after w1', 'after all', 'after w3']);
  });

  it('commits writes queued by an after-commit callback in a later transaction', async () => {
    const log: string[] = [];
    const journal = new Journal(fakeStore(log), () => undefined);
    journal.write(
      () => log.push('w1'),
      () => journal.write(() => log.push('w2'), () => log.push('after w2')),
    );
    await nextTurn();
    await nextTurn();
    expect(log).toEqual(['begin 1', 'w1', 'commit 1', 'begin 2', 'w2', 'commit 2', 'after w2']);
  });

  it('commits at once on flush', () => {
    const log: string[] = [];
    const journal = new Journal(fakeStore(log), () => undefined);
    journal.write(() => log.push('w1'), () => log.push('after'));
    journal.flush();
    expect(log).toEqual(['begin 1', 'w1', 'commit 1', 'after']);
  });

  it('runs afterWrites callbacks with nothing to write without a transaction', async () => {
    const log: string[] = [];
    const journal = new Journal(fakeStore(log), () => undefined);
    journal.afterWrites(() => log.push('after'));
    await nextTurn();
    expect(log).toEqual(['after']);
  });

  it('commits the good writes of a batch one by one when one write fails, reports it, and goes on', async () => {
    const log: string[] = [];
    const failures: unknown[] = [];
    const journal = new Journal(fakeStore(log), (error) => failures.push(error));
    journal.write(() => log.push('good'), () => log.push('after good'));
    journal.write(() => {
      throw new Error('disk full');
    }, () => log.push('after failed'));
    await nextTurn();
    expect(failures.map((error) => (error as Error).message)).toEqual(['disk full']);
    // The batch rolled back, the good write was committed alone, and the run was not left hanging.
    expect(log.filter((line) => line === 'good').length).toBe(2);
    expect(log.slice(-2)).toEqual(['after good', 'after failed']);
    journal.write(() => log.push('w2'), () => log.push('after w2'));
    await nextTurn();
    expect(log.slice(-3)).toEqual(['w2', expect.stringMatching(/^commit/), 'after w2']);
  });

  it('on close commits what is queued, then drops every later write', async () => {
    const log: string[] = [];
    const journal = new Journal(fakeStore(log), () => undefined);
    journal.write(() => log.push('w1'), () => log.push('after w1'));
    journal.close();
    expect(log).toEqual(['begin 1', 'w1', 'commit 1', 'after w1']);
    journal.write(() => log.push('late'), () => log.push('after late'));
    journal.afterWrites(() => log.push('late after'));
    journal.flush();
    await nextTurn();
    expect(log).toEqual(['begin 1', 'w1', 'commit 1', 'after w1']);
  });
});
