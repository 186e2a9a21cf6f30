import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AsPartnerService } from './as-partner.service.js';
import { BankAccountsRepository } from './storage/bank-accounts.repository.js';
import { BankAsClientsRepository } from './storage/bank-as-clients.repository.js';
import { BankCustomersRepository } from './storage/bank-customers.repository.js';
import { BankDelegationsRepository } from './storage/bank-delegations.repository.js';
import { BankSeedRepository } from './storage/bank-seed.repository.js';
import { BankDemoController } from './bank-demo.controller.js';
import { BankOutageGuard, BankOutageService } from './bank-outage.service.js';
import { BankDirectory, BankPipe } from './bank-directory.js';
import { BankAuthService } from './bank-auth.service.js';
import { BankPagesController } from './bank-pages.controller.js';
import { BankPagesService } from './bank-pages.service.js';
import { BankSeedService } from './bank-seed.service.js';
import { DelegationService } from './delegation.service.js';
import { BANK_ENTITIES } from './entities/bank.entities.js';
import { FdxController } from './fdx.controller.js';
import { FdxService } from './fdx.service.js';
import { ResourceMetadataController } from './resource-metadata/resource-metadata.controller.js';
import { ResourceMetadataService } from './resource-metadata/resource-metadata.service.js';
import { RevocationSync } from './signals/revocation-sync.service.js';
import { BankRevokedGrantsRepository } from './storage/bank-revoked-grants.repository.js';
import { SetReceiverController } from './signals/set-receiver.controller.js';
import { SetReceiverService } from './signals/set-receiver.service.js';
import { StreamSetupService } from './signals/stream-setup.service.js';
import { AsKeysService } from './token/as-keys.service.js';
import { BankIntrospectionService } from './token/bank-introspection.service.js';
import { BankTokenVerifier } from './token/bank-token.verifier.js';

/** The simulated banks, each at /banks/<id>: customer pages (Phase 1) and the FDX API (Phase 3). */
@Module({
  imports: [TypeOrmModule.forFeature(BANK_ENTITIES)],
  controllers: [FdxController, BankDemoController, BankPagesController, ResourceMetadataController, SetReceiverController],
  providers: [BankDirectory, BankPipe, BankOutageService, BankOutageGuard, AsPartnerService, BankAsClientsRepository, BankCustomersRepository, BankAccountsRepository, BankDelegationsRepository, BankSeedRepository, BankSeedService, BankAuthService, BankPagesService, DelegationService, FdxService, AsKeysService, BankIntrospectionService, BankTokenVerifier, ResourceMetadataService, SetReceiverService, StreamSetupService, BankRevokedGrantsRepository, RevocationSync],
})
export class BanksModule {}
