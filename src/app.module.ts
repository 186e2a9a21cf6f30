import { DynamicModule, Module } from '@nestjs/common';
import { AsModule } from './as/as.module.js';
import { BanksModule } from './banks/banks.module.js';
import { CommonModule } from './common/common.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { GrapherModule } from './grapher/grapher.module.js';
import { LandingModule } from './landing/landing.module.js';

/** The one process: the AS, the banks and Grapher, each a module, talking over HTTP. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        CommonModule,
        LandingModule,
        AsModule,
        BanksModule,
        GrapherModule,
        DemoModule,
      ],
    };
  }
}
