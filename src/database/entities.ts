import { AS_ENTITIES } from '../as/entities/as.entities.js';
import { BANK_ENTITIES } from '../banks/entities/bank.entities.js';
import { WebSessionEntity } from '../common/session/web-session.entity.js';
import { ThrottleCounterEntity } from '../common/throttle/throttle-counter.entity.js';
import { GRAPHER_ENTITIES } from '../grapher/entities/grapher.entities.js';

/** Every table of the one SQLite store; each party reads and writes only its own. */
export const ENTITIES = [WebSessionEntity, ThrottleCounterEntity, ...AS_ENTITIES, ...BANK_ENTITIES, ...GRAPHER_ENTITIES];
