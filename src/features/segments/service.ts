/**
 * Segments on the database: the roster they are chosen from (kept from the gateway), creating and
 * editing segments and their rules, and the cached membership, recomputed when its inputs change
 * (answers, roles, activity, seats, the questionnaire, the day). Knows nothing of Discord.
 */
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { enqueue } from '../../core/outbox/store.js';
import { hiddenMembers } from '../insights/api.js';
import { choiceSpansOf, picksChoice } from '../onboarding/api.js';
import { segmentRoleEffect } from './effects.js';
import * as repo from './repository.js';
import type { Problem, QuestionInfo, SegmentRecord } from './repository.js';
import {
  dayOf,
  emptyRules,
  evaluateRules,
  isLeaf,
  leavesOf,
  MAX_RULES,
  rulesSchema,
  RULES_VERSION,
  type Leaf,
  type RuleNode,
  type SegmentRules,
} from './rules.js';
import {
  suggestSegments,
  suggestionLeaves,
  type ChoiceProfile,
  type Suggestion,
} from './suggest.js';

type Tx = Transaction<Database>;

export type { Problem, QuestionInfo } from './repository.js';

/** Segments one server may keep. */
export const MAX_SEGMENTS = 50;
export const NAME_MAX = 40;

// ------------------------------------------------------------------ the roster

export interface RosterMember {
  readonly userId: string;
  readonly joinedAt: number;
  readonly roles: readonly string[];
}

/** A member is present with these roles: written only when something changed. */
export async function upsertRosterMember(
  db: Db,
  guildId: string,
  member: RosterMember,
  now: number,
): Promise<boolean> {
  return db.transaction().execute((trx) => writeMember(trx, guildId, member, now));
}

async function writeMember(
  trx: Tx,
  guildId: string,
  member: RosterMember,
  now: number,
): Promise<boolean> {
  const row = await repo.rosterEntry(trx, guildId, member.userId);
  const held = await repo.heldRoles(trx, guildId, member.userId);
  const wanted = [...new Set(member.roles)].filter((r) => r !== guildId);
  const sameRoles = held.length === wanted.length && wanted.every((r) => held.includes(r));
  if (row !== undefined && row.leftAt === null && row.joinedAt === member.joinedAt && sameRoles)
    return false;
  await repo.markPresent(trx, guildId, member.userId, member.joinedAt, now);
  if (!sameRoles) await repo.replaceRoles(trx, guildId, member.userId, wanted);
  return true;
}

/** A member left the server: out of every segment from the next recount. */
export async function rosterMemberLeft(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<void> {
  await repo.markLeft(db, guildId, userId, now);
}

/** The whole member list as Discord has it now (at start): whoever is missing has left. */
export async function reconcileRoster(
  db: Db,
  guildId: string,
  members: readonly RosterMember[],
  now: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    for (const m of members) if (await writeMember(trx, guildId, m, now)) changed += 1;
    const present = new Set(members.map((m) => m.userId));
    const gone = (await repo.presentMemberIds(trx, guildId)).filter((id) => !present.has(id));
    await repo.markAllLeft(trx, guildId, gone, now);
    return changed + gone.length;
  });
}

/**
 * How many people are in the server now as the roster has them (humans only: bots are never
 * recorded), or, with `roleIds`, how many of them hold at least one of those roles. Members who
 * erased their data are not on the roster, so the count never exceeds who is really there.
 */
export async function rosterCount(
  db: Db | Tx,
  guildId: string,
  roleIds: readonly string[] | null,
): Promise<number> {
  if (roleIds !== null && roleIds.length === 0) return 0;
  let query = db
    .selectFrom('member_roster as r')
    .where('r.guild_id', '=', guildId)
    .where('r.left_at', 'is', null);
  if (roleIds !== null)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('member_roles as mr')
          .select('mr.user_id')
          .whereRef('mr.guild_id', '=', 'r.guild_id')
          .whereRef('mr.user_id', '=', 'r.user_id')
          .where('mr.role_id', 'in', [...roleIds]),
      ),
    );
  const row = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ------------------------------------------------------------------ segments

