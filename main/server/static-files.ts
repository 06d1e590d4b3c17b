import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The page's policy: scripts only from here, no eval; the socket only to this host. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Serves a file of the renderer build. Paths outside `root` are refused; unknown paths
 * fall back to index.html so reloading a page of the app works.
 */
export function serveStatic(root: string, urlPath: string, response: ServerResponse): void {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('Bad path');
    return;
  }
  const target = normalize(join(root, relative));
  if (target !== root && !target.startsWith(root.endsWith(sep) ? root : root + sep)) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    return;
  }
  let file = target;
  let stats = statSafe(file);
  if (!stats?.isFile()) {
    file = join(root, 'index.html');
    stats = statSafe(file);
  }
  if (!stats?.isFile()) {
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end('The Tizmor app is not built yet. Run `npm run build`, then start the host again.');
    return;
  }
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': stats.size,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'max-age=3600',
  });
  createReadStream(file).pipe(response);
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
