import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TizmorError } from '../../../engine/api';
import { safeStorageSecrets, type SafeStorageLike } from '../../../main/electron/secrets';
import { makeTempDir } from '../../helpers/builders';

/** A stand-in for Electron's safeStorage: a reversible "encryption" that never leaves the text readable. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.from(`enc:${Buffer.from(plainText, 'utf8').toString('hex').split('').reverse().join('')}`, 'utf8');
  }
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString('utf8');
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4).split('').reverse().join(''), 'hex').toString('utf8');
  }
}

describe('safeStorage secrets (desktop app)', () => {
  let temp: { dir: string; remove: () => void };
  let file: string;
  let safeStorage: FakeSafeStorage;

  beforeEach(() => {
    temp = makeTempDir('tizmor-secrets-');
    file = join(temp.dir, 'user-data', 'secrets.json');
    safeStorage = new FakeSafeStorage();
  });
  afterEach(() => temp.remove());

  it('stores a key encrypted in a JSON file and reads it back; the file never holds the key in plain text', () => {
    const secrets = safeStorageSecrets({ safeStorage, file, env: {} });
    expect(secrets.status()['gemini.apiKey']).toEqual({ set: false, source: 'none' });

    secrets.set('gemini.apiKey', 'AIza-very-secret');
    expect(secrets.get('gemini.apiKey')).toBe('AIza-very-secret');
    expect(secrets.status()['gemini.apiKey']).toEqual({ set: true, source: 'keychain' });
    expect(secrets.status()['openai.apiKey']).toEqual({ set: false, source: 'none' });

    const content = readFileSync(file, 'utf8');
    expect(content).not.toContain('AIza-very-secret');
    expect(JSON.parse(content)).toMatchObject({ version: 1, secrets: { 'gemini.apiKey': expect.any(String) } });

    // Another process (the next start of the app) reads the same file.
    expect(safeStorageSecrets({ safeStorage, file, env: {} }).get('gemini.apiKey')).toBe('AIza-very-secret');
  });

  it('clears a key with null', () => {
    const secrets = safeStorageSecrets({ safeStorage, file, env: {} });
    secrets.set('openai.apiKey', 'sk-local');
    secrets.set('openai.apiKey', null);
    expect(secrets.get('openai.apiKey')).toBeUndefined();
    expect(secrets.status()['openai.apiKey']).toEqual({ set: false, source: 'none' });
  });

  it('refuses to store a key when the system offers no encryption, and says what to do instead', () => {
    safeStorage.available = false;
    const secrets = safeStorageSecrets({ safeStorage, file, env: {} });
    let error: unknown;
    try {
      secrets.set('gemini.apiKey', 'AIza-very-secret');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TizmorError);
    expect((error as TizmorError).code).toBe('unavailable');
    expect((error as TizmorError).message).toMatch(/no encrypted storage/);
    expect((error as TizmorError).message).toContain('GEMINI_API_KEY');
    expect(existsSync(file)).toBe(false);
  });

  it("refuses Linux's basic_text backend, which encrypts with a fixed key", () => {
    safeStorage.backend = 'basic_text';
    const secrets = safeStorageSecrets({ safeStorage, file, env: {} });
    expect(() => secrets.set('gemini.apiKey', 'AIza')).toThrow(/no encrypted storage/);
  });

  it('falls back to the environment variable when nothing is stored, and prefers the stored key', () => {
    const secrets = safeStorageSecrets({ safeStorage, file, env: { GEMINI_API_KEY: 'from-env' } });
    expect(secrets.get('gemini.apiKey')).toBe('from-env');
    expect(secrets.status()['gemini.apiKey']).toEqual({ set: true, source: 'environment' });
    secrets.set('gemini.apiKey', 'from-keychain');
    expect(secrets.get('gemini.apiKey')).toBe('from-keychain');
  });

  it('treats a damaged file or a value it cannot decrypt as not set', () => {
    const secrets = safeStorageSecrets({ safeStorage, file, env: {} });
    secrets.set('gemini.apiKey', 'AIza');
    writeFileSync(file, JSON.stringify({ version: 1, secrets: { 'gemini.apiKey': Buffer.from('garbage').toString('base64') } }));
    expect(secrets.get('gemini.apiKey')).toBeUndefined();
    writeFileSync(file, '{ not json');
    expect(secrets.status()['gemini.apiKey'].set).toBe(false);
    secrets.set('openai.apiKey', 'sk');
    expect(secrets.get('openai.apiKey')).toBe('sk');
  });

  it('is the store the engine uses for secrets.set and secrets.status', async () => {
    const { openEngine } = await import('../../../engine/engine');
    const { createDirectClient } = await import('../../../engine/rpc/direct-transport');
    const engine = openEngine({ dataDir: null, host: 'test', appVersion: '0', log: () => undefined, secrets: safeStorageSecrets({ safeStorage, file, env: {} }) });
    try {
      const api = createDirectClient(engine);
      expect(await api.secrets.set({ name: 'gemini.apiKey', value: 'AIza-k' })).toEqual({ name: 'gemini.apiKey', set: true });
      expect((await api.secrets.status({}))['gemini.apiKey']).toEqual({ set: true, source: 'keychain' });
      expect(readFileSync(file, 'utf8')).not.toContain('AIza-k');
    } finally {
      engine.close();
    }
  });
});
