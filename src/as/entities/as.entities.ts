import { ActivityEntity } from './activity.entity.js';
import { AsClientEntity } from './as-client.entity.js';
import { AsUserEntity } from './as-user.entity.js';
import { AuthorizationCodeEntity } from './authorization-code.entity.js';
import { GrantEntity } from './grant.entity.js';
import { GrantResourceEntity } from './grant-resource.entity.js';
import { PushedRequestEntity } from './pushed-request.entity.js';
import { ResourceEntity } from './resource.entity.js';
import { ServerSecretEntity } from './server-secret.entity.js';
import { SsfOutboxEntity } from './ssf-outbox.entity.js';
import { SsfStreamEntity } from './ssf-stream.entity.js';
import { SigningKeyEntity } from './signing-key.entity.js';
import { TokenEntity } from './token.entity.js';
import { UsedAssertionEntity } from './used-assertion.entity.js';

/** The AS's tables. */
export const AS_ENTITIES = [
  AsUserEntity,
  AsClientEntity,
  GrantEntity,
  GrantResourceEntity,
  AuthorizationCodeEntity,
  TokenEntity,
  ResourceEntity,
  SigningKeyEntity,
  ActivityEntity,
  SsfStreamEntity,
  SsfOutboxEntity,
  PushedRequestEntity,
  UsedAssertionEntity,
  ServerSecretEntity,
];
