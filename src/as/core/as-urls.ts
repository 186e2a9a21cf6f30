import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';

/** Every endpoint of this AS, derived from its issuer identifier. */
@Injectable()
export class AsUrls {
  readonly issuer: string;
  constructor(config: AppConfig) {
    this.issuer = config.asIssuer;
  }
  get authorization() {
    return `${this.issuer}/authorize`;
  }
  get token() {
    return `${this.issuer}/token`;
  }
  /** RFC 9126 §2 */
  get par() {
    return `${this.issuer}/par`;
  }
  get registration() {
    return `${this.issuer}/register`;
  }
  get jwks() {
    return `${this.issuer}/jwks`;
  }
  get revocation() {
    return `${this.issuer}/revoke`;
  }
  get introspection() {
    return `${this.issuer}/introspect`;
  }
  get resourceRegistration() {
    return `${this.issuer}/uma/resource_set`;
  }
  get grantManagement() {
    return `${this.issuer}/grants`;
  }
  get ssfStreams() {
    return `${this.issuer}/ssf/streams`;
  }
  get ssfVerify() {
    return `${this.issuer}/ssf/verify`;
  }
  get ssfStatus() {
    return `${this.issuer}/ssf/status`;
  }
  get ssfConfiguration() {
    const issuer = new URL(this.issuer);
    return `${issuer.origin}/.well-known/ssf-configuration${issuer.pathname}`;
  }
  get intro() {
    return `${this.issuer}/intro`;
  }
  get account() {
    return `${this.issuer}/account`;
  }
  get login() {
    return `${this.issuer}/login`;
  }
  consent(requestId: string) {
    return `${this.issuer}/consent/${requestId}`;
  }
}
