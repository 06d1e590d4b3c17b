import { ReferenceError, resolveReferences } from '../references';
import type { PrepareStage } from './types';

/** Replaces `{{steps…}}` and `{{context…}}` references; a missing value fails the step with a clear message. */
export const resolveInput: PrepareStage = (context, input, next) => {
  if (context.approvedInput) return next(context.approvedInput.input);
  try {
    return next(resolveReferences(input, context.references));
  } catch (error) {
    if (error instanceof ReferenceError) return { kind: 'fail', input, error: error.message };
    throw error;
  }
};
