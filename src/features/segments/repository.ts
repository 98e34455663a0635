/**
 * Segments' SQL, all of it but the rule compiler (rules.ts, where each rule kind's meaning is
 * written as the condition it compiles to): the roster kept from the gateway (presence, join
 * date, roles), the segments and their cached membership, the figures a cache is stamped with,
 * and what segments read of the questionnaire and the answers. Rows in, domain values out: the
 * rules and problems columns are parsed through their zod schemas (never cast). No rules live
 * here (which names clash, when a cache is stale, what a manager may see are the service's); each
 * function takes the database or the caller's transaction, so the service keeps its
 * check-then-change in one transaction. The hot paths (a member update, a vote on a segment's
 * poll, the minute's recount check) are precompiled.
 */
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type { Database, SegmentTable } from '../../core/db/schema.js';
import { parseJson } from '../../core/json.js';
import { parseDefinition } from '../onboarding/api.js';
import { parseRules, type SegmentRules } from './rules.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

/** SQLite's default limit is 999 bound parameters: long id lists go in slices of this many. */
const SLICE = 500;

function* slices<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += SLICE) yield items.slice(i, i + SLICE);
}

export type Problem =
  | { readonly kind: 'questionRemoved'; readonly rule: number; readonly question: number }
  | {
      readonly kind: 'choiceRemoved';
      readonly rule: number;
      readonly question: number;
      readonly choice: string;
    }
  | { readonly kind: 'questionChanged'; readonly rule: number; readonly question: number };

const problemsSchema: z.ZodType<Problem[]> = z.array(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('questionRemoved'), rule: z.number(), question: z.number() }),
    z.object({
      kind: z.literal('choiceRemoved'),
      rule: z.number(),
      question: z.number(),
      choice: z.string(),
    }),
    z.object({ kind: z.literal('questionChanged'), rule: z.number(), question: z.number() }),
  ]),
);

/** A segment as stored: what the service's `Segment` is without the count a manager sees. */
export interface SegmentRecord {
  readonly id: number;
  readonly guildId: string;
  readonly name: string;
  readonly rules: SegmentRules;
  readonly memberCount: number;
  readonly problems: readonly Problem[];
  readonly computedAt: number | null;
  readonly roleId: string | null;
  readonly createdAt: number;
}

function toSegment(row: Selectable<SegmentTable>): SegmentRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    name: row.name,
    rules: parseRules(row.rules),
    memberCount: row.member_count,
    problems: parseJson(problemsSchema, row.problems, 'segments.problems'),
    computedAt: row.computed_at,
    roleId: row.role_id,
    createdAt: row.created_at,
  };
}

