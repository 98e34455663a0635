import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import { sqliteDriverOf } from './database.js';

const MARKER = '\u0000hearth:param:';

/** A parameter slot: either a named parameter or a value fixed at compile time. */
type Slot = { param: string } | { value: unknown };

interface Compiled {
  readonly query: CompiledQuery;
  readonly slots: readonly Slot[];
}

/**
 * A query built and compiled once, then run with new parameters: no query building, no SQL
 * compilation and (on SQLite) no statement preparation on the hot path.
 *
 * ```ts
 * const guildById = precompiled<Database, { guildId: string }>()((db, p) =>
 *   db.selectFrom('guilds').selectAll().where('guild_id', '=', p.guildId));
 * const row = await guildById.first(db, { guildId });
 * ```
 *
 * The parameters handed to the builder are placeholders: use them only as values in the query,
 * never in JavaScript logic. The query text stays portable because Kysely still compiles it for
 * whatever dialect `db` uses.
 */
export function precompiled<DB, P extends Record<string, unknown>>() {
  return <R>(build: (db: Kysely<DB>, params: P) => Compilable<R>) =>
    new PrecompiledQuery<DB, P, R>(build);
}

export class PrecompiledQuery<DB, P extends Record<string, unknown>, R> {
  readonly #build: (db: Kysely<DB>, params: P) => Compilable<R>;
  readonly #compiled = new WeakMap<object, Compiled>();

  constructor(build: (db: Kysely<DB>, params: P) => Compilable<R>) {
    this.#build = build;
  }

  /** All rows. */
  async all(db: Kysely<DB> | Transaction<DB>, params: P): Promise<R[]> {
    return (await this.#execute(db, params)).rows;
  }

  async first(db: Kysely<DB> | Transaction<DB>, params: P): Promise<R | undefined> {
    return (await this.#execute(db, params)).rows[0];
  }

  /** Number of rows a write changed. */
  async run(db: Kysely<DB> | Transaction<DB>, params: P): Promise<number> {
    return Number((await this.#execute(db, params)).numAffectedRows ?? 0n);
  }

  /** Runs synchronously on SQLite when the connection is idle; otherwise waits its turn. */
  #execute(db: Kysely<DB> | Transaction<DB>, params: P): Promise<QueryResult<R>> {
    const { query, slots } = this.#compile(db);
    const parameters = slots.map((slot) => ('param' in slot ? params[slot.param] : slot.value));
    const driver = sqliteDriverOf(db.isTransaction ? db.getExecutor().adapter : db);
    // Outside a transaction: straight to SQLite when nobody holds the connection. Inside one: the
    // transaction holds it, so its statements may run straight away too (Kysely's executor would
    // only queue them behind the lock this transaction already has).
    if (driver !== undefined && (db.isTransaction ? driver.inTransaction : driver.idle)) {
      try {
        return Promise.resolve(driver.connection.runSync<R>(query.sql, parameters));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return db.executeQuery<R>({ ...query, parameters });
  }

  #compile(db: Kysely<DB> | Transaction<DB>): Compiled {
    // A transaction shares its root instance's adapter, so keying by the adapter compiles once per
    // database (not once per transaction) and keeps two dialects in one process apart.
    const key = db.getExecutor().adapter;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      const placeholders = new Proxy({} as P, {
        get: (_target, key) => (typeof key === 'string' ? `${MARKER}${key}` : undefined),
      });
      const query = this.#build(db, placeholders).compile();
      const slots = query.parameters.map((value): Slot =>
        typeof value === 'string' && value.startsWith(MARKER)
          ? { param: value.slice(MARKER.length) }
          : { value },
      );
      compiled = { query, slots };
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }
}
