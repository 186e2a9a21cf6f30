import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AS_ENTITIES } from '../entities/as.entities.js';
import { AsRetention } from './as-retention.service.js';
import { ActivityService } from './activity.service.js';
import { AsUrls } from './as-urls.js';
import { BearerAuthService } from './bearer-auth.service.js';
import { AsDpopService } from './as-dpop.service.js';
import { ClientAssertionService } from './client-assertion.service.js';
import { ClientKeysService } from './client-keys.service.js';
import { ClientService } from './client.service.js';
import { GrantExpiry } from './grant-expiry.service.js';
import { GrantService } from './grant.service.js';
import { PersonResourcesService } from './person-resources.service.js';
import { SecurityEventsService } from './security-events.service.js';
import { SetDispatcher } from './set-dispatcher.service.js';
import { SigningKeyService } from './signing-key.service.js';
import { TokenService } from './token.service.js';
import { UserService } from './user.service.js';
import { ActivityRepository } from '../storage/activity.repository.js';
import { ClientsRepository } from '../storage/clients.repository.js';
import { CodesRepository } from '../storage/codes.repository.js';
import { PushedRequestsRepository } from '../storage/pushed-requests.repository.js';
import { GrantsRepository } from '../storage/grants.repository.js';
import { ResourcesRepository } from '../storage/resources.repository.js';
import { ServerSecretsRepository } from '../storage/server-secrets.repository.js';
import { SigningKeysRepository } from '../storage/signing-keys.repository.js';
import { SsfRepository } from '../storage/ssf.repository.js';
import { TokensRepository } from '../storage/tokens.repository.js';
import { AsTransactions } from '../storage/transactions.js';
import { UsedAssertionsRepository } from '../storage/used-assertions.repository.js';
import { UsersRepository } from '../storage/users.repository.js';

/** What every part of the AS shares: its people, clients, grants, tokens, keys and registered resources. */
@Module({
  imports: [TypeOrmModule.forFeature(AS_ENTITIES)],
  providers: [
    UsersRepository,
    ActivityRepository,
    SigningKeysRepository,
    AsTransactions,
    CodesRepository,
    PushedRequestsRepository,
    TokensRepository,
    UsedAssertionsRepository,
    ServerSecretsRepository,
    SsfRepository,
    ClientsRepository,
    GrantsRepository,
    ResourcesRepository,
    GrantExpiry,
    AsRetention,
    ActivityService,
    PersonResourcesService,
    AsUrls,
    ClientService,
    UserService,
    GrantService,
    TokenService,
    SigningKeyService,
    BearerAuthService,
    SecurityEventsService,
    SetDispatcher,
    ClientKeysService,
    ClientAssertionService,
    AsDpopService,
  ],
  exports: [AsTransactions, CodesRepository, PushedRequestsRepository, TokensRepository, SsfRepository, GrantsRepository, ResourcesRepository, ActivityService, PersonResourcesService, AsUrls, ClientService, UserService, GrantService, TokenService, SigningKeyService, BearerAuthService, SecurityEventsService, SetDispatcher, AsDpopService],
})
export class AsCoreModule {}
