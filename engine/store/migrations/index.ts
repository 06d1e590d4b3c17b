import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-runs';
import type { Migration } from './migration';

/** Every migration, in order. Add a new file and list it here; never edit an applied one. */
export const migrations: readonly Migration[] = [migration0001, migration0002];

export type { Migration };
