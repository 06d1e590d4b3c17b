import { connectAction, disconnectAction } from './edge-actions';
import { applyLayoutAction, moveStepsAction } from './layout-actions';
import { fillLayoutAction, replaceGraphAction } from './plan-actions';
import { addStepAction, deleteElementsAction, pasteStepsAction, updateStepAction } from './step-actions';

export type { EditorAction } from './editor-action';

/** Every edit the plan editor makes; the canvas, inspector, toolbar and keys all dispatch one of these. */
export const editorActions = {
  addStep: addStepAction,
  updateStep: updateStepAction,
  deleteElements: deleteElementsAction,
  pasteSteps: pasteStepsAction,
  connect: connectAction,
  disconnect: disconnectAction,
  moveSteps: moveStepsAction,
  applyLayout: applyLayoutAction,
  replaceGraph: replaceGraphAction,
  fillLayout: fillLayoutAction,
} as const;
