import { DynamicModule, Module, Type } from '@nestjs/common';
import { AsModule } from './as/as.module.js';
import { BanksModule } from './banks/banks.module.js';
import { CommonModule } from './common/common.module.js';
import { AppConfig, Party, PARTY_NAMES } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { GrapherModule } from './grapher/grapher.module.js';
import { HealthModule } from './health/health.module.js';
import { LandingModule } from './landing/landing.module.js';

/**
 * One process serving the parties in PARTIES (by default all three: the AS, the banks and Grapher), each a
 * module talking to the others over HTTP. A party left out is neither seeded nor served; the landing page and
 * the health probes are served everywhere; the teaching demo only where the whole story runs (see AppConfig.demo).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const parties: Record<Party, Type> = { as: AsModule, banks: BanksModule, grapher: GrapherModule };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        CommonModule,
        LandingModule,
        HealthModule,
        ...PARTY_NAMES.filter((p) => config.serves(p)).map((p) => parties[p]),
        ...(config.demo ? [DemoModule] : []),
      ],
    };
  }
}
