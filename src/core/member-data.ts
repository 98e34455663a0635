/**
 * Members' data rights as a mechanism every feature plugs into. Each feature declares, once, every
 * column of its tables that can hold a member's Discord id (its {@link MemberData}): what the
 * rows are in plain words, what an export leaves out, and what an erase does to them. Showing,
 * exporting and erasing a member's data, the retention of departed members' data and the
 * operator's script all follow those declarations, and a test fails when a column in the
 * migrated schema is neither declared here nor on the short list of columns that hold no person.
 *
 * No Discord here: what must happen on Discord after an erase (roles, seats passed on) comes back
 * from the features' hooks as work for the caller to run after the transaction.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { AppDeps } from './context.js';
import { truncateWal, withSecureDelete, type Db } from './db/database.js';
import type { Database } from './db/schema.js';
import { perApp, type FeatureContext } from './feature.js';
import type { MessageKey, MessageParams } from './i18n.js';
import { loadMasterKey } from './secret.js';

export type Tx = Transaction<Database>;
export type TableName = Extract<keyof Database, string>;
/** One stored row, as the database returns it. */
export type Row = Record<string, unknown>;

/** One member in one server: every question about their data is asked in this scope. */
export interface MemberScope {
  readonly guildId: string;
  readonly userId: string;
}

/**
 * What erasing does to the rows a column names the member in:
 * - `delete`: the rows go;
 * - `pseudonymize`: the id is replaced by a random stand-in, so figures (active members, joins,
 *   replies per prompt) keep counting one person without saying who. Each table gets its own
 *   stand-in ({@link MemberColumn.linkage}), so a copy of the database cannot join the member's
 *   rows across tables, and the times the rows keep are coarsened ({@link MemberColumn.times});
 * - `clear`: the column is set to null (a row about something else that also names the member,
 *   such as the manager who approved someone).
 */
export type ColumnErase = 'delete' | 'pseudonymize' | 'clear';

export interface MemberColumn {
  readonly table: TableName;
  /** A column holding a Discord user id. */
  readonly column: string;
  /**
   * How the table's rows belong to a server when it has no `guild_id` of its own: `column` points
   * at `parent.parentKey`, and the parent has the `guild_id`.
   */
  readonly via?: {
    readonly column: string;
    readonly parent: TableName;
    readonly parentKey: string;
  };
  readonly erase: ColumnErase;
  /**
   * For `pseudonymize`: which rows share a stand-in. `table` (the default): all the member's rows
   * in this table, for figures that count distinct people over them (active members over a
   * month); `row`: none, a fresh stand-in per row, for rows no figure links (a join). Two tables
   * never share one.
   */
  readonly linkage?: 'table' | 'row';
  /**
   * For `pseudonymize`: the row's columns holding a time. Kept exact, a time is as good as a name
   * (it equals the moment Discord shows for the join or the message), so the erase coarsens them
   * to the day (UTC). A feature that erases the column itself (`byFeature`) coarsens them itself,
   * to no finer than what its figures show.
   */
  readonly times?: readonly string[];
  /**
   * The feature's {@link MemberData.erase} does this column's work itself (a seat to release, a
   * row to re-key); the engine then only checks that nothing naming the member is left.
   */
  readonly byFeature?: true;
  /** What these rows are, in plain words, as the member reads them (`Questionnaire answers`). */
  readonly label: MessageKey;
  /** Columns an export leaves out: other people's ids, or their part of a shared row. */
  readonly omit?: readonly string[];
  /** Adds readable fields (the question, the poll's title) to exported rows. */
  readonly enrich?: (db: Db, scope: MemberScope, rows: Row[]) => Promise<Row[]>;
}

