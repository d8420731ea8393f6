import type {
  ArgType,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlResultSet,
} from '@prisma/driver-adapter-utils';
import type { RawSql } from './prisma-legacy-projection';

// Every statement the projection sends casts its parameters in SQL ($1::text, $2::numeric, …):
// the values travel as they are, so one argument type fits them all.
const UNTYPED: ArgType = { scalarType: 'unknown', arity: 'scalar' };

const toObjects = (result: SqlResultSet): Record<string, unknown>[] =>
  result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));

/**
 * Raw SQL straight through Prisma's driver adapter (`@prisma/adapter-pg`, `pglite-prisma-adapter`),
 * without the Prisma client's query engine: the projection sends only hand-written, parameterised
 * SQL, and the engine's per-statement work cost more than the database's own time for a batch
 * (README, Benchmarks). Same connection pool and the adapter's own errors (DriverAdapterError).
 */
export class DriverAdapterSql implements RawSql {
  private constructor(private readonly adapter: SqlDriverAdapter) {}

  static async connect(factory: SqlDriverAdapterFactory): Promise<DriverAdapterSql> {
    return new DriverAdapterSql(await factory.connect());
  }

  async $queryRawUnsafe<T = unknown>(sql: string, ...args: unknown[]): Promise<T> {
    return toObjects(await this.adapter.queryRaw({ sql, args, argTypes: args.map(() => UNTYPED) })) as T;
  }

  dispose(): Promise<void> {
    return this.adapter.dispose();
  }
}
