import { TizmorError, type SecretName } from '../api';

/** Where secrets live: never in SQLite. Electron keeps them with safeStorage; headless hosts read the environment. */
export interface SecretStore {
  get(name: SecretName): string | undefined;
  status(): Record<SecretName, { set: boolean; source: 'keychain' | 'environment' | 'none' }>;
  /** Stores or clears (null) a secret; hosts that cannot store one say how to set it instead. */
  set(name: SecretName, value: string | null): void;
}

/** The environment variable each secret is read from on headless hosts. */
export const SECRET_ENVIRONMENT: Record<SecretName, string> = {
  'gemini.apiKey': 'GEMINI_API_KEY',
  'openai.apiKey': 'OPENAI_API_KEY',
};

/** Secrets from environment variables (server, CLI): readable, not writable. */
export function environmentSecrets(env: Record<string, string | undefined> = process.env): SecretStore {
  const names = Object.keys(SECRET_ENVIRONMENT) as SecretName[];
  return {
    get: (name) => env[SECRET_ENVIRONMENT[name]] || undefined,
    status: () =>
      Object.fromEntries(
        names.map((name) => [name, env[SECRET_ENVIRONMENT[name]] ? { set: true, source: 'environment' as const } : { set: false, source: 'none' as const }]),
      ) as ReturnType<SecretStore['status']>,
    set: (name) => {
      throw new TizmorError(
        'unavailable',
        `This host keeps no secrets on disk. Set the environment variable ${SECRET_ENVIRONMENT[name]} and start it again (the desktop app stores keys in the system keychain).`,
      );
    },
  };
}
