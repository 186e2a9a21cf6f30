import type { ObjectLiteral, Repository } from 'typeorm';
import { execSql } from './sql.js';

/** The most IN-list lengths one lookup keeps a statement text for (each length is its own statement). */
const MAX_IN_SHAPES = 64;

/**
 * A lookup of one entity by equality on fixed columns, for hot paths: the statement text is built once from
 * the entity's metadata and runs through execSql (one cached prepared statement, `?` rewritten for
 * PostgreSQL), and rows are hydrated with the driver's own conversions and the columns' transformers.
 * TypeORM's findOneBy builds a query builder per call: 9–16× a prepared statement in
 * test/bench/statements.mjs, where execSql costs 1.5–2×.
 *
 * `where` names properties compared with `=`; `inProperty` (optional) is one more compared with IN (…);
 * `orderBy` is a fixed ORDER BY of property names.
 */
export class FixedFind<T extends ObjectLiteral> {
  private readonly select: string;
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly repo: Repository<T>,
    private readonly where: (keyof T & string)[],
    private readonly options: { inProperty?: keyof T & string; orderBy?: (keyof T & string)[]; fixed?: Partial<Record<keyof T & string, string>> } = {},
  ) {
    const m = repo.metadata;
    const cols = m.columns.map((c) => `"${c.databaseName}"`).join(', ');
    const conds = where.map((p) => `"${this.column(p)}" = ?`);
    for (const [p, literal] of Object.entries(options.fixed ?? {})) conds.push(`"${this.column(p)}" = '${String(literal).replace(/'/g, "''")}'`);
    this.select = `SELECT ${cols} FROM "${m.tableName}" WHERE ${conds.join(' AND ') || '1 = 1'}`;
  }

  /** The first row matching `values` (in `where`'s order), or null. */
  async one(...values: unknown[]): Promise<T | null> {
    const { rows } = await execSql<Record<string, unknown>>(this.repo.manager, this.text(-1), values);
    return rows.length ? this.hydrate(rows[0]) : null;
  }

  /** Every row matching `values` and whose `inProperty` is one of `list`. */
  async all(values: unknown[], list: unknown[] = []): Promise<T[]> {
    if (this.options.inProperty && list.length === 0) return [];
    const { rows } = await execSql<Record<string, unknown>>(this.repo.manager, this.text(this.options.inProperty ? list.length : -1), [...values, ...list]);
    return rows.map((r) => this.hydrate(r));
  }

  private text(inCount: number): string {
    let text = this.texts.get(inCount);
    if (text !== undefined) return text;
    text = this.select;
    if (inCount >= 0 && this.options.inProperty) text += ` AND "${this.column(this.options.inProperty)}" IN (${Array.from({ length: inCount }, () => '?').join(', ')})`;
    if (this.options.orderBy?.length) text += ` ORDER BY ${this.options.orderBy.map((p) => `"${this.column(p)}" ASC`).join(', ')}`;
    if (this.texts.size < MAX_IN_SHAPES) this.texts.set(inCount, text);
    return text;
  }

  private column(property: string): string {
    const c = this.repo.metadata.findColumnWithPropertyName(property);
    if (!c) throw new Error(`${this.repo.metadata.name} has no property ${property}`);
    return c.databaseName;
  }

  private hydrate(row: Record<string, unknown>): T {
    const entity = this.repo.metadata.create() as T;
    const driver = this.repo.manager.connection.driver;
    for (const c of this.repo.metadata.columns) (entity as Record<string, unknown>)[c.propertyName] = driver.prepareHydratedValue(row[c.databaseName], c);
    return entity;
  }
}