/** A line of plain words about a member's data, with its parameters. */
export interface DataLine {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export interface EraseScope extends MemberScope {
  readonly trx: Tx;
  readonly now: number;
  /**
   * A random stand-in for the member's id in one group of rows (a table, or a smaller group such
   * as one prompt's replies): the same for the same group within this erase, never the same for
   * two groups, never derived from the id. Name groups by table first (`prompt_replies:…`).
   */
  readonly pseudonym: (group: string) => string;
  /** Keep the roles Hearth granted (the default), or drop them with the data. */
  readonly keepRoles: boolean;
  /** The member is still in the server (they asked themselves), rather than gone. */
  readonly stillMember: boolean;
  /**
   * The member's keyed fingerprint for one purpose (`bar`), for what a feature keeps on purpose
   * after the erase without keeping who (a manager's removal): {@link keptSubject} under
   * Hearth's key, which is not in the database. Throws when the erase was given no key.
   */
  readonly fingerprint: (purpose: string) => string;
}

/** Rows that stay naming the member after an erase, on purpose: say how many and why. */
export interface Kept {
  readonly table: TableName;
  readonly column: string;
  readonly rows: number;
  readonly reason: MessageKey;
}

export interface EraseResult {
  readonly kept?: readonly Kept[];
  /** Discord work to do once the erase is committed (seats passed on). Never inside it. */
  readonly after?: (ctx: FeatureContext) => Promise<void>;
  /**
   * People the erase passed something on to (a freed seat to the first person waiting): what
   * that takes on Discord was enqueued in the erase's transaction, and the outbox carries it out.
   */
  readonly passedOn?: number;
}

/** A feature's part of the data map, and its hooks for what the columns alone cannot say. */
export interface MemberData {
  readonly columns: readonly MemberColumn[];
  /** Lines for `/privacy show` beyond the counts (where the member stands on the waitlist). */
  describe?(db: Db, scope: MemberScope): Promise<readonly DataLine[]>;
  /** What erasing means here, shown before the member confirms (a seat kept or given up). */
  notes?(
    db: Db,
    scope: MemberScope & { readonly keepRoles: boolean },
  ): Promise<readonly DataLine[]>;
  /** Roles Hearth granted the member, removed after an erase when they ask to drop them. */
  rolesGranted?(db: Db, scope: MemberScope): Promise<readonly string[]>;
  /** Writes what the feature holds in memory about members, before an erase reads the tables. */
  prepare?(ctx: FeatureContext): Promise<void>;
  /** Runs first, in the erase's transaction, for the columns marked `byFeature`. */
  erase?(scope: EraseScope): Promise<EraseResult | void>;
}

/** A feature's declaration, with its name. */
export interface MemberDataEntry {
  readonly feature: string;
  readonly data: MemberData;
}

export function memberDataEntries(
  features: readonly { readonly name: string; readonly memberData: MemberData }[],
): MemberDataEntry[] {
  return features.map((f) => ({ feature: f.name, data: f.memberData }));
}

const registries = new WeakMap<AppDeps, readonly MemberDataEntry[]>();

/** The running Hearth's data map (set by `createHearth` from its features). */
export function registerMemberData(app: AppDeps, entries: readonly MemberDataEntry[]): void {
  registries.set(app, entries);
}

export function memberDataOf(app: AppDeps): readonly MemberDataEntry[] {
  const entries = registries.get(app);
  if (entries === undefined) throw new Error('no data map registered for this Hearth');
  return entries;
}

// ------------------------------------------------------------------ queries on the data map

const col = (c: MemberColumn, name: string) => sql.ref(`${c.table}.${name}`);

/** The rows of `c`'s table that belong to the server. */
function inGuild(c: MemberColumn, guildId: string): RawBuilder<unknown> {
  if (c.via === undefined) return sql`${col(c, 'guild_id')} = ${guildId}`;
  const parent = c.via.parent;
  return sql`${col(c, c.via.column)} in (select ${sql.ref(`${parent}.${c.via.parentKey}`)} from ${sql.table(parent)} where ${sql.ref(`${parent}.guild_id`)} = ${guildId})`;
}

function naming(c: MemberColumn, { guildId, userId }: MemberScope): RawBuilder<unknown> {
  return sql`${col(c, c.column)} = ${userId} and ${inGuild(c, guildId)}`;
}

async function countNaming(db: Db | Tx, c: MemberColumn, scope: MemberScope): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*) as n from ${sql.table(c.table)} where ${naming(c, scope)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function columnsOf(entries: readonly MemberDataEntry[]) {
  return entries.flatMap((e) => e.data.columns.map((column) => ({ feature: e.feature, column })));
}

export interface ColumnCount {
  readonly feature: string;
  readonly column: MemberColumn;
  readonly rows: number;
}

export interface Description {
  /** Rows naming the member, per declared column (only those with any). */
  readonly counts: readonly ColumnCount[];
  /** The features' own lines. */
  readonly lines: readonly DataLine[];
}

/** What Hearth stores about a member in one server: counts per kind of row, and plain lines. */
export async function describeMember(
  db: Db,
  entries: readonly MemberDataEntry[],
  scope: MemberScope,
): Promise<Description> {
  const counts: ColumnCount[] = [];
  for (const { feature, column } of columnsOf(entries)) {
    const rows = await countNaming(db, column, scope);
    if (rows > 0) counts.push({ feature, column, rows });
  }
  const lines: DataLine[] = [];
  for (const entry of entries) lines.push(...((await entry.data.describe?.(db, scope)) ?? []));
  return { counts, lines };
}

export interface ExportSection {
  readonly feature: string;
  readonly table: TableName;
  readonly column: string;
  readonly label: MessageKey;
  /** Left out of every row: other people's ids, or their part of the row. */
  readonly omitted: readonly string[];
  readonly rows: readonly Row[];
}

/** Every row about the member in one server, grouped by declared column, in declaration order. */
export async function exportMember(
  db: Db,
  entries: readonly MemberDataEntry[],
  scope: MemberScope,
): Promise<ExportSection[]> {
  const sections: ExportSection[] = [];
  for (const { feature, column } of columnsOf(entries)) {
    const { rows } = await sql<Row>`select * from ${sql.table(column.table)} where ${naming(
      column,
      scope,
    )}`.execute(db);
    if (rows.length === 0) continue;
    const omit = new Set(column.omit ?? []);
    const kept = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => !omit.has(key))),
    );
    sections.push({
      feature,
      table: column.table,
      column: column.column,
      label: column.label,
      omitted: [...omit],
      rows: column.enrich === undefined ? kept : await column.enrich(db, scope, kept),
    });
  }
  return sections;
}

