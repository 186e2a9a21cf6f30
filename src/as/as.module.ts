import { Module } from '@nestjs/common';
import { AccountModule } from './account/account.module.js';
import { AuthorizationModule } from './authorization/authorization.module.js';
import { DiscoveryModule } from './discovery/discovery.module.js';
import { IntroModule } from './intro/intro.module.js';
import { GrantManagementModule } from './grant-management/grant-management.module.js';
import { SsfModule } from './signals/ssf.module.js';
import { ResourceRegistrationModule } from './resource-registration/resource-registration.module.js';

/** The person's Authorization Server, at /as. */
@Module({ imports: [DiscoveryModule, AuthorizationModule, AccountModule, ResourceRegistrationModule, IntroModule, SsfModule, GrantManagementModule] })
export class AsModule {}
