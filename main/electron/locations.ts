import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the built preload and renderer live, relative to the built main process (`out/main`). */
export interface AppLocations {
  preloadPath: string;
  rendererIndexPath: string;
  /** The `file://` URL of the renderer's index, the only page allowed to call the engine. */
  rendererIndexUrl: string;
}

export function appLocations(mainDir: string): AppLocations {
  const rendererIndexPath = join(mainDir, '..', 'renderer', 'index.html');
  return {
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndexPath,
    rendererIndexUrl: pathToFileURL(rendererIndexPath).href,
  };
}

/**
 * True when `url` is our renderer's index page (query and hash may differ, so in-app routes
 * still count). Anything else — another file, another scheme, a malformed URL — is not ours.
 */
export function isTrustedSender(url: string | undefined, rendererIndexUrl: string): boolean {
  if (!url) return false;
  let actual: URL;
  try {
    actual = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(rendererIndexUrl);
  return actual.protocol === 'file:' && actual.host === expected.host && actual.pathname === expected.pathname;
}
