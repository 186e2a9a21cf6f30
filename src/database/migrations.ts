import type { MigrationInterface } from 'typeorm';
import type { Party } from '../config/app-config.js';
import {
  PortableSchema1765000000000,
  PortableSchemaAs1765000000001,
  PortableSchemaBanks1765000000002,
  PortableSchemaGrapher1765000000003,
} from './migrations/1765000000000-portable-schema.js';
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

/** Whose tables a migration changes: one party's, or 'common' (what every process keeps: sessions, throttle counters). */
type Owner = Party | 'common';

/** Every migration, in order, with whose tables it changes. The schema comes only from here: synchronize is off everywhere. */
const OWNED: [Owner, new () => MigrationInterface][] = [
  ['common', PortableSchema1765000000000],
  ['as', PortableSchemaAs1765000000001],
  ['banks', PortableSchemaBanks1765000000002],
  ['grapher', PortableSchemaGrapher1765000000003],
  ['grapher', GrapherCategoryOverrides1766000000000],
  ['common', ThrottleCounters1767000000000],
  ['grapher', GrapherFapiClient1769500000000],
  ['common', ThrottleCountersUnlogged1769600000000],
  ['as', SsfStreamsOutbox1770000000000],
  ['as', GrantAuthorizationDetails1770100000000],
  ['as', Fapi1770200000000],
  ['banks', BankFapiClient1770300000000],
  ['banks', BankRevokedGrants1770400000000],
  ['as', GrantManagementActions1770550000000],
  ['as', GrantResources1770600000000],
];

/** Every migration, in order. */
export const MIGRATIONS = OWNED.map(([, m]) => m);

/**
 * The migrations of a process serving `parties` (all when not given): what every process keeps, and its
 * parties' own. Each is recorded by name, so processes of other parties on the same database run theirs later.
 */
export function migrationsFor(parties?: ReadonlySet<Party>): (new () => MigrationInterface)[] {
  return OWNED.filter(([owner]) => owner === 'common' || !parties || parties.has(owner)).map(([, m]) => m);
}

/** The party parts of the portable schema, each with a table that shows a database already has that part. */
export const SPLIT_SCHEMA_PARTS: { name: string; table: string }[] = [
  { name: 'PortableSchemaAs1765000000001', table: 'as_users' },
  { name: 'PortableSchemaBanks1765000000002', table: 'bank_customers' },
  { name: 'PortableSchemaGrapher1765000000003', table: 'grapher_connections' },
];

/** Migrations of versions before the portable schema: a database that ran them must be recreated. */
export const RETIRED_MIGRATIONS = ['InitialSchema1764000000000', 'PersonInControl1764050000000', 'GrapherSecretsAtRest1764100000000'];