const q = {
  rosterEntry: precompiled<Database, { guildId: string; userId: string }>()((db, p) =>
    db
      .selectFrom('member_roster')
      .select(['joined_at', 'left_at'])
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId),
  ),
  heldRoles: precompiled<Database, { guildId: string; userId: string }>()((db, p) =>
    db
      .selectFrom('member_roles')
      .select('role_id')
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId),
  ),
  markPresent: precompiled<
    Database,
    { guildId: string; userId: string; joinedAt: number; now: number }
  >()((db, p) =>
    db
      .insertInto('member_roster')
      .values({
        guild_id: p.guildId,
        user_id: p.userId,
        joined_at: p.joinedAt,
        left_at: null,
        updated_at: p.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['guild_id', 'user_id'])
          .doUpdateSet({ joined_at: p.joinedAt, left_at: null, updated_at: p.now }),
      ),
  ),
  dropRoles: precompiled<Database, { guildId: string; userId: string }>()((db, p) =>
    db.deleteFrom('member_roles').where('guild_id', '=', p.guildId).where('user_id', '=', p.userId),
  ),
  segment: precompiled<Database, { guildId: string; id: number }>()((db, p) =>
    db.selectFrom('segments').selectAll().where('guild_id', '=', p.guildId).where('id', '=', p.id),
  ),
  stamps: precompiled<Database, { guildId: string }>()((db, p) =>
    db.selectFrom('segments').select(['id', 'inputs']).where('guild_id', '=', p.guildId),
  ),
  stamp: precompiled<Database, { guildId: string; id: number }>()((db, p) =>
    db
      .selectFrom('segments')
      .select(['id', 'inputs'])
      .where('guild_id', '=', p.guildId)
      .where('id', '=', p.id),
  ),
  isMember: precompiled<Database, { guildId: string; segmentId: number; userId: string }>()(
    (db, p) =>
      db
        .selectFrom('segment_members')
        .select('user_id')
        .where('segment_id', '=', p.segmentId)
        .where('guild_id', '=', p.guildId)
        .where('user_id', '=', p.userId),
  ),
  inputs: precompiled<Database, { guildId: string; fromDay: number }>()((db, p) =>
    db.selectNoFrom((eb) => [
      eb
        .selectFrom('answers')
        .select((s) => s.fn.countAll<number>().as('n'))
        .where('guild_id', '=', p.guildId)
        .as('answers'),
      eb
        .selectFrom('answers')
        .select((s) => s.fn.max('answered_at').as('n'))
        .where('guild_id', '=', p.guildId)
        .as('answered'),
      eb
        .selectFrom('questionnaires')
        .select('version')
        .where('guild_id', '=', p.guildId)
        .as('questionnaire'),
      eb
        .selectFrom('member_roster')
        .select((s) => s.fn.countAll<number>().as('n'))
        .where('guild_id', '=', p.guildId)
        .where('left_at', 'is', null)
        .as('present'),
      eb
        .selectFrom('member_roster')
        .select((s) => s.fn.max('updated_at').as('n'))
        .where('guild_id', '=', p.guildId)
        .as('roster'),
      eb
        .selectFrom('member_days')
        .select((s) => s.fn.max('day').as('n'))
        .where('guild_id', '=', p.guildId)
        .as('lastDay'),
      eb
        .selectFrom('member_days')
        .select((s) => s.fn.sum<number>(s('messages', '+', s.ref('threads'))).as('n'))
        .where('guild_id', '=', p.guildId)
        .where('day', '>=', p.fromDay)
        .as('recent'),
      eb
        .selectFrom('member_days')
        .select((s) => s.fn.countAll<number>().as('n'))
        .where('guild_id', '=', p.guildId)
        .where('day', '>=', p.fromDay)
        .as('recentRows'),
      eb
        .selectFrom('prompt_replies')
        .select((s) => s.fn.countAll<number>().as('n'))
        .where('guild_id', '=', p.guildId)
        .as('replies'),
      eb
        .selectFrom('memberships')
        .select((s) => s.fn.max('updated_at').as('n'))
        .where('guild_id', '=', p.guildId)
        .as('seats'),
    ]),
  ),
};

// ---- the roster -----------------------------------------------------------------------------

