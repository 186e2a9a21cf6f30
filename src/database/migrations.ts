import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema.js';

/** Every migration, in order. The schema comes only from here: synchronize is off everywhere. */
export const MIGRATIONS = [InitialSchema1764000000000];
