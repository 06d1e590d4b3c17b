import type { AnyAgent } from '../agent';
import { calendarCancelAgent } from './calendar-cancel';
import { calendarCreateAgent } from './calendar-create';
import { calendarFreeAgent } from './calendar-free';
import { calendarListAgent } from './calendar-list';
import { calendarMoveAgent } from './calendar-move';

export { calendarCancelAgent, calendarCreateAgent, calendarFreeAgent, calendarListAgent, calendarMoveAgent };

/** The calendar agents over local .ics files: list, free, create, move and cancel. */
export function calendarAgents(): AnyAgent[] {
  return [calendarListAgent, calendarFreeAgent, calendarCreateAgent, calendarMoveAgent, calendarCancelAgent];
}
