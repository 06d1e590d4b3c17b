import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';
import { hashOf, routeFromHash, type Route } from './route';

export interface RouteSlice {
  route: Route;
  navigate(route: Route): void;
  /** Follows the address hash when the person uses back / forward or edits it. */
  followHash(): void;
}

export const createRouteSlice: StateCreator<AppState, [], [], RouteSlice> = (set) => ({
  route: routeFromHash(window.location.hash),
  navigate(route) {
    set({ route });
    const hash = hashOf(route);
    if (window.location.hash !== hash) window.location.hash = hash;
  },
  followHash() {
    const route = routeFromHash(window.location.hash);
    set((state) => (hashOf(state.route) === hashOf(route) ? state : { route }));
  },
});
