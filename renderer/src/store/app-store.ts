import { create } from 'zustand';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createNoticeSlice, type NoticeSlice } from './notice-slice';
import { createRouteSlice, type RouteSlice } from './route-slice';
import { createPlansSlice, type PlansSlice } from './plans-slice';
import { createDocumentSlice, type DocumentSlice } from './document-slice';
import { createCanvasSlice, type CanvasSlice } from './canvas-slice';

/**
 * The renderer's whole state. The plan being edited (document) is kept apart from what the
 * canvas shows and selects (canvas), from the list of plans, and from the session.
 */
export type AppState = SessionSlice & NoticeSlice & RouteSlice & PlansSlice & DocumentSlice & CanvasSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createNoticeSlice(...args),
  ...createRouteSlice(...args),
  ...createPlansSlice(...args),
  ...createDocumentSlice(...args),
  ...createCanvasSlice(...args),
}));
