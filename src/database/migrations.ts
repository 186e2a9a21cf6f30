import { PortableSchema1765000000000 } from './migrations/1765000000000-portable-schema.js';
import { GrapherCategoryOverrides1766000000000 } from './migrations/1766000000000-grapher-category-overrides.js';
import { ThrottleCounters1767000000000 } from './migrations/1767000000000-throttle-counters.js';
import { GrapherFapiClient1769500000000 } from './migrations/1769500000000-grapher-fapi-client.js';
import { ThrottleCountersUnlogged1769600000000 } from './migrations/1769600000000-throttle-counters-unlogged.js';
import { SsfStreamsOutbox1770000000000 } from './migrations/1770000000000-ssf-streams-outbox.js';
import { GrantAuthorizationDetails1770100000000 } from './migrations/1770100000000-grant-authorization-details.js';
import { Fapi1770200000000 } from './migrations/1770200000000-fapi.js';
import { BankFapiClient1770300000000 } from './migrations/1770300000000-bank-fapi-client.js';
import { BankRevokedGrants1770400000000 } from './migrations/1770400000000-bank-revoked-grants.js';
import { GrantManagementActions1770550000000 } from './migrations/1770550000000-grant-management-actions.js';
import { GrantResources1770600000000 } from './migrations/1770600000000-grant-resources.js';

/** Every migration, in order. The schema comes only from here: synchronize is off everywhere. */
export const MIGRATIONS = [
  PortableSchema1765000000000,
  GrapherCategoryOverrides1766000000000,
  ThrottleCounters1767000000000,
  GrapherFapiClient1769500000000,
  ThrottleCountersUnlogged1769600000000,
  SsfStreamsOutbox1770000000000,
  GrantAuthorizationDetails1770100000000,
  Fapi1770200000000,
  BankFapiClient1770300000000,
  BankRevokedGrants1770400000000,
  GrantManagementActions1770550000000,
  GrantResources1770600000000,
];

/** Migrations of versions before the portable schema: a database that ran them must be recreated. */
export const RETIRED_MIGRATIONS = ['InitialSchema1764000000000', 'PersonInControl1764050000000', 'GrapherSecretsAtRest1764100000000'];
