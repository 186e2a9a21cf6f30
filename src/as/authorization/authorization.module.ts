import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { GrantChangesService } from '../grant-management/grant-changes.service.js';
import { GrantChangesRepository } from '../storage/grant-changes.repository.js';
import { AuthorizationService } from './authorization.service.js';
import { AuthorizeController } from './authorize.controller.js';
import { ConsentController } from './consent.controller.js';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant.js';
import { RefreshTokenGrant } from './grants/refresh-token.grant.js';
import { TokenResponseBuilder } from './grants/token-response.js';
import { LoginController } from './login.controller.js';
import { ParController } from './par.controller.js';
import { ParService } from './par.service.js';
import { LoginService } from './login.service.js';
import { RegistrationController } from './registration.controller.js';
import { RevocationController } from './revocation.controller.js';
import { RevocationService } from './revocation.service.js';
import { TokenController } from './token.controller.js';
import { TokenEndpointService } from './token.service.js';

/** The AS's client-facing OAuth: registration, the authorization endpoint with login and consent, token, revocation. */
@Module({
  imports: [AsCoreModule],
  controllers: [LoginController, AuthorizeController, ConsentController, TokenController, RegistrationController, RevocationController, ParController],
  providers: [AuthorizationService, LoginService, TokenEndpointService, AuthorizationCodeGrant, RefreshTokenGrant, TokenResponseBuilder, RevocationService, ParService, GrantChangesService, GrantChangesRepository],
})
export class AuthorizationModule {}
