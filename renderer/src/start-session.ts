import { connectToHost } from './api/connect';
import { TizmorError } from './api/contract';
import { followHostEvents } from './api/host-events';
import { keepDrafts } from './store/draft-keeper';
import { useAppStore } from './store/app-store';

/** Connects to the host, loads the workspaces and keeps the route in step with the address. */
export function startSession(): void {
  const store = useAppStore;
  window.addEventListener('hashchange', () => store.getState().followHash());
  keepDrafts(store);
  const connection = connectToHost((error) =>
    store.getState().failConnection(error.code === 'unauthorized' ? 'unauthorized' : 'lost'),
  );
  connection.ready
    .then(async () => {
      followHostEvents(connection.client, store.getState);
      await store.getState().start(connection.client);
    })
    .catch((error: unknown) => {
      if (error instanceof TizmorError && error.code === 'unauthorized') store.getState().failConnection('unauthorized');
      else if (error instanceof TizmorError && error.code === 'unavailable') store.getState().failConnection('lost');
      else store.getState().reportError(error);
    });
}