/** A member's roster row: when they joined, and when they left (null: present). */
export async function rosterEntry(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<{ joinedAt: number; leftAt: number | null } | undefined> {
  const row = await q.rosterEntry.first(db, { guildId, userId });
  return row === undefined ? undefined : { joinedAt: row.joined_at, leftAt: row.left_at };
}

/** The roles the roster has for a member. */
export async function heldRoles(db: Conn, guildId: string, userId: string): Promise<string[]> {
  return (await q.heldRoles.all(db, { guildId, userId })).map((r) => r.role_id);
}

/** The member is present, joined at `joinedAt` (a new row, or a left one back). */
export async function markPresent(
  db: Conn,
  guildId: string,
  userId: string,
  joinedAt: number,
  now: number,
): Promise<void> {
  await q.markPresent.run(db, { guildId, userId, joinedAt, now });
}

/** The member's roles become exactly `roles`. */
export async function replaceRoles(
  db: Conn,
  guildId: string,
  userId: string,
  roles: readonly string[],
): Promise<void> {
  await q.dropRoles.run(db, { guildId, userId });
  if (roles.length > 0)
    await db
      .insertInto('member_roles')
      .values(roles.map((role_id) => ({ guild_id: guildId, user_id: userId, role_id })))
      .execute();
}

/** A present member left at `now` (nothing when already gone). */
export async function markLeft(db: Conn, guildId: string, userId: string, now: number) {
  await db
    .updateTable('member_roster')
    .set({ left_at: now, updated_at: now })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('left_at', 'is', null)
    .execute();
}

/** The ids of the members the roster has as present. */
export async function presentMemberIds(db: Conn, guildId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('member_roster')
    .select('user_id')
    .where('guild_id', '=', guildId)
    .where('left_at', 'is', null)
    .execute();
  return rows.map((r) => r.user_id);
}

/** These members left at `now`. */
export async function markAllLeft(
  db: Conn,
  guildId: string,
  userIds: readonly string[],
  now: number,
): Promise<void> {
  for (const ids of slices(userIds))
    await db
      .updateTable('member_roster')
      .set({ left_at: now, updated_at: now })
      .where('guild_id', '=', guildId)
      .where('user_id', 'in', ids)
      .execute();
}

/** The roles each of these members holds, as the roster has them (none: an empty list). */
export async function rolesOf(
  db: Conn,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  const roles = new Map<string, string[]>(userIds.map((id) => [id, []]));
  for (const ids of slices(userIds)) {
    const rows = await db
      .selectFrom('member_roles')
      .select(['user_id', 'role_id'])
      .where('guild_id', '=', guildId)
      .where('user_id', 'in', ids)
      .execute();
    for (const r of rows) roles.get(r.user_id)?.push(r.role_id);
  }
  return roles;
}

// ---- segments -------------------------------------------------------------------------------

/** The guild's segments, by name. */
export async function guildSegments(db: Conn, guildId: string): Promise<SegmentRecord[]> {
  const rows = await db
    .selectFrom('segments')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('name')
    .execute();
  return rows.map(toSegment);
}

export async function findSegment(
  db: Conn,
  guildId: string,
  id: number,
): Promise<SegmentRecord | undefined> {
  const row = await q.segment.first(db, { guildId, id });
  return row === undefined ? undefined : toSegment(row);
}

/** Whether a segment (of any guild) still exists. */
export async function segmentExists(db: Conn, id: number): Promise<boolean> {
  const row = await db.selectFrom('segments').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function countSegments(db: Conn, guildId: string): Promise<number> {
  const count = await db
    .selectFrom('segments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

/** Every segment's id and name in the guild (to tell whether a name is taken). */
export async function segmentNames(
  db: Conn,
  guildId: string,
): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('segments').select(['id', 'name']).where('guild_id', '=', guildId).execute();
}

export interface SegmentRow {
  readonly guildId: string;
  readonly name: string;
  readonly rules: SegmentRules;
  readonly createdBy: string;
  readonly createdAt: number;
}

/** A new segment, never counted yet. */
export async function insertSegment(db: Conn, s: SegmentRow): Promise<SegmentRecord> {
  const row = await db
    .insertInto('segments')
    .values({
      guild_id: s.guildId,
      name: s.name,
      rules: JSON.stringify(s.rules),
      inputs: null,
      computed_at: null,
      role_id: null,
      created_by: s.createdBy,
      created_at: s.createdAt,
      updated_at: s.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSegment(row);
}

/** New rules; the cache no longer matches them, so its stamp is cleared. */
export async function setRules(
  db: Conn,
  guildId: string,
  id: number,
  rules: SegmentRules,
  now: number,
): Promise<void> {
  await db
    .updateTable('segments')
    .set({ rules: JSON.stringify(rules), inputs: null, updated_at: now })
    .where('id', '=', id)
    .where('guild_id', '=', guildId)
    .execute();
}

export async function renameSegment(
  db: Conn,
  guildId: string,
  id: number,
  name: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('segments')
    .set({ name, updated_at: now })
    .where('id', '=', id)
    .where('guild_id', '=', guildId)
    .execute();
}

/** Deletes a segment (its cached members go with it, by the foreign key's cascade). */
export async function deleteSegment(db: Conn, guildId: string, id: number): Promise<void> {
  await db.deleteFrom('segments').where('id', '=', id).where('guild_id', '=', guildId).execute();
}

/** Every guild that has segments. */
export async function guildsWithSegments(db: Conn): Promise<string[]> {
  const rows = await db.selectFrom('segments').select('guild_id').distinct().execute();
  return rows.map((r) => r.guild_id);
}

// ---- the cached membership ------------------------------------------------------------------

/** Each segment's cache stamp (the inputs it was counted from; null: never, or rules changed). */
export async function cacheStamps(
  db: Conn,
  guildId: string,
  only?: number,
): Promise<{ id: number; inputs: string | null }[]> {
  return only === undefined
    ? q.stamps.all(db, { guildId })
    : q.stamp.all(db, { guildId, id: only });
}

/**
 * The figures a guild's caches are stamped with, in one query of cheap indexed aggregates, in a
 * fixed order: answers (count, last), questionnaire version, present members, last roster change,
 * last activity day, messages and threads since `fromDay` and their rows, prompt replies, last
 * seat change. Null where there is nothing to aggregate.
 */
export async function inputFigures(
  db: Conn,
  guildId: string,
  fromDay: number,
): Promise<readonly (string | number | bigint | null)[]> {
  const row = await q.inputs.first(db, { guildId, fromDay });
  if (row === undefined) throw new Error('an aggregate query returned no row');
  return [
    row.answers,
    row.answered,
    row.questionnaire,
    row.present,
    row.roster,
    row.lastDay,
    row.recent,
    row.recentRows,
    row.replies,
    row.seats,
  ];
}

/** The cached members of these segments of the guild. */
export async function cachedMembersOf(
  db: Conn,
  guildId: string,
  segmentIds: readonly number[],
): Promise<Map<number, string[]>> {
  const members = new Map<number, string[]>();
  if (segmentIds.length === 0) return members;
  const rows = await db
    .selectFrom('segment_members')
    .select(['segment_id', 'user_id'])
    .where('guild_id', '=', guildId)
    .where('segment_id', 'in', segmentIds)
    .execute();
  for (const r of rows) {
    const list = members.get(r.segment_id) ?? [];
    list.push(r.user_id);
    members.set(r.segment_id, list);
  }
  return members;
}

/** A segment's cached members, in id order. */
export async function memberIds(db: Conn, guildId: string, segmentId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('segment_members')
    .select('user_id')
    .where('segment_id', '=', segmentId)
    .where('guild_id', '=', guildId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Whether the cache has this member in the segment. */
export async function hasMember(
  db: Conn,
  guildId: string,
  segmentId: number,
  userId: string,
): Promise<boolean> {
  return (await q.isMember.first(db, { guildId, segmentId, userId })) !== undefined;
}

/** A segment's cached members, whichever guild (the cache writer's own read). */
export async function cachedMembers(db: Conn, segmentId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('segment_members')
    .select('user_id')
    .where('segment_id', '=', segmentId)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function removeCachedMembers(
  db: Conn,
  segmentId: number,
  userIds: readonly string[],
): Promise<void> {
  for (const ids of slices(userIds))
    await db
      .deleteFrom('segment_members')
      .where('segment_id', '=', segmentId)
      .where('user_id', 'in', ids)
      .execute();
}

export async function addCachedMembers(
  db: Conn,
  segment: { readonly id: number; readonly guildId: string },
  userIds: readonly string[],
  since: number,
): Promise<void> {
  for (const ids of slices(userIds))
    await db
      .insertInto('segment_members')
      .values(
        ids.map((user_id) => ({
          segment_id: segment.id,
          guild_id: segment.guildId,
          user_id,
          since,
        })),
      )
      .execute();
}

/** The segment was counted at `now` from `inputs`: its count and problems as found. */
export async function saveCount(
  db: Conn,
  segmentId: number,
  count: { memberCount: number; problems: readonly Problem[]; inputs: string; now: number },
): Promise<void> {
  await db
    .updateTable('segments')
    .set({
      member_count: count.memberCount,
      problems: JSON.stringify(count.problems),
      inputs: count.inputs,
      computed_at: count.now,
    })
    .where('id', '=', segmentId)
    .execute();
}

// ---- what segments read of onboarding -------------------------------------------------------

/** The questions of a guild (active and retired), as rules need them to be checked and shown. */
export interface QuestionInfo {
  readonly id: number;
  readonly retired: boolean;
  readonly label: string;
  readonly kind: string;
  readonly choices: readonly { key: string; label: string }[];
  readonly scale?: { readonly min: number; readonly max: number };
}

/** Every question of the guild at its current revision: asked ones first, in their order. */
export async function questionsOf(db: Conn, guildId: string): Promise<QuestionInfo[]> {
  const rows = await db
    .selectFrom('questions')
    .innerJoin('question_revisions', (j) =>
      j
        .onRef('question_revisions.question_id', '=', 'questions.id')
        .onRef('question_revisions.revision', '=', 'questions.current_revision'),
    )
    .select(['questions.id', 'questions.retired_at', 'question_revisions.definition'])
    .where('questions.guild_id', '=', guildId)
    .orderBy('questions.retired_at')
    .orderBy('questions.position')
    .orderBy('questions.id')
    .execute();
  return rows.map((r) => {
    const d = parseDefinition(r.definition);
    return {
      id: r.id,
      retired: r.retired_at !== null,
      label: d.label,
      kind: d.kind,
      choices: d.choices ?? [],
      ...(d.kind === 'scale' ? { scale: { min: d.scale.min, max: d.scale.max } } : {}),
    };
  });
}

/** Each question's current revision. */
export async function currentRevisions(db: Conn, guildId: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'current_revision'])
    .where('guild_id', '=', guildId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.current_revision]));
}

/** A choice a present member's answer holds, with the revision that answer was given to. */
export interface PickedChoice {
  readonly userId: string;
  readonly questionId: number;
  readonly choiceKey: string;
  readonly revision: number;
}

/** Every choice present members' answers hold, by member, question and key. */
export async function presentMembersChoices(db: Conn, guildId: string): Promise<PickedChoice[]> {
  const rows = await db
    .selectFrom('answer_choices as ac')
    .innerJoin('member_roster as r', (j) =>
      j.onRef('r.guild_id', '=', 'ac.guild_id').onRef('r.user_id', '=', 'ac.user_id'),
    )
    .innerJoin('answers as a', (j) =>
      j
        .onRef('a.guild_id', '=', 'ac.guild_id')
        .onRef('a.user_id', '=', 'ac.user_id')
        .onRef('a.question_id', '=', 'ac.question_id'),
    )
    .select(['ac.user_id', 'ac.question_id', 'ac.choice_key', 'a.revision'])
    .where('ac.guild_id', '=', guildId)
    .where('r.left_at', 'is', null)
    .orderBy('ac.user_id')
    .orderBy('ac.question_id')
    .orderBy('ac.choice_key')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    questionId: r.question_id,
    choiceKey: r.choice_key,
    revision: r.revision,
  }));
}

// ---- the linked role ------------------------------------------------------------------------

/** A member Hearth gave a segment's role to. */
export interface RoleGrant {
  readonly id: number;
  readonly userId: string;
  readonly roleId: string;
}

/** Links a role to a segment (null: none); the cache stamp is cleared so the next recount syncs. */
export async function setSegmentRole(
  db: Conn,
  guildId: string,
  id: number,
  roleId: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('segments')
    .set({ role_id: roleId, inputs: null, updated_at: now })
    .where('id', '=', id)
    .where('guild_id', '=', guildId)
    .execute();
}

/** Every member Hearth gave this segment's role to. */
export async function roleGrants(
  db: Conn,
  guildId: string,
  segmentId: number,
): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('segment_role_grants')
    .select(['id', 'user_id', 'role_id'])
    .where('guild_id', '=', guildId)
    .where('segment_id', '=', segmentId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, roleId: r.role_id }));
}

