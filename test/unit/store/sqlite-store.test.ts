import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../engine/store/sqlite-store';
import type { Store } from '../../../engine/store/store';
import { makeTempDir, makeWorkspace } from '../../helpers/builders';
import { describeStoreContract } from './store-contract';

describeStoreContract('SQLite :memory:', () => {
  const store = openSqliteStore({ filename: ':memory:' });
  return { store, cleanup: () => store.close() };
});

describeStoreContract('SQLite file', () => {
  const temp = makeTempDir();
  const filename = join(temp.dir, 'tizmor.sqlite');
  let current: Store = openSqliteStore({ filename });
  return {
    store: current,
    reopen: () => {
      current.close();
      current = openSqliteStore({ filename });
      return current;
    },
    cleanup: () => {
      current.close();
      temp.remove();
    },
  };
});

describe('SQLite file store', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function openFile() {
    const temp = makeTempDir();
    const filename = join(temp.dir, 'tizmor.sqlite');
    const store = openSqliteStore({ filename });
    cleanups.push(temp.remove, () => store.close());
    return { store, filename };
  }

  it('writes in WAL mode, as another connection sees', () => {
    const { filename } = openFile();
    const other = new Database(filename, { readonly: true });
    cleanups.push(() => other.close());
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('lets another connection read committed data while the store is open', () => {
    const { store, filename } = openFile();
    store.workspaces.insert(makeWorkspace('w1', { isDefault: true }));
    const other = new Database(filename, { readonly: true });
    cleanups.push(() => other.close());
    expect(other.prepare('SELECT id FROM workspaces').all()).toEqual([{ id: 'w1' }]);
  });

  it('enforces foreign keys: a plan for a missing workspace is refused', () => {
    const { store } = openFile();
    expect(() =>
      store.plans.insert({
        id: 'p1',
        workspaceId: 'ghost',
        title: 'Orphan',
        request: null,
        headVersion: 1,
        createdAt: '2025-03-01T09:00:00.000Z',
        updatedAt: '2025-03-01T09:00:00.000Z',
      }),
    ).toThrow(/FOREIGN KEY/);
  });
});
