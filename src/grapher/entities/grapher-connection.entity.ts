import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A person's connection from Grapher to their AS: the tokens Grapher holds and where Intro is. */
@Entity('grapher_connections')
export class GrapherConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'access_token', type: 'varchar', length: 1024 })
  accessToken: string;

  @Column({ name: 'refresh_token', type: 'varchar', length: 1024, nullable: true })
  refreshToken: string | null;

  @Column({ name: 'access_expires_at', type: 'integer' })
  accessExpiresAt: number;

  @Column({ name: 'intro_endpoint', type: 'varchar', length: 2048 })
  introEndpoint: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
