import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header that carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">`. */
export const SIGNATURE_HEADER = 'x-tizmor-signature';
/** The header that names a delivery; a repeat of the same id starts nothing. */
export const DELIVERY_HEADER = 'x-tizmor-delivery';
/** The header of outgoing deliveries that names their event. */
export const EVENT_HEADER = 'x-tizmor-event';
/** How far a signature's time may be from the receiver's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new webhook secret: 32 random bytes, prefixed so it is recognisable in a config file. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function mac(secret: string, timestamp: number, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The signature header value for `body` signed with `secret` at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: Uint8Array | string, timestamp: number): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return `t=${timestamp},v1=${mac(secret, timestamp, bytes).toString('hex')}`;
}

/** Why a signature was refused. */
export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type SignatureCheck = { ok: true; timestamp: number; digest: string } | { ok: false; problem: SignatureProblem };

/**
 * Verifies a signature header on the raw body bytes, before anything parses them: the time must be
 * within the tolerance and one `v1` must equal the HMAC under one of `secrets`, compared in constant time.
 */
export function verifySignature(
  header: string | undefined,
  body: Uint8Array,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (header === undefined || header.trim() === '') return { ok: false, problem: 'missing' };
  let timestamp: number | null = null;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === null || candidates.length === 0 || candidates.length > 8) return { ok: false, problem: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, problem: 'stale' };
  for (const secret of secrets) {
    const expected = mac(secret, timestamp, body);
    for (const candidate of candidates) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        return { ok: true, timestamp, digest: createHash('sha256').update(expected).digest('hex') };
      }
    }
  }
  return { ok: false, problem: 'mismatch' };
}
