import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema.js';
import { PersonInControl1764050000000 } from './migrations/1764050000000-person-in-control.js';
import { GrapherSecretsAtRest1764100000000 } from './migrations/1764100000000-grapher-secrets-at-rest.js';

/** Every migration, in order. The schema comes only from here: synchronize is off everywhere. */
export const MIGRATIONS = [InitialSchema1764000000000, PersonInControl1764050000000, GrapherSecretsAtRest1764100000000];
