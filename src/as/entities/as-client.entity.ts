import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

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
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  /** For a bank: its resource identifier (RFC 8707/9728), the audience of tokens minted for its accounts. */
  @Column({ name: 'resource_server', type: 'varchar', length: 512, nullable: true })
  resourceServer: string | null;

  @CreatedAtColumn()
  createdAt: number;
}
