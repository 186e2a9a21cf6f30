import { GrapherAsClientEntity } from './grapher-as-client.entity.js';
import { GrapherConnectionEntity } from './grapher-connection.entity.js';

/** Grapher's tables. */
export const GRAPHER_ENTITIES = [GrapherAsClientEntity, GrapherConnectionEntity];
