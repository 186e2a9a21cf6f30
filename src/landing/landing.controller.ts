import { Controller, Get, Redirect, Render } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { BANKS } from '../banks/bank-directory.js';

/** The story in a few lines, and a link to every party. */
@Controller()
export class LandingController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Render('landing')
  landing() {
    return {
      as: this.config.asIssuer,
      grapher: this.config.grapherUrl,
      banks: BANKS.map((b) => ({ name: b.name, url: this.config.bankUrl(b.id) })),
      acct: `acct:nat@${this.config.publicHost}`,
    };
  }

  /** Browsers ask for /favicon.ico on their own: the same icon the pages link to. */
  @Get('favicon.ico')
  @Redirect('/assets/favicon.svg', 301)
  favicon() {
    return undefined;
  }
}
