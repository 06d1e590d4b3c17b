/**
 * The desktop app listens for webhooks on 127.0.0.1:47210 (TIZMOR_HOOKS_PORT changes it, and the
 * contract does not say which port it took); the headless host serves `/hooks/` on the page's own port.
 */
const desktopHooksOrigin = 'http://127.0.0.1:47210';

/** The full address a webhook trigger is called at, from its `/hooks/<id>` path. */
export function webhookUrl(path: string): string {
  const origin = window.tizmor ? desktopHooksOrigin : window.location.origin;
  return `${origin}${path}`;
}
