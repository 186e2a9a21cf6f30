import { Injectable } from '@nestjs/common';
import { randomToken } from '../../common/crypto/secrets.js';
import { InvalidRequestError, NotFoundError } from '../../common/errors/oauth.errors.js';
import { PersonResourcesService } from '../core/person-resources.service.js';
import type { ResourceEntity } from '../entities/resource.entity.js';
import { ResourceFields, ResourcesRepository } from '../storage/resources.repository.js';
import { ResourceDescriptionDto } from './resource-description.dto.js';
import type { PatOwner as Owner } from './pat.guard.js';

/**
 * UMA 2.0 Federated Authorization §3: a bank, holding a PAT its customer granted, registers that customer's
 * accounts. Every query is scoped to the PAT's person and bank: another bank's resource is "not found".
 */
@Injectable()
export class ResourceRegistrationService {
  constructor(
    private readonly resources: ResourcesRepository,
    private readonly personResources: PersonResourcesService,
  ) {}

  async create(owner: Owner, dto: ResourceDescriptionDto): Promise<{ _id: string }> {
    const resource: ResourceEntity = { id: randomToken(16), ownerId: owner.ownerId, clientId: owner.clientId, createdAt: Date.now(), ...this.fields(owner, dto) };
    await this.resources.register(resource);
    return { _id: resource.id };
  }

  async list(owner: Owner): Promise<string[]> {
    return this.resources.idsRegisteredBy(owner.ownerId, owner.clientId);
  }

  async read(owner: Owner, id: string) {
    const row = await this.find(owner, id);
    return {
      _id: row.id,
      resource_scopes: row.resourceScopes,
      name: row.name,
      ...(row.type ? { type: row.type } : {}),
      ...(row.description ? { description: row.description } : {}),
      ...(row.iconUri ? { icon_uri: row.iconUri } : {}),
      endpoint: row.endpoint,
    };
  }

  async update(owner: Owner, id: string, dto: ResourceDescriptionDto): Promise<{ _id: string }> {
    const row = await this.find(owner, id);
    await this.resources.update(owner.ownerId, owner.clientId, row.id, this.fields(owner, dto));
    return { _id: row.id };
  }

  async remove(owner: Owner, id: string): Promise<void> {
    const row = await this.find(owner, id);
    // The bank asked itself, yet it hears the event too: another instance of it may hold cached tokens.
    await this.personResources.deleteAndTell(row, { ownerId: owner.ownerId, clientId: owner.clientId }, 'user');
  }

  private async find(owner: Owner, id: string): Promise<ResourceEntity> {
    const row = await this.resources.registeredBy(owner.ownerId, owner.clientId, id);
    if (!row) throw new NotFoundError('no such resource');
    return row;
  }

  /** A bank can only register endpoints under its own resource identifier. */
  private fields(owner: Owner, dto: ResourceDescriptionDto): ResourceFields {
    if (!dto.endpoint.startsWith(`${owner.resourceServer}/`) || /[?#]/.test(dto.endpoint)) {
      throw new InvalidRequestError(`endpoint must be a URL under ${owner.resourceServer}/ with no query or fragment`);
    }
    return {
      resourceScopes: [...new Set(dto.resource_scopes)],
      name: dto.name ?? 'Account',
      type: dto.type ?? null,
      description: dto.description ?? null,
      iconUri: dto.icon_uri ?? null,
      endpoint: dto.endpoint,
      updatedAt: Date.now(),
    };
  }
}
