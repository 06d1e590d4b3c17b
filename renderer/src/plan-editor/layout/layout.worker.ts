import { layeredLayout, type LayoutRequest } from './layered-layout';

/** The layout worker: big graphs are laid out here so the window never freezes. */
// The DOM typings describe a window; in a dedicated worker `self` takes and posts plain messages.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; request: LayoutRequest }>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  const { id, request } = event.data;
  try {
    scope.postMessage({ id, positions: layeredLayout(request) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
