import { GrapherAsClientEntity } from './grapher-as-client.entity.js';
import { GrapherCategoryOverrideEntity } from './grapher-category-override.entity.js';
import { GrapherConnectionEntity } from './grapher-connection.entity.js';

/** Grapher's tables. */
export const GRAPHER_ENTITIES = [GrapherAsClientEntity, GrapherConnectionEntity, GrapherCategoryOverrideEntity];
