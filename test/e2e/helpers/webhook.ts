import { createHmac } from 'node:crypto';

/** `t=<unix>,v1=<hex HMAC-SHA256 of "t.rawBody">`, the signature a webhook trigger checks. */
export function signatureOf(secret: string, rawBody: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/** POSTs a JSON body to a webhook address, signed with `secret` (or with a given signature header). */
export async function postWebhook(
  url: string,
  body: unknown,
  options: { secret: string; deliveryId?: string; signature?: string },
): Promise<{ status: number; body: unknown }> {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-tizmor-signature': options.signature ?? signatureOf(options.secret, raw),
  };
  if (options.deliveryId) headers['x-tizmor-delivery'] = options.deliveryId;
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}