/** The servers in which any declared column names the member. */
export async function guildsNaming(
  db: Db,
  entries: readonly MemberDataEntry[],
  userId: string,
): Promise<string[]> {
  const guilds = new Set<string>();
  for (const { column: c } of columnsOf(entries)) {
    const guild = c.via === undefined ? col(c, 'guild_id') : sql.ref(`${c.via.parent}.guild_id`);
    const from =
      c.via === undefined
        ? sql.table(c.table)
        : sql`${sql.table(c.table)} join ${sql.table(c.via.parent)} on ${sql.ref(`${c.via.parent}.${c.via.parentKey}`)} = ${col(c, c.via.column)}`;
    const { rows } = await sql<{
      guild_id: string;
    }>`select distinct ${guild} as guild_id from ${from} where ${col(c, c.column)} = ${userId}`.execute(
      db,
    );
    for (const r of rows) guilds.add(r.guild_id);
  }
  return [...guilds].sort();
}

const SNOWFLAKE = /^\d{17,20}$/;

/** Every member id any declared column holds in a server (pseudonyms and hashes excluded). */
export async function membersNamed(
  db: Db,
  entries: readonly MemberDataEntry[],
  guildId: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const { column: c } of columnsOf(entries)) {
    const { rows } = await sql<{ id: string | null }>`select distinct ${col(
      c,
      c.column,
    )} as id from ${sql.table(c.table)} where ${inGuild(c, guildId)}`.execute(db);
    for (const r of rows) if (r.id !== null && SNOWFLAKE.test(r.id)) ids.add(r.id);
  }
  return ids;
}

// ------------------------------------------------------------------ erasing

/** A stand-in id: never a snowflake, never the same twice, linked to nobody. */
export function newPseudonym(): string {
  return `erased-${randomBytes(9).toString('base64url')}`;
}

/** Whether an id is a stand-in written by an erase ({@link newPseudonym}), not a member's. */
export const isPseudonym = (id: string): boolean => id.startsWith('erased-');

export const DAY_MS = 86_400_000;

/** The start of the UTC day of `at`: the resolution of a time kept on an anonymized row. */
export const dayStart = (at: number): number => at - (((at % DAY_MS) + DAY_MS) % DAY_MS);

/** Random stand-ins per group, for one erase ({@link EraseScope.pseudonym}). */
function pseudonymsPerGroup(): (group: string) => string {
  const groups = new Map<string, string>();
  return (group) => {
    let value = groups.get(group);
    if (value === undefined) {
      value = newPseudonym();
      groups.set(group, value);
    }
    return value;
  };
}

