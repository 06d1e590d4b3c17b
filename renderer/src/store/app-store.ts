import { create } from 'zustand';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createNoticeSlice, type NoticeSlice } from './notice-slice';
import { createRouteSlice, type RouteSlice } from './route-slice';
import { createPlansSlice, type PlansSlice } from './plans-slice';
import { createDocumentSlice, type DocumentSlice } from './document-slice';
import { createVersionsSlice, type VersionsSlice } from './versions-slice';
import { createCatalogSlice, type CatalogSlice } from './catalog-slice';
import { createValidationSlice, type ValidationSlice } from './validation-slice';
import { createCanvasSlice, type CanvasSlice } from './canvas-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';

/**
 * The renderer's whole state. The plan being edited (document, with its operation history) is
 * kept apart from its saved versions, from what the canvas shows and selects (canvas), from the
 * linter's findings, the agent catalog, the list of plans, and the session.
 */
export type AppState = SessionSlice &
  NoticeSlice &
  RouteSlice &
  PlansSlice &
  DocumentSlice &
  VersionsSlice &
  CatalogSlice &
  ValidationSlice &
  CanvasSlice &
  RunsSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createNoticeSlice(...args),
  ...createRouteSlice(...args),
  ...createPlansSlice(...args),
  ...createDocumentSlice(...args),
  ...createVersionsSlice(...args),
  ...createCatalogSlice(...args),
  ...createValidationSlice(...args),
  ...createCanvasSlice(...args),
  ...createRunsSlice(...args),
}));
