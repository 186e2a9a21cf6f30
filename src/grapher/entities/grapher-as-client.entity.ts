import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Grapher's registration (RFC 7591) at each AS a person pointed it to. */
@Entity('grapher_as_clients')
export class GrapherAsClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  /** Grapher must present this secret, so it keeps it (issue: encrypt client-side secrets at rest). */
  @Column({ name: 'client_secret', type: 'varchar', length: 256 })
  clientSecret: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
