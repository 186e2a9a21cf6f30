import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, flag } from '../../database/columns.js';

/** A client registered by RFC 7591: an app such as Grapher, or a bank acting as resource server. */
@Entity('as_clients')
export class AsClientEntity {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  /** SHA-256 of the client secret; the secret itself is shown once, at registration. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ name: 'client_name', type: 'varchar', length: 128 })
  clientName: string;

  @Column({ name: 'redirect_uris', type: 'simple-json' })
  redirectUris: string[];

  @Column({ name: 'grant_types', type: 'simple-json' })
  grantTypes: string[];

  @Column({ name: 'token_endpoint_auth_method', type: 'varchar', length: 32 })
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  /** For a bank: its resource identifier (RFC 8707/9728), the audience of tokens minted for its accounts. */
  @Column({ name: 'resource_server', type: 'varchar', length: 512, nullable: true })
  resourceServer: string | null;

  /** RFC 7591 §2 `jwks`: the client's public keys for private_key_jwt (RFC 7523), given by value. */
  @Column({ type: 'simple-json', nullable: true })
  jwks: { keys: Record<string, unknown>[] } | null;

  /** RFC 7591 §2 `jwks_uri`: where the client publishes them (fetched through the outbound guard). */
  @Column({ name: 'jwks_uri', type: 'varchar', length: 2048, nullable: true })
  jwksUri: string | null;

  /** Steward's registration parameter `fapi_profile`: "fapi2" puts this client under FAPI 2.0 (see README). */
  @Column({ name: 'fapi_profile', type: 'varchar', length: 32, nullable: true })
  fapiProfile: 'fapi2' | null;

  /** RFC 9126 §6 `require_pushed_authorization_requests`. */
  @Column({ name: 'require_par', type: 'integer', default: 0, transformer: flag })
  requirePar: boolean;

  /** RFC 9449 §5.2 `dpop_bound_access_tokens`: token requests without a DPoP proof are refused. */
  @Column({ name: 'dpop_bound', type: 'integer', default: 0, transformer: flag })
  dpopBound: boolean;

  @CreatedAtColumn()
  createdAt: number;
}