export interface Segment extends SegmentRecord {
  /** Every member the rules match (who may vote, who is targeted): never shown to managers. */
  readonly memberCount: number;
  /**
   * The count a manager sees (lists, autocomplete, `/segment show`, a poll's participation): see
   * {@link shownMembership}. Use this, never `memberCount`, wherever a number reaches Discord.
   */
  readonly shownCount: number;
}

export function cleanName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean.length === 0 || clean.length > NAME_MAX)
    throw new UserError('segments.nameLength', { max: NAME_MAX });
  return clean;
}

async function nameTaken(db: Db | Tx, guildId: string, name: string, except?: number) {
  const rows = await repo.segmentNames(db, guildId);
  // Names differ by more than case: "Beginners" and "beginners" would be confusing in a list.
  return rows.some((r) => r.id !== except && r.name.toLowerCase() === name.toLowerCase());
}

export async function createSegment(
  db: Db,
  guildId: string,
  input: { name: string; match: 'all' | 'any'; by: string; rules?: SegmentRules },
  now: number,
): Promise<Segment> {
  const name = cleanName(input.name);
  const rules = input.rules ?? emptyRules(input.match);
  rulesSchema.parse(rules);
  return db.transaction().execute(async (trx) => {
    if ((await repo.countSegments(trx, guildId)) >= MAX_SEGMENTS)
      throw new UserError('segments.tooMany', { max: MAX_SEGMENTS });
    if (await nameTaken(trx, guildId, name)) throw new UserError('segments.nameTaken', { name });
    const segment = await repo.insertSegment(trx, {
      guildId,
      name,
      rules,
      createdBy: input.by,
      createdAt: now,
    });
    return { ...segment, shownCount: 0 };
  });
}

export async function listSegments(db: Db, guildId: string): Promise<Segment[]> {
  const segments = await repo.guildSegments(db, guildId);
  const shown = await shownCounts(db, guildId, segments);
  return segments.map((s) => ({ ...s, shownCount: shown.get(s.id) ?? 0 }));
}

/** Rule kinds that read what members do (the activity `/privacy hide` keeps out of insights). */
const ACTIVITY_KINDS: ReadonlySet<Leaf['kind']> = new Set(['active', 'messages', 'replied']);

/** Whether any rule of a segment reads members' activity. */
export function usesActivity(rules: SegmentRules): boolean {
  return leavesOf(rules.root).some((leaf) => ACTIVITY_KINDS.has(leaf.kind));
}

/** What a manager may see of a segment's membership. */
export interface ShownMembership {
  /** The count shown: named members, plus hidden ones only when no rule reads activity. */
  readonly count: number;
  /** Members who may be named (not hidden with `/privacy hide`), in id order. */
  readonly named: readonly string[];
  /** The members the count counts (named ones, and hidden ones when it counts them). */
  readonly counted: readonly string[];
  /** Hidden members in the count (they are counted, never named); 0 when rules read activity. */
  readonly hiddenCounted: number;
  /** Rules read activity and the server has hidden members: they are left out of the count. */
  readonly hiddenLeftOut: boolean;
}

/**
 * The rule for what managers see of a segment: nothing in it may depend on the activity of a
 * member who asked not to be named (`/privacy hide`). Their answers, roles, join date and seat are
 * things managers already see, so a segment built only from those counts them (without naming
 * them); a segment with any activity rule (active, messages, replied) counts only named members,
 * and says so whenever the server has hidden members, whether or not one of them matches. So a
 * segment narrowed to one hidden member plus `messages at_least:N` reads the same whatever their
 * message count: differencing learns nothing. Membership itself (votes, targeting) is unchanged.
 */
export function shownMembership(
  rules: SegmentRules,
  members: readonly string[],
  hidden: ReadonlySet<string>,
): ShownMembership {
  const named = members.filter((m) => !hidden.has(m));
  const activity = usesActivity(rules);
  const hiddenCounted = activity ? 0 : members.length - named.length;
  return {
    count: named.length + hiddenCounted,
    named,
    counted: activity ? named : [...members],
    hiddenCounted,
    hiddenLeftOut: activity && hidden.size > 0,
  };
}

