import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretName, TizmorError } from '../../engine/api';
import { SECRET_ENVIRONMENT, type SecretStore } from '../../engine/core/secrets';

/** The part of Electron's `safeStorage` this store uses (the real module, or a test double). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring encrypts; 'basic_text' means a fixed key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/** The file's shape: each secret encrypted by safeStorage, base64. */
interface SecretsFile {
  version: 1;
  secrets: Partial<Record<SecretName, string>>;
}

const NO_ENCRYPTION =
  'This computer offers no encrypted storage for secrets (on Linux a keyring such as GNOME Keyring or KWallet must be running), so Tizmor will not store the key.';

function readFile(file: string): SecretsFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SecretsFile>;
    const secrets: SecretsFile['secrets'] = {};
    for (const [name, value] of Object.entries(parsed.secrets ?? {})) {
      if (SecretName.safeParse(name).success && typeof value === 'string') secrets[name as SecretName] = value;
    }
    return { version: 1, secrets };
  } catch {
    return { version: 1, secrets: {} };
  }
}

/** Writes the whole file through a temporary one, readable by this user only. */
function writeFile(file: string, content: SecretsFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * API keys for the desktop app: encrypted with Electron's safeStorage (the system keychain's key)
 * in a JSON file in the app's data folder, never in SQLite and never in plain text. Without real
 * encryption it refuses to store and says how to use an environment variable instead; an
 * environment variable is read when nothing is stored.
 */
export function safeStorageSecrets(options: { safeStorage: SafeStorageLike; file: string; env?: Record<string, string | undefined> }): SecretStore {
  const { safeStorage, file } = options;
  const env = options.env ?? process.env;
  const names = SecretName.options;
  const encryptionWorks = () => safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';

  function stored(name: SecretName): string | undefined {
    const encrypted = readFile(file).secrets[name];
    if (!encrypted || !safeStorage.isEncryptionAvailable()) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
    } catch {
      // Encrypted under another user or keychain: as good as not set.
      return undefined;
    }
  }

  return {
    get: (name) => stored(name) ?? (env[SECRET_ENVIRONMENT[name]] || undefined),
    status: () =>
      Object.fromEntries(
        names.map((name) => [
          name,
          stored(name) !== undefined
            ? { set: true, source: 'keychain' as const }
            : env[SECRET_ENVIRONMENT[name]]
              ? { set: true, source: 'environment' as const }
              : { set: false, source: 'none' as const },
        ]),
      ) as ReturnType<SecretStore['status']>,
    set(name, value) {
      const content = readFile(file);
      if (value === null || value === '') {
        delete content.secrets[name];
        writeFile(file, content);
        return;
      }
      if (!encryptionWorks()) {
        throw new TizmorError('unavailable', `${NO_ENCRYPTION} Set the environment variable ${SECRET_ENVIRONMENT[name]} before starting Tizmor instead.`);
      }
      content.secrets[name] = safeStorage.encryptString(value).toString('base64');
      writeFile(file, content);
    },
  };
}

/** The secrets file inside a data folder. */
export const SECRETS_FILE = 'secrets.json';
