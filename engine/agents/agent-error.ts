/** Why a step failed, in words a person can act on, and whether another attempt could help. */
export class AgentError extends Error {
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(message: string, options: { retryable?: boolean; details?: unknown } = {}) {
    super(message);
    this.name = 'AgentError';
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}