/** Each segment's shown count, from its cached members (one query for all of them). */
async function shownCounts(
  db: Db | Tx,
  guildId: string,
  segments: readonly SegmentRecord[],
): Promise<Map<number, number>> {
  if (segments.length === 0) return new Map();
  const hidden = await hiddenMembers(db, guildId);
  const members = await repo.cachedMembersOf(
    db,
    guildId,
    segments.map((s) => s.id),
  );
  return new Map(
    segments.map((s) => [s.id, shownMembership(s.rules, members.get(s.id) ?? [], hidden).count]),
  );
}

/** A segment of this guild, or a UserError when the id names none (forged, or removed). */
export async function segmentOf(db: Db | Tx, guildId: string, id: number): Promise<Segment> {
  const segment = await repo.findSegment(db, guildId, id);
  if (segment === undefined) throw new UserError('segments.unknown');
  return { ...segment, shownCount: (await shownCounts(db, guildId, [segment])).get(id) ?? 0 };
}

async function saveRules(trx: Tx, segment: Segment, rules: SegmentRules, now: number) {
  const checked = rulesSchema.safeParse(rules);
  if (!checked.success) throw new UserError('segments.tooManyRules', { max: MAX_RULES });
  // The cache no longer matches the rules: the next read recomputes it.
  await repo.setRules(trx, segment.guildId, segment.id, rules, now);
}

/** Renames a segment, or changes how its top-level rules combine (all / any). */
export async function editSegment(
  db: Db,
  guildId: string,
  id: number,
  change: { name?: string; match?: 'all' | 'any' },
  now: number,
): Promise<Segment> {
  return db.transaction().execute(async (trx) => {
    const segment = await segmentOf(trx, guildId, id);
    if (change.name !== undefined) {
      const name = cleanName(change.name);
      if (await nameTaken(trx, guildId, name, id))
        throw new UserError('segments.nameTaken', { name });
      await repo.renameSegment(trx, guildId, id, name, now);
    }
    if (change.match !== undefined && change.match !== rootMatch(segment.rules)) {
      const root = segment.rules.root;
      const children = root.kind === 'all' || root.kind === 'any' ? root.of : [root];
      // Groups keep the opposite of the top level, so "all of (a, any of (b, c))" stays readable.
      const flipped = children.map((c) =>
        c.kind === 'all' || c.kind === 'any'
          ? { kind: change.match === 'all' ? ('any' as const) : ('all' as const), of: c.of }
          : c,
      );
      await saveRules(
        trx,
        segment,
        { v: RULES_VERSION, root: { kind: change.match, of: flipped } },
        now,
      );
    }
    return segmentOf(trx, guildId, id);
  });
}

export async function removeSegment(
  db: Db,
  guildId: string,
  id: number,
  now: number,
): Promise<Segment> {
  return db.transaction().execute(async (trx) => {
    const segment = await segmentOf(trx, guildId, id);
    // What Hearth gave for this segment is taken back with it.
    await releaseRoleGrants(trx, guildId, id, now);
    await repo.deleteSegment(trx, guildId, id);
    return segment;
  });
}

export function rootMatch(rules: SegmentRules): 'all' | 'any' {
  return rules.root.kind === 'any' ? 'any' : 'all';
}

/**
 * The rules as managers see them: the top level's direct rules and its groups, each group
 * combining its own rules the other way. Rule numbers run over every rule in this order.
 */
export interface RuleView {
  readonly number: number;
  readonly leaf: Leaf;
  readonly negated: boolean;
  /** 0 for a top-level rule, else the group's number (1-based). */
  readonly group: number;
}

export function ruleViews(rules: SegmentRules): RuleView[] {
  const root = rules.root;
  const children = root.kind === 'all' || root.kind === 'any' ? root.of : [root];
  const views: RuleView[] = [];
  let group = 0;
  const push = (node: RuleNode, g: number) => {
    const negated = node.kind === 'not';
    const inner = node.kind === 'not' ? node.of : node;
    if (isLeaf(inner)) views.push({ number: views.length + 1, leaf: inner, negated, group: g });
  };
  for (const child of children) {
    if (child.kind === 'all' || child.kind === 'any') {
      group += 1;
      for (const c of child.of) push(c, group);
    } else push(child, 0);
  }
  return views;
}

