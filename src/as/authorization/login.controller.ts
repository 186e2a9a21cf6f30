import { Body, Controller, Get, Ip, Post, Query, Redirect, Render } from '@nestjs/common';
import { Session } from '../../common/session/session.decorators.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsSession } from './as-session.js';
import { LoginService } from './login.service.js';
import { LoginDto } from './authorization.dto.js';

/** The person's sign-in at the AS. */
@Controller('as')
@AsSession()
export class LoginController {
  constructor(private readonly service: LoginService) {}

  @Get()
  @Redirect()
  entry(@Session() session: WebSession) {
    return { url: this.service.entry(session), statusCode: 303 };
  }

  @Get('login')
  @Render('as/login')
  loginPage(@Session() session: WebSession, @Query('rid') rid?: string) {
    return this.service.loginPage(session, typeof rid === 'string' ? rid : undefined);
  }

  @Post('login')
  @Redirect()
  async login(@Session() session: WebSession, @Body() body: LoginDto, @Ip() ip: string) {
    return { url: await this.service.login(session, body.username, body.password, body.rid, ip), statusCode: 303 };
  }

  @Post('logout')
  @Redirect()
  logout(@Session() session: WebSession) {
    return { url: this.service.logout(session), statusCode: 303 };
  }
}