/** Pseudonymizes a declared column: the id replaced, the kept times coarsened to the day. */
async function pseudonymizeColumn(
  trx: Tx,
  c: MemberColumn,
  scope: MemberScope,
  pseudonym: (group: string) => string,
): Promise<void> {
  const coarsened = (c.times ?? []).map(
    (t) => sql`${sql.ref(t)} = ${sql.ref(t)} - (${sql.ref(t)} % ${DAY_MS})`,
  );
  if (c.linkage !== 'row') {
    await sql`update ${sql.table(c.table)} set ${sql.join([
      sql`${sql.ref(c.column)} = ${pseudonym(c.table)}`,
      ...coarsened,
    ])} where ${naming(c, scope)}`.execute(trx);
    return;
  }
  const { rows } = await sql<{
    rowid: number;
  }>`select rowid from ${sql.table(c.table)} where ${naming(c, scope)}`.execute(trx);
  // A few hundred rows per statement: an erase holds the write lock for milliseconds.
  for (let i = 0; i < rows.length; i += 300) {
    const batch = rows.slice(i, i + 300).map((r) => [r.rowid, newPseudonym()] as const);
    const fresh = sql`case rowid ${sql.join(
      batch.map(([rowid, to]) => sql`when ${rowid} then ${to}`),
      sql` `,
    )} end`;
    await sql`update ${sql.table(c.table)} set ${sql.join([
      sql`${sql.ref(c.column)} = ${fresh}`,
      ...coarsened,
    ])} where rowid in (${sql.join(batch.map(([rowid]) => rowid))})`.execute(trx);
  }
}

export interface EraseOptions {
  readonly now: number;
  readonly keepRoles: boolean;
  readonly stillMember: boolean;
  /**
   * The member's erasure fingerprint ({@link erasureSubject}): recorded when they may still be in
   * the server, so they are not welcomed again as a newcomer. It goes when they leave.
   */
  readonly subject?: string;
  /**
   * The key of fingerprints ({@link erasureKeyOf}, or {@link erasureKey} of Hearth's secret), for
   * what the features keep keyed after the erase ({@link EraseScope.fingerprint}).
   */
  readonly key?: Buffer;
}

export interface EraseReport {
  /** Rows that named the member before the erase, per declared column. */
  readonly counts: readonly ColumnCount[];
  readonly kept: readonly Kept[];
  /** Discord work the features asked for, to run after the commit. */
  readonly after: readonly ((ctx: FeatureContext) => Promise<void>)[];
  /** People the features passed something on to ({@link EraseResult.passedOn}). */
  readonly passedOn: number;
}

/**
 * Erases everything about a member in one server, in one transaction: the features' own steps
 * first, then each declared column's delete, pseudonymize or clear. Before committing it counts
 * again and throws (so nothing is written) if any row still names the member other than the
 * ones a feature said it keeps. Touches no other server's rows: every statement is scoped.
 */
export async function eraseMember(
  db: Db,
  entries: readonly MemberDataEntry[],
  scope: MemberScope,
  options: EraseOptions,
): Promise<EraseReport> {
  const columns = columnsOf(entries);
  // What the erase deletes or overwrites is zeroed in the file, not left in its free space.
  const report = await db
    .transaction()
    .execute((trx) => withSecureDelete(trx, () => eraseIn(trx, entries, columns, scope, options)));
  // And the write-ahead log keeps no older copy of those pages (when nothing else holds it).
  truncateWal(db);
  return report;
}