export function groupCount(rules: SegmentRules): number {
  const root = rules.root;
  if (root.kind !== 'all' && root.kind !== 'any') return 0;
  return root.of.filter((c) => c.kind === 'all' || c.kind === 'any').length;
}

/** The questions of a guild (active and retired), as rules need them to be checked and shown. */
export async function questionsOf(db: Db | Tx, guildId: string): Promise<QuestionInfo[]> {
  return repo.questionsOf(db, guildId);
}

/** A new rule must name a question asked now, and a choice it offers. */
function checkLeaf(leaf: Leaf, questions: readonly QuestionInfo[]): void {
  if (leaf.kind !== 'choice' && leaf.kind !== 'scale' && leaf.kind !== 'answered') return;
  const q = questions.find((x) => x.id === leaf.question && !x.retired);
  if (q === undefined) throw new UserError('segments.unknownQuestion');
  if (leaf.kind === 'choice') {
    if (q.kind !== 'single' && q.kind !== 'multi') throw new UserError('segments.notChoice');
    if (!q.choices.some((c) => c.key === leaf.choice))
      throw new UserError('segments.unknownChoice');
  }
  if (leaf.kind === 'scale') {
    if (q.kind !== 'scale' || q.scale === undefined) throw new UserError('segments.notScale');
    if (leaf.min > leaf.max) throw new UserError('segments.scaleRange');
  }
}

/** Problems in rules after the questionnaire changed: each is shown, never silently empty. */
export function problemsOf(rules: SegmentRules, questions: readonly QuestionInfo[]): Problem[] {
  const problems: Problem[] = [];
  for (const view of ruleViews(rules)) {
    const leaf = view.leaf;
    if (leaf.kind !== 'choice' && leaf.kind !== 'scale' && leaf.kind !== 'answered') continue;
    const q = questions.find((x) => x.id === leaf.question);
    if (q === undefined || q.retired) {
      problems.push({ kind: 'questionRemoved', rule: view.number, question: leaf.question });
      continue;
    }
    if (leaf.kind === 'choice') {
      if (q.kind !== 'single' && q.kind !== 'multi')
        problems.push({ kind: 'questionChanged', rule: view.number, question: q.id });
      else if (!q.choices.some((c) => c.key === leaf.choice))
        problems.push({
          kind: 'choiceRemoved',
          rule: view.number,
          question: q.id,
          choice: leaf.choice,
        });
    }
    if (leaf.kind === 'scale' && q.kind !== 'scale')
      problems.push({ kind: 'questionChanged', rule: view.number, question: q.id });
  }
  return problems;
}

/**
 * Adds a rule: at the top level, or in group `group` (1-based; one more than the groups there are
 * starts a new group), optionally negated ("not …").
 */
export async function addRule(
  db: Db,
  guildId: string,
  id: number,
  leaf: Leaf,
  options: { group?: number; negate?: boolean },
  now: number,
): Promise<Segment> {
  return db.transaction().execute(async (trx) => {
    const segment = await segmentOf(trx, guildId, id);
    checkLeaf(leaf, await questionsOf(trx, guildId));
    const node: RuleNode = options.negate === true ? { kind: 'not', of: leaf } : leaf;
    const match = rootMatch(segment.rules);
    const root = segment.rules.root;
    const children = [...(root.kind === 'all' || root.kind === 'any' ? root.of : [root])];
    if (leavesOf(segment.rules.root).length >= MAX_RULES)
      throw new UserError('segments.tooManyRules', { max: MAX_RULES });
    const group = options.group ?? 0;
    if (group === 0) children.push(node);
    else {
      const groups = children.flatMap((c, i) => (c.kind === 'all' || c.kind === 'any' ? [i] : []));
      if (group > groups.length + 1)
        throw new UserError('segments.noSuchGroup', { next: groups.length + 1 });
      if (group === groups.length + 1)
        children.push({ kind: match === 'all' ? 'any' : 'all', of: [node] });
      else {
        const at = groups[group - 1]!;
        const g = children[at] as { kind: 'all' | 'any'; of: readonly RuleNode[] };
        children[at] = { kind: g.kind, of: [...g.of, node] };
      }
    }
    await saveRules(trx, segment, { v: RULES_VERSION, root: { kind: match, of: children } }, now);
    return segmentOf(trx, guildId, id);
  });
}

