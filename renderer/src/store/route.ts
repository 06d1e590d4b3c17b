/** Where the app is. Kept in the address hash (`#/plans/<id>`, `#/runs/<id>`) so a reload stays on the page. */
export type Route =
  | { page: 'plans' }
  | { page: 'plan'; planId: string }
  | { page: 'runs' }
  | { page: 'run'; runId: string }
  | { page: 'approvals' }
  | { page: 'triggers' }
  | { page: 'agents' }
  | { page: 'settings' };

export type SectionPage = Exclude<Route['page'], 'plan' | 'run'>;

export const sectionPages: readonly SectionPage[] = ['plans', 'runs', 'approvals', 'triggers', 'agents', 'settings'];

export function routeFromHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'plans' && second) return { page: 'plan', planId: second };
  if (first === 'runs' && second) return { page: 'run', runId: second };
  const section = sectionPages.find((page) => page === first);
  return section ? { page: section } : { page: 'plans' };
}

export function hashOf(route: Route): string {
  if (route.page === 'plan') return `#/plans/${encodeURIComponent(route.planId)}`;
  if (route.page === 'run') return `#/runs/${encodeURIComponent(route.runId)}`;
  return `#/${route.page}`;
}

/** The sidebar section a route belongs to. */
export function sectionOf(route: Route): SectionPage {
  return route.page === 'plan' ? 'plans' : route.page === 'run' ? 'runs' : route.page;
}