async function eraseIn(
  trx: Tx,
  entries: readonly MemberDataEntry[],
  columns: readonly { feature: string; column: MemberColumn }[],
  scope: MemberScope,
  options: EraseOptions,
): Promise<EraseReport> {
  const counts: ColumnCount[] = [];
  for (const { feature, column } of columns) {
    const rows = await countNaming(trx, column, scope);
    if (rows > 0) counts.push({ feature, column, rows });
  }
  const pseudonym = pseudonymsPerGroup();
  const kept: Kept[] = [];
  const after: ((ctx: FeatureContext) => Promise<void>)[] = [];
  let passedOn = 0;
  for (const entry of entries) {
    const result = await entry.data.erase?.({
      ...scope,
      trx,
      now: options.now,
      pseudonym,
      keepRoles: options.keepRoles,
      stillMember: options.stillMember,
      fingerprint: (purpose) => {
        if (options.key === undefined)
          throw new Error('an erase that keeps a fingerprint needs Hearth’s key');
        return keptSubject(options.key, purpose, scope.guildId, scope.userId);
      },
    });
    if (result === undefined) continue;
    kept.push(...(result.kept ?? []));
    passedOn += result.passedOn ?? 0;
    if (result.after !== undefined) after.push(result.after);
  }
  for (const { column: c } of columns) {
    if (c.byFeature === true) continue;
    const where = naming(c, scope);
    if (c.erase === 'delete')
      await sql`delete from ${sql.table(c.table)} where ${where}`.execute(trx);
    else if (c.erase === 'clear')
      await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${null} where ${where}`.execute(
        trx,
      );
    else await pseudonymizeColumn(trx, c, scope, pseudonym);
  }
  for (const { column: c } of columns) {
    const left = await countNaming(trx, c, scope);
    const expected = kept
      .filter((k) => k.table === c.table && k.column === c.column)
      .reduce((sum, k) => sum + k.rows, 0);
    if (left !== expected)
      throw new Error(
        `erase left ${left} rows naming the member in ${c.table}.${c.column} (expected ${expected})`,
      );
  }
  if (options.subject !== undefined)
    await trx
      .insertInto('member_erasures')
      .values({ guild_id: scope.guildId, subject: options.subject, erased_at: options.now })
      .onConflict((oc) =>
        oc.columns(['guild_id', 'subject']).doUpdateSet({ erased_at: options.now }),
      )
      .execute();
  return { counts, kept, after, passedOn };
}

// ------------------------------------------------------------------ members who erased and stayed

/** The key of erasure fingerprints, derived from Hearth's secret (which is not in the database). */
export function erasureKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('hearth member erasures v1').digest();
}

/** A member's fingerprint in one server: without the key, it names nobody. */
export function erasureSubject(key: Buffer, guildId: string, userId: string): string {
  return createHmac('sha256', key).update(`${guildId}:${userId}`).digest('base64url').slice(0, 32);
}

/**
 * A member's fingerprint in one server for one purpose (`bar`: a manager's removal that outlives
 * the member's erase). Without the key it names nobody; two purposes give values that cannot be
 * matched with each other or with {@link erasureSubject}.
 */
export function keptSubject(key: Buffer, purpose: string, guildId: string, userId: string): string {
  return createHmac('sha256', key)
    .update(`${purpose}:${guildId}:${userId}`)
    .digest('base64url')
    .slice(0, 32);
}

export const erasureKeyOf = perApp((app) =>
  erasureKey(loadMasterKey(app.db, app.config.DATABASE_PATH, app.config.POLL_SECRET)),
);

/**
 * For one server: when each member who erased their data and stayed did so. Features that
 * record newcomers on their own (the welcome) ask it, so an erase is not undone by a member
 * update. A member who left and rejoined is a newcomer again (their row went when they left).
 */
export async function erasuresIn(
  app: AppDeps,
  guildId: string,
): Promise<(userId: string) => number | undefined> {
  const rows = await app.db
    .selectFrom('member_erasures')
    .select(['subject', 'erased_at'])
    .where('guild_id', '=', guildId)
    .execute();
  if (rows.length === 0) return () => undefined;
  const key = erasureKeyOf(app);
  const bySubject = new Map(rows.map((r) => [r.subject, r.erased_at]));
  return (userId) => bySubject.get(erasureSubject(key, guildId, userId));
}

/** The member left: they are no longer someone who erased and stayed. */
export async function forgetErasure(app: AppDeps, guildId: string, userId: string): Promise<void> {
  await app.db
    .deleteFrom('member_erasures')
    .where('guild_id', '=', guildId)
    .where('subject', '=', erasureSubject(erasureKeyOf(app), guildId, userId))
    .execute();
}

/** At start-up: fingerprints of members no longer in the server go (they left while offline). */
export async function keepErasuresOf(
  app: AppDeps,
  guildId: string,
  present: readonly string[],
): Promise<number> {
  const key = erasureKeyOf(app);
  const keep = new Set(present.map((id) => erasureSubject(key, guildId, id)));
  const rows = await app.db
    .selectFrom('member_erasures')
    .select('subject')
    .where('guild_id', '=', guildId)
    .execute();
  const gone = rows.map((r) => r.subject).filter((s) => !keep.has(s));
  if (gone.length > 0)
    await app.db
      .deleteFrom('member_erasures')
      .where('guild_id', '=', guildId)
      .where('subject', 'in', gone)
      .execute();
  return gone.length;
}