/** Removes rule number `number` (as {@link ruleViews} numbers them); an emptied group goes too. */
export async function removeRule(
  db: Db,
  guildId: string,
  id: number,
  number: number,
  now: number,
): Promise<Segment> {
  return db.transaction().execute(async (trx) => {
    const segment = await segmentOf(trx, guildId, id);
    const views = ruleViews(segment.rules);
    if (number < 1 || number > views.length)
      throw new UserError('segments.noSuchRule', { count: views.length });
    const root = segment.rules.root;
    const children = root.kind === 'all' || root.kind === 'any' ? root.of : [root];
    let n = 0;
    const keep = (node: RuleNode) => {
      const inner = node.kind === 'not' ? node.of : node;
      if (!isLeaf(inner)) return true;
      n += 1;
      return n !== number;
    };
    const next: RuleNode[] = [];
    for (const child of children) {
      if (child.kind === 'all' || child.kind === 'any') {
        const of = child.of.filter(keep);
        if (of.length > 0) next.push({ kind: child.kind, of });
      } else if (keep(child)) next.push(child);
    }
    await saveRules(
      trx,
      segment,
      { v: RULES_VERSION, root: { kind: rootMatch(segment.rules), of: next } },
      now,
    );
    return segmentOf(trx, guildId, id);
  });
}

// ------------------------------------------------------------------ the cached membership

/**
 * What a guild's segments are computed from, in one query of cheap indexed aggregates: when none
 * of these moved, no segment of the guild can have changed. Activity only ever adds to today's
 * (and, around midnight, yesterday's) figures, so two days of member_days stand for all of it.
 */
export async function inputsOf(db: Db | Tx, guildId: string, now: number): Promise<string> {
  const today = dayOf(now);
  const figures = await repo.inputFigures(db, guildId, today - 1);
  const values = [today, ...figures.map((v) => (v === null ? '' : String(v)))];
  return values.join('|');
}

