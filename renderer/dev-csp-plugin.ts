import type { Plugin } from 'vite';

/**
 * In `vite` dev only, lets the React refresh preamble (an inline module script) run:
 * the strict policy of index.html forbids inline scripts, and the built app needs none.
 */
export function devContentSecurityPolicy(): Plugin {
  return {
    name: 'tizmor-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}
