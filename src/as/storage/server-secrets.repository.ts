import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { execSql } from '../../database/sql.js';
import { ServerSecretEntity } from '../entities/server-secret.entity.js';

const DRAW = 'INSERT INTO as_server_secrets (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING';
const READ = 'SELECT secret FROM as_server_secrets WHERE name = ?';

/** The keys the AS uses itself and every instance shares (the DPoP nonce key): the only code touching as_server_secrets. */
@Injectable()
export class ServerSecretsRepository {
  constructor(@InjectRepository(ServerSecretEntity) private readonly rows: Repository<ServerSecretEntity>) {}

  /** The secret named `name`: `drawn` if this is the first instance to ask, else the one drawn first. */
  async drawOnce(name: string, drawn: string): Promise<string> {
    await execSql(this.rows.manager, DRAW, [name, drawn, Date.now()]);
    const { rows } = await execSql<{ secret: string }>(this.rows.manager, READ, [name]);
    return rows[0].secret;
  }
}