export interface MembershipChange {
  readonly segmentId: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Writes one segment's recomputed membership into its cache, inside the caller's transaction. */
async function writeCache(
  trx: Tx,
  segment: SegmentRecord,
  members: readonly string[],
  problems: readonly Problem[],
  inputs: string,
  now: number,
): Promise<MembershipChange> {
  const before = new Set(await repo.cachedMembers(trx, segment.id));
  const after = new Set(members);
  const added = members.filter((m) => !before.has(m));
  const removed = [...before].filter((m) => !after.has(m));
  await repo.removeCachedMembers(trx, segment.id, removed);
  await repo.addCachedMembers(trx, segment, added, now);
  await repo.saveCount(trx, segment.id, {
    memberCount: members.length,
    problems,
    inputs,
    now,
  });
  return { segmentId: segment.id, added, removed };
}

/**
 * Brings every segment of a guild (or only segment `only`) up to date: those whose cached inputs
 * differ from the current ones are recounted (all of them when `force`), each with its one query,
 * and the caches are written in one transaction. Returns what changed.
 */
export async function refreshSegments(
  db: Db,
  guildId: string,
  now: number,
  options: { force?: boolean; only?: number } = {},
): Promise<MembershipChange[]> {
  const rows = await repo.cacheStamps(db, guildId, options.only);
  if (rows.length === 0) return [];
  const inputs = await inputsOf(db, guildId, now);
  const stale = new Set(
    rows.filter((r) => options.force === true || r.inputs !== inputs).map((r) => r.id),
  );
  if (stale.size === 0) return [];
  const questions = await questionsOf(db, guildId);
  const segments = (await repo.guildSegments(db, guildId)).filter((s) => stale.has(s.id));
  const evaluated: { segment: SegmentRecord; members: string[] }[] = [];
  for (const segment of segments)
    evaluated.push({ segment, members: await evaluateRules(db, guildId, segment.rules, now) });
  return db.transaction().execute(async (trx) => {
    const changes: MembershipChange[] = [];
    for (const { segment, members } of evaluated) {
      // Removed meanwhile: nothing to write.
      const current = await repo.findSegment(trx, guildId, segment.id);
      if (current === undefined) continue;
      changes.push(
        await writeCache(trx, segment, members, problemsOf(segment.rules, questions), inputs, now),
      );
      if (current.roleId !== null) await syncRoleGrants(trx, current, members, now);
    }
    return changes;
  });
}

/** Every guild that has segments (the minute job's work list). */
export async function guildsWithSegments(db: Db): Promise<string[]> {
  return repo.guildsWithSegments(db);
}

/** The segment's members, in id order, brought up to date first. */
export async function segmentMembers(
  db: Db,
  guildId: string,
  segmentId: number,
  now: number,
): Promise<string[]> {
  await refreshSegments(db, guildId, now, { only: segmentId });
  await segmentOf(db, guildId, segmentId);
  return repo.memberIds(db, guildId, segmentId);
}

/** Whether one member is in a segment now (its cache brought up to date first). */
export async function isInSegment(
  db: Db,
  guildId: string,
  segmentId: number,
  userId: string,
  now: number,
): Promise<boolean> {
  await refreshSegments(db, guildId, now, { only: segmentId });
  await segmentOf(db, guildId, segmentId);
  return repo.hasMember(db, guildId, segmentId, userId);
}

// ------------------------------------------------------------------ the linked role

/** Enqueues the role change a grant row calls for, once per grant and direction. */
async function enqueueRoleChange(
  trx: Tx,
  guildId: string,
  segmentId: number,
  grant: repo.RoleGrant,
  add: boolean,
  now: number,
): Promise<void> {
  await enqueue(
    trx,
    segmentRoleEffect,
    {
      guildId,
      key: `${guildId}:${segmentId}:${grant.userId}:${grant.id}:${add ? 'add' : 'remove'}`,
      payload: { user: grant.userId, role: grant.roleId, segment: segmentId, grant: grant.id, add },
      subjectId: grant.userId,
    },
    now,
  );
}

/** Takes back every role Hearth gave for a segment (it is unlinked, relinked or removed). */
async function releaseRoleGrants(trx: Tx, guildId: string, segmentId: number, now: number) {
  for (const grant of await repo.roleGrants(trx, guildId, segmentId))
    if (await repo.deleteRoleGrant(trx, grant.id))
      await enqueueRoleChange(trx, guildId, segmentId, grant, false, now);
}

/**
 * The linked role follows the membership just written, in the same transaction: members who left
 * the segment lose the role Hearth gave them (never one they got from someone else, which has no
 * grant row), and members in it who do not hold the role get it, each change enqueued once.
 */
async function syncRoleGrants(
  trx: Tx,
  segment: SegmentRecord,
  members: readonly string[],
  now: number,
): Promise<void> {
  const roleId = segment.roleId;
  if (roleId === null) return;
  const inSegment = new Set(members);
  const granted = new Set<string>();
  for (const grant of await repo.roleGrants(trx, segment.guildId, segment.id)) {
    if (grant.roleId === roleId && inSegment.has(grant.userId)) {
      granted.add(grant.userId);
      continue;
    }
    if (await repo.deleteRoleGrant(trx, grant.id))
      await enqueueRoleChange(trx, segment.guildId, segment.id, grant, false, now);
  }
  const candidates = members.filter((m) => !granted.has(m));
  const held = await repo.rolesOf(trx, segment.guildId, candidates);
  for (const userId of candidates) {
    // Already holds it (by someone else's hand): not Hearth's to give, nor to take back.
    if (held.get(userId)?.includes(roleId) === true) continue;
    const id = await repo.insertRoleGrant(trx, {
      guildId: segment.guildId,
      segmentId: segment.id,
      userId,
      roleId,
      now,
    });
    if (id !== undefined)
      await enqueueRoleChange(trx, segment.guildId, segment.id, { id, userId, roleId }, true, now);
  }
}

/**
 * Links a role to a segment (null: none). The caller has checked the person may have Hearth grant
 * it. A different role than before takes back what Hearth gave of the old one; the new one is
 * granted from the recount that follows (run here).
 */
export async function linkRole(
  db: Db,
  guildId: string,
  id: number,
  roleId: string | null,
  now: number,
): Promise<Segment> {
  await db.transaction().execute(async (trx) => {
    const segment = await segmentOf(trx, guildId, id);
    if (segment.roleId === roleId) return;
    await releaseRoleGrants(trx, guildId, id, now);
    await repo.setSegmentRole(trx, guildId, id, roleId, now);
  });
  await refreshSegments(db, guildId, now, { only: id });
  return segmentOf(db, guildId, id);
}

/** Every linked role of a guild, with its segment. */
export async function linkedRoles(
  db: Db,
  guildId: string,
): Promise<{ id: number; name: string; roleId: string }[]> {
  return repo.linkedRoles(db, guildId);
}

/** A grant row, if it still stands (the effect checks before acting). */
export async function roleGrant(db: Db, id: number): Promise<repo.RoleGrant | undefined> {
  return repo.roleGrant(db, id);
}

/** The member's current grant for a segment, if any. */
export async function memberRoleGrant(
  db: Db,
  guildId: string,
  segmentId: number,
  userId: string,
): Promise<repo.RoleGrant | undefined> {
  return repo.memberRoleGrant(db, guildId, segmentId, userId);
}

/** A grant Discord refused (or that was refused before asking) is forgotten: nothing was given. */
export async function forgetRoleGrant(db: Db, id: number): Promise<void> {
  await repo.deleteRoleGrant(db, id);
}

// ------------------------------------------------------------------ suggestions

/**
 * Every present member's picked choices, on the choice questions asked now and still offered:
 * a picked key counts only when the member picked that choice (onboarding's `picksChoice`), so an
 * old answer never suggests a group by a choice added later.
 */
export async function choiceProfiles(db: Db, guildId: string): Promise<ChoiceProfile[]> {
  const questions = await questionsOf(db, guildId);
  const offered = new Set(
    questions.filter((q) => !q.retired).flatMap((q) => q.choices.map((c) => `${q.id}:${c.key}`)),
  );
  const spans = await choiceSpansOf(db, guildId);
  const picks = await repo.presentMembersChoices(db, guildId);
  const current = await repo.currentRevisions(db, guildId);
  const byMember = new Map<string, string[]>();
  for (const r of picks) {
    const feature = `${r.questionId}:${r.choiceKey}`;
    if (!offered.has(feature)) continue;
    const span = spans.get(r.questionId)?.get(r.choiceKey);
    if (span?.to !== current.get(r.questionId) || !picksChoice(span, r.revision)) continue;
    const list = byMember.get(r.userId) ?? [];
    list.push(feature);
    byMember.set(r.userId, list);
  }
  return [...byMember].map(([userId, features]) => ({ userId, features }));
}

export async function suggestionsFor(db: Db, guildId: string): Promise<Suggestion[]> {
  return suggestSegments(await choiceProfiles(db, guildId));
}

/** Keeps a suggestion as a segment: every trait that set the group apart, all required. */
export async function createFromSuggestion(
  db: Db,
  guildId: string,
  suggestion: Suggestion,
  baseName: string,
  by: string,
  now: number,
): Promise<Segment> {
  const rules: SegmentRules = {
    v: RULES_VERSION,
    root: { kind: 'all', of: suggestionLeaves(suggestion) },
  };
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? baseName : `${baseName} ${n}`;
    try {
      return await createSegment(db, guildId, { name, match: 'all', by, rules }, now);
    } catch (error) {
      if (error instanceof UserError && error.key === 'segments.nameTaken' && n < MAX_SEGMENTS)
        continue;
      throw error;
    }
  }
}

/** The roles each of these members holds, as the roster has them. */
export async function rosterRoles(
  db: Db,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  return repo.rolesOf(db, guildId, userIds);
}
