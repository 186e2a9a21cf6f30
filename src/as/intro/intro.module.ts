import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { IntroController } from './intro.controller.js';
import { IntroService } from './intro.service.js';
import { IntrospectionController } from './introspection.controller.js';
import { IntrospectionService } from './introspection.service.js';

/** Resource introspection: Intro for clients, RFC 7662 for banks. */
@Module({
  imports: [AsCoreModule],
  controllers: [IntroController, IntrospectionController],
  providers: [IntroService, IntrospectionService],
})
export class IntroModule {}
