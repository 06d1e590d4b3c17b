import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { resolveDataDir } from '../../../main/electron/data-dir';

const userData = () => '/home/dana/.config/Tizmor';

describe('resolveDataDir', () => {
  it("uses Electron's user-data folder when nothing is chosen", () => {
    expect(resolveDataDir(['electron', '.'], {}, userData)).toEqual({ dataDir: userData(), explicit: false });
  });

  it('takes --data-dir in both spellings over TIZMOR_DATA_DIR, without asking Electron', () => {
    const askElectron = vi.fn(userData);
    const env = { TIZMOR_DATA_DIR: '/from/env' };
    expect(resolveDataDir(['electron', '.', '--data-dir', '/a'], env, askElectron)).toEqual({ dataDir: '/a', explicit: true });
    expect(resolveDataDir(['electron', '.', '--data-dir=/b'], env, askElectron)).toEqual({ dataDir: '/b', explicit: true });
    expect(resolveDataDir(['electron', '.'], env, askElectron)).toEqual({ dataDir: '/from/env', explicit: true });
    expect(askElectron).not.toHaveBeenCalled();
  });

  it('makes a relative folder absolute, as app.setPath requires', () => {
    expect(resolveDataDir(['electron', '--data-dir', 'data'], {}, userData).dataDir).toBe(resolve('data'));
    expect(resolveDataDir(['electron'], { TIZMOR_DATA_DIR: 'here' }, userData).dataDir).toBe(resolve('here'));
  });

  it('ignores an empty flag or variable', () => {
    expect(resolveDataDir(['electron', '--data-dir='], { TIZMOR_DATA_DIR: ' ' }, userData).explicit).toBe(false);
    expect(resolveDataDir(['electron', '--data-dir'], {}, userData).explicit).toBe(false);
  });
});
