import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-runs';
import { migration0003 } from './0003-triggers';
import { migration0004 } from './0004-run-leases';
import { migration0005 } from './0005-question-approvals';
import { migration0006 } from './0006-cheap-step-status-check';
import { migration0007 } from './0007-event-log-chunks';
import { migration0008 } from './0008-unwritten-pending-steps';
import type { Migration } from './migration';

/** Every migration, in order. Add a new file and list it here; never edit an applied one. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008];

export type { Migration };
