/** Where the app is. Kept in the address hash (`#/plans/<id>`) so a reload stays on the page. */
export type Route =
  | { page: 'plans' }
  | { page: 'plan'; planId: string }
  | { page: 'runs' }
  | { page: 'approvals' }
  | { page: 'triggers' }
  | { page: 'agents' }
  | { page: 'settings' };

export type SectionPage = Exclude<Route['page'], 'plan'>;

export const sectionPages: readonly SectionPage[] = ['plans', 'runs', 'approvals', 'triggers', 'agents', 'settings'];

export function routeFromHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'plans' && second) return { page: 'plan', planId: second };
  const section = sectionPages.find((page) => page === first);
  return section ? { page: section } : { page: 'plans' };
}

export function hashOf(route: Route): string {
  return route.page === 'plan' ? `#/plans/${encodeURIComponent(route.planId)}` : `#/${route.page}`;
}

/** The sidebar section a route belongs to. */
export function sectionOf(route: Route): SectionPage {
  return route.page === 'plan' ? 'plans' : route.page;
}
