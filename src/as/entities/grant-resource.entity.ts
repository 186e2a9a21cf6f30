import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One resource (account) a grant shares: the grant ↔ resource join. A row outlives its resource (no
 * foreign key): the person's dashboard and consent receipt still count an account shared then removed.
 */
@Entity('as_grant_resources')
@Index('IDX_as_grant_resources_resource_id', ['resourceId'])
export class GrantResourceEntity {
  @PrimaryColumn({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  @PrimaryColumn({ name: 'resource_id', type: 'varchar', length: 64 })
  resourceId: string;
}
