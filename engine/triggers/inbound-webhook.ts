import type { TriggerFiring } from '../api';
import type { TriggerRecord, TriggerRepository } from '../store/trigger-repository';
import type { Clock } from './clock';
import { fireTrigger, type FiringServices } from './fire-trigger';
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifySignature, type SignatureProblem } from './signature';

/** The largest webhook body a host reads (1 MB); larger ones are answered 413 unread. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Delivery ids are remembered this long (well past the signature tolerance, for senders that retry re-signed). */
const RECEIPT_DAYS = 7;

/** An incoming request to `/hooks/<triggerId>`, as the host read it: headers and the raw body bytes. */
export interface WebhookRequest {
  triggerId: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/** What the host answers: an HTTP status and a small JSON body. */
export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface InboundServices {
  repository: TriggerRepository;
  clock: Clock;
  firing: FiringServices;
}

const PROBLEM_WORDS: Record<SignatureProblem, string> = {
  missing: 'The request has no X-Tizmor-Signature header.',
  malformed: 'The X-Tizmor-Signature header is not "t=<unix seconds>,v1=<hex HMAC-SHA256>".',
  stale: 'The signature time is more than 300 seconds from this host\'s clock.',
  mismatch: 'No signature matches this trigger\'s secret.',
};

function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The secrets a signature may use now: the current one, and the previous one while its rotation lasts. */
function validSecrets(trigger: TriggerRecord, nowMs: number): string[] {
  const secrets = trigger.secret ? [trigger.secret] : [];
  if (trigger.previousSecret && trigger.previousSecretUntil && Date.parse(trigger.previousSecretUntil) > nowMs) secrets.push(trigger.previousSecret);
  return secrets;
}

const lastPrune = new WeakMap<TriggerRepository, number>();
/** Forgets old delivery ids, at most once an hour per store. */
function pruneNowAndThen(repository: TriggerRepository, nowMs: number): void {
  if (nowMs - (lastPrune.get(repository) ?? 0) < 3_600_000) return;
  lastPrune.set(repository, nowMs);
  repository.pruneReceipts(new Date(nowMs - RECEIPT_DAYS * 86_400_000).toISOString());
}

function firingAnswer(firing: TriggerFiring): WebhookAnswer {
  return { status: 202, body: { accepted: true, firingId: firing.id, status: firing.status, runId: firing.runId, error: firing.error } };
}

/**
 * Handles one webhook request: signature verified on the raw bytes before anything parses them,
 * then the body read as JSON, the delivery deduplicated, and the trigger fired with `{webhook: body}`
 * as the run's context. A refused signature is counted on the trigger and nothing else is kept.
 */
export async function receiveWebhook(services: InboundServices, request: WebhookRequest): Promise<WebhookAnswer> {
  const { repository, clock } = services;
  if (request.body.byteLength > MAX_WEBHOOK_BYTES) {
    return { status: 413, body: { error: 'too_large', message: `The body is larger than ${MAX_WEBHOOK_BYTES} bytes.` } };
  }
  const trigger = repository.find(request.triggerId);
  if (!trigger || trigger.kind !== 'webhook') return { status: 404, body: { error: 'not_found', message: 'There is no webhook trigger here.' } };
  const nowMs = clock.now();
  const check = verifySignature(header(request, SIGNATURE_HEADER), request.body, validSecrets(trigger, nowMs), Math.floor(nowMs / 1000));
  if (!check.ok) {
    repository.countRejected(trigger.id, new Date(nowMs).toISOString());
    return { status: 401, body: { error: 'unauthorized', message: PROBLEM_WORDS[check.problem] } };
  }
  if (!trigger.enabled) return { status: 409, body: { error: 'disabled', message: 'This trigger is disabled; enable it to accept deliveries.' } };

  let payload: unknown = null;
  const text = Buffer.from(request.body).toString('utf8');
  if (text.trim() !== '') {
    try {
      payload = JSON.parse(text) as unknown;
    } catch {
      return { status: 400, body: { error: 'bad_input', message: 'The body is not JSON.' } };
    }
  }
  const deliveryId = header(request, DELIVERY_HEADER)?.trim() || null;
  if (deliveryId !== null && (deliveryId.length > 200 || !/^[\x21-\x7e]+$/.test(deliveryId))) {
    return { status: 400, body: { error: 'bad_input', message: 'X-Tizmor-Delivery must be 1-200 visible ASCII characters.' } };
  }
  // The signature itself is a key too: a captured request replayed under a new delivery id starts nothing.
  const keys = [`sig:${check.digest}`, ...(deliveryId === null ? [] : [`id:${deliveryId}`])];
  const receivedAt = new Date(nowMs).toISOString();
  if (!repository.recordReceipt(trigger.id, keys, receivedAt)) {
    return { status: 200, body: { accepted: true, duplicate: true, message: 'This delivery was received before; nothing new was started.' } };
  }
  pruneNowAndThen(repository, nowMs);
  const firing = await fireTrigger(services.firing, { trigger, source: 'webhook', scheduledFor: null, context: { webhook: payload }, deliveryId });
  // A webhook firing has no schedule time, so it is always recorded.
  return firing ? firingAnswer(firing) : { status: 500, body: { error: 'internal', message: 'The firing was not recorded.' } };
}
