import { z } from 'zod';

/** Every error code a caller of the contract can receive. */
export const ErrorCode = z.enum([
  'bad_input',
  'unknown_method',
  'not_found',
  'conflict',
  'unauthorized',
  'too_large',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The typed error every transport carries: `{code, message, details}`. */
export const ApiErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** An error raised by the engine or a transport; it crosses every transport as {@link ApiErrorShape}. */
export class TizmorError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'TizmorError';
    this.code = code;
    this.details = details;
  }

  toShape(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: ApiErrorShape): TizmorError {
    return new TizmorError(shape.code, shape.message, shape.details);
  }
}

/** Turns anything thrown into the typed shape; unknown errors become `internal` without leaking stacks. */
export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof TizmorError) return error.toShape();
  const parsed = ApiErrorShape.safeParse(error);
  if (parsed.success) return parsed.data;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

/** A readable list of zod issues, used as `details` of `bad_input` errors. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
