import type { Position, Step } from '../../api/contract';
import { pasteSteps, type StepClipboard } from '../clipboard';
import { addStep, removeDependencies, removeSteps, updateStep, type Dependency, type StepPatch } from '../graph-edit';
import { defineAction, withGraph } from './editor-action';

/** A new step from the palette or the "Add step" form, selected once added. */
export const addStepAction = defineAction<{ step: Pick<Step, 'id' | 'title' | 'agent'>; position: Position }>({
  name: 'step.add',
  capture: 'immediately',
  perform: (document, { step, position }) =>
    document.graph.steps.some((existing) => existing.id === step.id) ? null : withGraph(document, addStep(document.graph, step, position)),
  selectAfter: ({ step }) => [step.id],
});

/** An inspector change of one field; typing in one field is one undo step. */
export const updateStepAction = defineAction<{ stepId: string; patch: StepPatch; field: string }>({
  name: 'step.update',
  capture: 'eventually',
  mergeKey: ({ stepId, field }) => `${stepId}:${field}`,
  perform: (document, { stepId, patch }) => withGraph(document, updateStep(document.graph, stepId, patch)),
});

/** Steps and dependencies removed together (one key press, one undo step). */
export const deleteElementsAction = defineAction<{ stepIds: string[]; dependencies: Dependency[] }>({
  name: 'elements.delete',
  capture: 'immediately',
  perform: (document, { stepIds, dependencies }) => {
    const ids = new Set(stepIds);
    const graph = removeSteps(removeDependencies(document.graph, dependencies), ids);
    if (graph === document.graph) return null;
    const handPlaced = [...document.handPlaced].some((id) => ids.has(id))
      ? new Set([...document.handPlaced].filter((id) => !ids.has(id)))
      : document.handPlaced;
    return { graph, handPlaced };
  },
  selectAfter: () => [],
});

/** Copied steps pasted under new ids, shifted so they do not hide the originals; they become the selection. */
export const pasteStepsAction = defineAction<{ clipboard: StepClipboard; offset: Position }>({
  name: 'steps.paste',
  capture: 'immediately',
  perform: (document, { clipboard, offset }) => {
    const { graph, ids } = pasteSteps(document.graph, clipboard, offset);
    return ids.length === 0 ? null : { graph, handPlaced: new Set([...document.handPlaced, ...ids]) };
  },
  // Pasted steps are appended, so they are the last ones.
  selectAfter: ({ clipboard }, after) => after.graph.steps.slice(-clipboard.steps.length).map((step) => step.id),
});