/** The grant row with this id, if it still stands. */
export async function roleGrant(db: Conn, id: number): Promise<RoleGrant | undefined> {
  const row = await db
    .selectFrom('segment_role_grants')
    .select(['id', 'user_id', 'role_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, userId: row.user_id, roleId: row.role_id };
}

/** The member's current grant for a segment, if any. */
export async function memberRoleGrant(
  db: Conn,
  guildId: string,
  segmentId: number,
  userId: string,
): Promise<RoleGrant | undefined> {
  const row = await db
    .selectFrom('segment_role_grants')
    .select(['id', 'user_id', 'role_id'])
    .where('guild_id', '=', guildId)
    .where('segment_id', '=', segmentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, userId: row.user_id, roleId: row.role_id };
}

/** Records a grant; undefined when the member already has one for the segment (the unique key). */
export async function insertRoleGrant(
  db: Conn,
  grant: { guildId: string; segmentId: number; userId: string; roleId: string; now: number },
): Promise<number | undefined> {
  const row = await db
    .insertInto('segment_role_grants')
    .values({
      guild_id: grant.guildId,
      segment_id: grant.segmentId,
      user_id: grant.userId,
      role_id: grant.roleId,
      granted_at: grant.now,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'segment_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Forgets a grant; whether this call removed it. */
export async function deleteRoleGrant(db: Conn, id: number): Promise<boolean> {
  const result = await db.deleteFrom('segment_role_grants').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every segment's linked role in a guild (for `/hearth status`). */
export async function linkedRoles(
  db: Conn,
  guildId: string,
): Promise<{ id: number; name: string; roleId: string }[]> {
  const rows = await db
    .selectFrom('segments')
    .select(['id', 'name', 'role_id'])
    .where('guild_id', '=', guildId)
    .where('role_id', 'is not', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, roleId: r.role_id! }));
}
