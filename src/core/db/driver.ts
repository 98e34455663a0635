import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** How many distinct SQL texts keep a prepared statement. Hearth has far fewer queries than this. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * One better-sqlite3 connection with a cache of prepared statements. Kysely's own SQLite driver
 * prepares every statement again on every call, which costs more than running it.
 */
export class CachedSqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  statement(sqlText: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sqlText);
    if (stmt === undefined) {
      stmt = this.#db.prepare(sqlText);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        // Maps iterate in insertion order: drop the oldest entry.
        const oldest = this.#statements.keys().next();
        if (oldest.done !== true) this.#statements.delete(oldest.value);
      }
      this.#statements.set(sqlText, stmt);
    }
    return stmt;
  }

  runSync<R>(sqlText: string, parameters: readonly unknown[]): QueryResult<R> {
    const stmt = this.statement(sqlText);
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.runSync<R>(compiledQuery.sql, compiledQuery.parameters));
  }

  // Hearth never streams; implementing it would only add untested code.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the Hearth SQLite driver');
  }
}

class Mutex {
  #held = false;
  readonly #waiters: (() => void)[] = [];

  get held(): boolean {
    return this.#held;
  }

  async lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    // Hand the lock straight to the next waiter so nobody can cut in between.
    if (next) next();
    else this.#held = false;
  }
}

/**
 * Kysely driver over one better-sqlite3 connection.
 *
 * - Every transaction begins IMMEDIATE: it takes the write lock up front, so two writers never
 *   deadlock upgrading a read lock (SQLITE_BUSY that busy_timeout cannot resolve).
 * - Queries are serialized through one mutex, so a transaction's awaits never interleave another
 *   caller's statements into it.
 */
export class HearthSqliteDriver implements Driver {
  readonly connection: CachedSqliteConnection;
  readonly #sqlite: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  readonly #commitListeners = new Set<() => void>();
  #inTransaction = false;

  constructor(sqlite: BetterSqlite3.Database) {
    this.#sqlite = sqlite;
    this.connection = new CachedSqliteConnection(sqlite);
  }

  /** True when nobody holds the connection, so a statement can run synchronously right now. */
  get idle(): boolean {
    return !this.#mutex.held;
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.connection;
  }

  /** True between BEGIN and COMMIT/ROLLBACK: the connection belongs to that transaction. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    this.#inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.#inTransaction = false;
    await connection.executeQuery(CompiledQuery.raw('commit'));
    // After the commit, never inside it: a listener (the outbox worker) may read what was written.
    if (this.#commitListeners.size > 0)
      queueMicrotask(() => {
        for (const listener of this.#commitListeners) listener();
      });
  }

  /** Calls `listener` after every committed transaction; returns a function that removes it. */
  addCommitListener(listener: () => void): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#inTransaction = false;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  releaseConnection(): Promise<void> {
    this.#mutex.unlock();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    if (this.#sqlite.open) this.#sqlite.close();
    return Promise.resolve();
  }
}

/**
 * Kysely's SQLite adapter reports no transactional DDL, so its migrator would run migrations
 * outside a transaction and a failure would leave half a schema. SQLite's DDL is transactional.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export function hearthSqliteDialect(driver: HearthSqliteDriver): Dialect {
  return {
    createAdapter: () => new TransactionalDdlSqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
