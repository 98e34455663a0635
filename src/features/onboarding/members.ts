/**
 * A member's way through onboarding: joining, the welcome (sent once per join), answering page by
 * page (each page saved as it is submitted), completion, approval, and their profile. Every write
 * that checks and then changes is one transaction; no Discord call happens here. What a decision
 * needs Discord to do (a welcome, roles, the request managers approve, the member told) is an
 * outbox row written in the decision's own transaction.
 */
import { parseJson } from '../../core/json.js';
import type { Transaction } from 'kysely';
import { answerSchema, rawAnswerSchema } from '../../forms/index.js';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Database, OnboardingStatus } from '../../core/db/schema.js';
import { enqueue, newDecision } from '../../core/outbox/store.js';
import {
  admitEffect,
  approvalEffect,
  decisionEffect,
  rolesEffect,
  stillRejectedEffect,
  welcomeEffect,
} from './effects.js';
import { precompiled } from '../../core/db/precompiled.js';
import {
  choicesOf,
  describeAnswer,
  QUESTION_KINDS,
  validateAnswer,
  type AnswerValue,
  type Problem,
  type QuestionDefinition,
  type RawAnswer,
} from './definitions.js';
import {
  activeQuestions,
  getSettings,
  pages,
  parseDefinition,
  type Question,
} from './questionnaire.js';

type Tx = Transaction<Database>;
export type FlowMode = 'join' | 'edit';

/** A stored answer: a value, or `null` for an optional question the member left empty. */
type Stored = AnswerValue | null;
const storedSchema = answerSchema(QUESTION_KINDS).nullable();
/** A stored answer read back through its schema (see {@link parseJson}). */
export const stored = (json: string): Stored => parseJson(storedSchema, json, 'answers.value');

type MemberKey = { guildId: string; userId: string };
type AnswerKey = MemberKey & { questionId: number };

/** The statements a page submission runs, compiled once (a submission is the hot path). */
const sql = {
  member: precompiled<Database, MemberKey>()((db, p) =>
    db
      .selectFrom('onboarding_members')
      .selectAll()
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId),
  ),
  revision: precompiled<Database, { guildId: string; questionId: number; revision: number }>()(
    (db, p) =>
      db
        .selectFrom('question_revisions')
        .select('definition')
        .where('question_id', '=', p.questionId)
        .where('revision', '=', p.revision)
        .where('guild_id', '=', p.guildId),
  ),
  answered: precompiled<Database, MemberKey>()((db, p) =>
    db
      .selectFrom('answers')
      .select('question_id')
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId),
  ),
  upsertAnswer: precompiled<
    Database,
    AnswerKey & { revision: number; value: string; now: number }
  >()((db, p) =>
    db
      .insertInto('answers')
      .values({
        guild_id: p.guildId,
        user_id: p.userId,
        question_id: p.questionId,
        revision: p.revision,
        value: p.value,
        answered_at: p.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['guild_id', 'user_id', 'question_id'])
          .doUpdateSet({ revision: p.revision, value: p.value, answered_at: p.now }),
      ),
  ),
  clearChoices: precompiled<Database, AnswerKey>()((db, p) =>
    db
      .deleteFrom('answer_choices')
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId)
      .where('question_id', '=', p.questionId),
  ),
  addChoice: precompiled<Database, AnswerKey & { choiceKey: string }>()((db, p) =>
    db.insertInto('answer_choices').values({
      guild_id: p.guildId,
      user_id: p.userId,
      question_id: p.questionId,
      choice_key: p.choiceKey,
    }),
  ),
  clearDraft: precompiled<Database, AnswerKey>()((db, p) =>
    db
      .deleteFrom('answer_drafts')
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId)
      .where('question_id', '=', p.questionId),
  ),
  upsertDraft: precompiled<Database, AnswerKey & { raw: string; now: number }>()((db, p) =>
    db
      .insertInto('answer_drafts')
      .values({
        guild_id: p.guildId,
        user_id: p.userId,
        question_id: p.questionId,
        raw: p.raw,
        saved_at: p.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['guild_id', 'user_id', 'question_id'])
          .doUpdateSet({ raw: p.raw, saved_at: p.now }),
      ),
  ),
  start: precompiled<Database, MemberKey>()((db, p) =>
    db
      .updateTable('onboarding_members')
      .set({ status: 'in_progress' })
      .where('guild_id', '=', p.guildId)
      .where('user_id', '=', p.userId)
      .where('status', '=', 'welcomed'),
  ),
};

export interface JoinOutcome {
  /** Send the welcome now: this call claimed it, so no other call will. */
  readonly welcome: boolean;
  /** The member finished onboarding during an earlier stay. */
  readonly returning: boolean;
  /** The member has answers from an earlier, unfinished stay. */
  readonly resuming: boolean;
  /**
   * A manager rejected their answers during an earlier stay, and that stands: set (with when they
   * may answer again) the first time they come back after that decision; the private notice that
   * tells them once is enqueued with the join.
   */
  readonly stillRejected?: { readonly decidedAt: number };
}

const NO_WELCOME: JoinOutcome = { welcome: false, returning: false, resuming: false };

/** Roles a member's answers give or take away, on Discord. Nothing is written when there are none. */
async function enqueueRoles(
  trx: Tx,
  guildId: string,
  userId: string,
  grant: readonly string[],
  revoke: readonly string[],
  decision: string,
  now: number,
): Promise<void> {
  if (grant.length === 0 && revoke.length === 0) return;
  await enqueue(
    trx,
    rolesEffect,
    {
      guildId,
      key: `${guildId}:${userId}:roles:${decision}`,
      payload: { user: userId, grant: [...grant], revoke: [...revoke] },
      subjectId: userId,
    },
    now,
  );
}

/** The admission step after completion, approval or a return (see `admitEffect`). */
async function enqueueAdmit(
  trx: Tx,
  guildId: string,
  userId: string,
  tell: 'approved' | 'join' | 'none',
  decision: string,
  now: number,
): Promise<void> {
  await enqueue(
    trx,
    admitEffect,
    {
      guildId,
      key: `${guildId}:${userId}:admit:${decision}`,
      payload: { user: userId, tell, decision },
      subjectId: userId,
    },
    now,
  );
}

async function guildChannel(
  trx: Tx,
  guildId: string,
  setting: 'welcome_channel_id' | 'log_channel_id',
): Promise<string | null> {
  const row = await trx
    .selectFrom('guilds')
    .select(setting)
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.[setting] ?? null;
}

/** How long a rejected member waits before answering again, unless the caller says otherwise. */
export const DEFAULT_REJECTION_COOLDOWN_MS = 24 * 3_600_000;

/** Refuses a rejected member's new answers until the cooldown after the decision has passed. */
function checkCooldown(
  row: { status: OnboardingStatus; decided_at: number | null },
  now: number,
  cooldownMs: number,
): void {
  if (row.status !== 'rejected' || row.decided_at === null) return;
  const at = row.decided_at + cooldownMs;
  if (at > now)
    throw new UserError('onboarding.rejectedCooldown', { at: `<t:${Math.ceil(at / 1000)}:R>` });
}

/**
 * Records a join (or a member passing rules screening) and claims the welcome. Repeated events
 * for the same join, joins from before onboarding was turned on, and members who erased their
 * data during this stay (`erasedAt`, from /privacy erase) claim nothing.
 */
export async function recordJoin(
  db: Db,
  guildId: string,
  userId: string,
  {
    joinedAt,
    pending,
    now,
    erasedAt,
  }: { joinedAt: number; pending: boolean; now: number; erasedAt?: number | undefined },
): Promise<JoinOutcome> {
  return db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx, guildId);
    if (!settings.enabled || settings.enabledAt === null) return NO_WELCOME;
    const row = await memberRow(trx, guildId, userId);
    if (row === undefined) {
      if (joinedAt < settings.enabledAt) return NO_WELCOME;
      if (erasedAt !== undefined && joinedAt <= erasedAt) return NO_WELCOME;
      await trx
        .insertInto('onboarding_members')
        .values({
          guild_id: guildId,
          user_id: userId,
          status: pending ? 'screening' : 'welcomed',
          joined_at: joinedAt,
          left_at: null,
          welcomed_at: null,
          started_at: null,
          completed_at: null,
          decided_at: null,
          decided_by: null,
        })
        .execute();
    } else if (joinedAt > row.joined_at || row.left_at !== null) {
      // A new stay: welcome again. Answers are kept, so an unfinished member resumes. A manager's
      // rejection is kept too: leaving and rejoining does not undo it.
      if (row.status === 'rejected') {
        await trx
          .updateTable('onboarding_members')
          .set({ joined_at: Math.max(joinedAt, row.joined_at), left_at: null, decision_told: 1 })
          .where('guild_id', '=', guildId)
          .where('user_id', '=', userId)
          .execute();
        if (row.decision_told !== 0 || row.decided_at === null) return NO_WELCOME;
        // Told once, with this join, that the decision stands (no new welcome, no Start button).
        await enqueue(
          trx,
          stillRejectedEffect,
          {
            guildId,
            key: `${guildId}:${userId}:still-rejected:${row.decided_at}`,
            payload: { user: userId, decidedAt: row.decided_at },
            subjectId: userId,
            channelId: `user:${userId}`,
          },
          now,
        );
        return { ...NO_WELCOME, stillRejected: { decidedAt: row.decided_at } };
      }
      const status: OnboardingStatus =
        row.status === 'completed'
          ? 'completed'
          : pending
            ? 'screening'
            : row.status === 'screening'
              ? 'welcomed'
              : row.status;
      await trx
        .updateTable('onboarding_members')
        .set({
          joined_at: Math.max(joinedAt, row.joined_at),
          left_at: null,
          welcomed_at: null,
          status,
        })
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .execute();
    } else if (row.status === 'screening' && !pending) {
      await trx
        .updateTable('onboarding_members')
        .set({ status: 'welcomed' })
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .execute();
    }
    const claimed = await trx
      .updateTable('onboarding_members')
      .set({ welcomed_at: now })
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .where('welcomed_at', 'is', null)
      .where('left_at', 'is', null)
      .where('status', 'not in', ['screening', 'rejected'])
      .returning(['status'])
      .executeTakeFirst();
    if (claimed === undefined) return NO_WELCOME;
    const answered = await trx
      .selectFrom('answers')
      .select('question_id')
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .limit(1)
      .execute();
    const outcome: JoinOutcome = {
      welcome: true,
      returning: claimed.status === 'completed',
      resuming: claimed.status !== 'completed' && answered.length > 0,
    };
    // The welcome, in this transaction: claimed means sent, whatever happens next.
    const questions = (await activeQuestions(trx, guildId)).length;
    const decision = await newDecision(trx);
    await enqueue(
      trx,
      welcomeEffect,
      {
        guildId,
        key: `${guildId}:${userId}:welcome:${decision}`,
        payload: {
          user: userId,
          variant: outcome.returning ? 'returning' : outcome.resuming ? 'resume' : 'new',
          minutes: Math.max(1, Math.ceil(questions / 3)),
        },
        subjectId: userId,
        channelId: await guildChannel(trx, guildId, 'welcome_channel_id'),
      },
      now,
    );
    if (outcome.returning) {
      // Completed before: no questions again, the roles and the admission come back.
      await enqueueRoles(
        trx,
        guildId,
        userId,
        await desiredRoles(trx, guildId, userId),
        [],
        decision,
        now,
      );
      await enqueueAdmit(trx, guildId, userId, 'join', decision, now);
    }
    return outcome;
  });
}

/** The member left: keep what they answered, and never welcome them late. */
export async function recordLeave(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('onboarding_members')
    .set({ left_at: now })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('left_at', 'is', null)
    .execute();
}

/** Whether Hearth knows the member to be in the server now (joined, and not left since). */
export async function isPresent(db: Db, guildId: string, userId: string): Promise<boolean> {
  const row = await memberRow(db, guildId, userId);
  return row !== undefined && row.left_at === null;
}

export interface PresentMember {
  readonly userId: string;
  readonly joinedAt: number;
  readonly pending: boolean;
}

/**
 * At start-up, with the guild's current members: marks members who left while Hearth was offline,
 * and records joins it missed. Returns the members welcomed (or, rejected, told that the decision
 * stands), each claimed once; their messages are enqueued with the joins.
 */
export async function reconcileMembers(
  db: Db,
  guildId: string,
  present: readonly PresentMember[],
  now: number,
  erasedAt: (userId: string) => number | undefined = () => undefined,
): Promise<{ userId: string; outcome: JoinOutcome }[]> {
  const presentIds = new Set(present.map((m) => m.userId));
  const known = await db
    .selectFrom('onboarding_members')
    .select(['user_id', 'left_at'])
    .where('guild_id', '=', guildId)
    .where('left_at', 'is', null)
    .execute();
  for (const row of known)
    if (!presentIds.has(row.user_id)) await recordLeave(db, guildId, row.user_id, now);
  const welcomes: { userId: string; outcome: JoinOutcome }[] = [];
  for (const member of present) {
    const outcome = await recordJoin(db, guildId, member.userId, {
      joinedAt: member.joinedAt,
      pending: member.pending,
      now,
      erasedAt: erasedAt(member.userId),
    });
    if (outcome.welcome || outcome.stillRejected !== undefined)
      welcomes.push({ userId: member.userId, outcome });
  }
  return welcomes;
}

async function memberRow(db: Db | Tx, guildId: string, userId: string) {
  return sql.member.first(db, { guildId, userId });
}

export interface PageView {
  readonly page: number;
  readonly pageCount: number;
  readonly questions: readonly Question[];
  /** What to show filled in: an unvalidated draft first, else the saved answer. */
  readonly prefill: ReadonlyMap<number, RawAnswer>;
}

/**
 * The page a member should see next: for `join`, the first page with an unanswered question (so a
 * member who stopped resumes there); for `edit`, the page asked for. Checks the member may answer.
 */
export async function openPage(
  db: Db,
  guildId: string,
  userId: string,
  mode: FlowMode,
  requestedPage: number | undefined,
  now: number,
  { rejectionCooldownMs = DEFAULT_REJECTION_COOLDOWN_MS }: { rejectionCooldownMs?: number } = {},
): Promise<PageView> {
  return db.transaction().execute(async (trx) => {
    const row = await memberRow(trx, guildId, userId);
    if (row === undefined || row.left_at !== null) throw new UserError('onboarding.notNewMember');
    if (mode === 'join') {
      checkCooldown(row, now, rejectionCooldownMs);
      if (row.status === 'completed') throw new UserError('onboarding.alreadyDone');
      if (row.status === 'pending_approval') throw new UserError('onboarding.awaitingApproval');
      if (row.status === 'screening') throw new UserError('onboarding.screening');
    } else if (row.status !== 'completed') {
      throw new UserError('onboarding.notCompleted');
    }
    const questions = await activeQuestions(trx, guildId);
    const split = pages(questions);
    if (split.length === 0) throw new UserError('onboarding.noQuestions');
    const answered = await answeredIds(trx, guildId, userId);
    const page =
      mode === 'join'
        ? Math.max(
            0,
            split.findIndex((p) => p.some((q) => !answered.has(q.id))),
          )
        : Math.min(Math.max(requestedPage ?? 0, 0), split.length - 1);
    if (mode === 'join') {
      await trx
        .updateTable('onboarding_members')
        .set((eb) => ({
          status: 'in_progress',
          started_at: eb.fn.coalesce('started_at', eb.val(now)),
        }))
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .execute();
    }
    const shown = split[page]!;
    return {
      page,
      pageCount: split.length,
      questions: shown,
      prefill: await prefillFor(trx, guildId, userId, shown),
    };
  });
}

async function answeredIds(trx: Tx, guildId: string, userId: string): Promise<Set<number>> {
  const rows = await sql.answered.all(trx, { guildId, userId });
  return new Set(rows.map((r) => r.question_id));
}

async function prefillFor(
  trx: Tx,
  guildId: string,
  userId: string,
  questions: readonly Question[],
): Promise<Map<number, RawAnswer>> {
  const ids = questions.map((q) => q.id);
  const prefill = new Map<number, RawAnswer>();
  if (ids.length === 0) return prefill;
  const answers = await trx
    .selectFrom('answers')
    .select(['question_id', 'value'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('question_id', 'in', ids)
    .execute();
  for (const a of answers) {
    const value = stored(a.value);
    if (value !== null)
      prefill.set(
        a.question_id,
        'text' in value
          ? { text: value.text }
          : 'scale' in value
            ? { picked: [String(value.scale)] }
            : { picked: value.choices },
      );
  }
  const drafts = await trx
    .selectFrom('answer_drafts')
    .select(['question_id', 'raw'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('question_id', 'in', ids)
    .execute();
  for (const d of drafts)
    prefill.set(d.question_id, parseJson(rawAnswerSchema, d.raw, 'drafts.raw'));
  return prefill;
}

export interface SubmittedField {
  readonly questionId: number;
  readonly revision: number;
  /** `undefined` when the field came back empty. */
  readonly raw: RawAnswer | undefined;
}

export type SubmitResult =
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[]; readonly page: number }
  | {
      readonly kind: 'next';
      readonly page: number;
      readonly pageCount: number;
      /** When editing a completed profile, roles follow each saved page at once. */
      readonly grant: readonly string[];
      readonly revoke: readonly string[];
    }
  | {
      readonly kind: 'complete';
      /** True only for the submission that completed onboarding: admission runs once. */
      readonly firstCompletion: boolean;
      readonly admission: 'auto' | 'approval' | 'edit';
      /** Roles to grant and to take away now, from the answers' role mappings. */
      readonly grant: readonly string[];
      readonly revoke: readonly string[];
    };

/**
 * Saves one submitted page. Each field is validated against the revision of the question the
 * member was shown, so a questionnaire edited meanwhile never corrupts the answer. Invalid fields
 * are kept as drafts for the reopened page; valid ones are saved. Submitting the same page twice
 * changes nothing the second time.
 */
export async function submitPage(
  db: Db,
  {
    guildId,
    userId,
    mode,
    page,
    fields,
    now,
    rejectionCooldownMs = DEFAULT_REJECTION_COOLDOWN_MS,
  }: {
    guildId: string;
    userId: string;
    mode: FlowMode;
    page: number;
    fields: readonly SubmittedField[];
    now: number;
    /** How long after a rejection the member may answer again. */
    rejectionCooldownMs?: number;
  },
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const row = await memberRow(trx, guildId, userId);
    if (row === undefined || row.left_at !== null) throw new UserError('onboarding.notNewMember');
    // An old page modal submitted again after a rejection counts as answering again.
    if (mode === 'join') checkCooldown(row, now, rejectionCooldownMs);
    if (mode === 'join' && (row.status === 'completed' || row.status === 'pending_approval')) {
      // A page submitted again after completion: nothing more to do.
      return {
        kind: 'complete',
        firstCompletion: false,
        admission: (await getSettings(trx, guildId)).admissionMode,
        grant: [],
        revoke: [],
      };
    }
    if (mode === 'join' && row.status === 'screening') throw new UserError('onboarding.screening');
    if (mode === 'edit' && row.status !== 'completed')
      throw new UserError('onboarding.notCompleted');

    const definitions = await revisionsOf(trx, guildId, fields);
    // Roles only move when a completed profile is edited, or at completion.
    const rolesBefore = mode === 'edit' ? await desiredRoles(trx, guildId, userId) : [];
    const problems: Problem[] = [];
    for (const field of fields) {
      const definition = definitions.get(`${field.questionId}:${field.revision}`)!;
      const { value, problem } = validateAnswer(definition, field.raw);
      if (problem !== undefined) {
        problems.push(problem);
        if (field.raw !== undefined)
          await saveDraft(trx, guildId, userId, field.questionId, field.raw, now);
        continue;
      }
      await saveAnswer(trx, guildId, userId, field.questionId, field.revision, value ?? null, now);
    }
    if (problems.length > 0) return { kind: 'invalid', problems, page };

    const split = pages(await activeQuestions(trx, guildId));
    const answered = await answeredIds(trx, guildId, userId);
    const next =
      mode === 'edit'
        ? page + 1 < split.length
          ? page + 1
          : -1
        : split.findIndex((p) => p.some((q) => !answered.has(q.id)));
    if (mode === 'join') await sql.start.run(trx, { guildId, userId });
    // Before completion nothing has been granted yet; a completed member's roles follow every page.
    const rolesAfter =
      mode === 'edit' || next === -1 ? await desiredRoles(trx, guildId, userId) : [];
    const grant = mode === 'edit' ? difference(rolesAfter, rolesBefore) : [];
    const revoke = mode === 'edit' ? difference(rolesBefore, rolesAfter) : [];
    // A completed member's edit moves their roles now, with the answers that move them.
    if (mode === 'edit' && grant.length + revoke.length > 0)
      await enqueueRoles(trx, guildId, userId, grant, revoke, await newDecision(trx), now);
    if (next !== -1) return { kind: 'next', page: next, pageCount: split.length, grant, revoke };
    if (mode === 'edit')
      return { kind: 'complete', firstCompletion: false, admission: 'edit', grant, revoke };

    const admission = (await getSettings(trx, guildId)).admissionMode;
    const completed = await trx
      .updateTable('onboarding_members')
      .set({
        status: admission === 'approval' ? 'pending_approval' : 'completed',
        completed_at: now,
      })
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .where('status', 'in', ['welcomed', 'in_progress'])
      .executeTakeFirst();
    const first = completed.numUpdatedRows > 0n;
    const decision = first ? await newDecision(trx) : '';
    if (first && admission === 'approval')
      await enqueue(
        trx,
        approvalEffect,
        {
          guildId,
          key: `${guildId}:${userId}:approval:${decision}`,
          payload: { user: userId },
          subjectId: userId,
          channelId: await guildChannel(trx, guildId, 'log_channel_id'),
        },
        now,
      );
    if (first && admission === 'auto') {
      await enqueueRoles(trx, guildId, userId, rolesAfter, [], decision, now);
      await enqueueAdmit(trx, guildId, userId, 'none', decision, now);
    }
    return {
      kind: 'complete',
      firstCompletion: first,
      admission,
      grant: first && admission === 'auto' ? rolesAfter : [],
      revoke: [],
    };
  });
}

async function revisionsOf(
  trx: Tx,
  guildId: string,
  fields: readonly SubmittedField[],
): Promise<Map<string, QuestionDefinition>> {
  if (fields.length === 0) throw new UserError('error.unknownInteraction');
  const found = new Map<string, QuestionDefinition>();
  for (const f of fields) {
    // Scoped by guild: a field naming another guild's question, or a revision that never existed, is forged.
    const row = await sql.revision.first(trx, {
      guildId,
      questionId: f.questionId,
      revision: f.revision,
    });
    if (row === undefined) throw new UserError('error.unknownInteraction');
    found.set(`${f.questionId}:${f.revision}`, parseDefinition(row.definition));
  }
  return found;
}

async function saveDraft(
  trx: Tx,
  guildId: string,
  userId: string,
  questionId: number,
  raw: RawAnswer,
  now: number,
): Promise<void> {
  await sql.upsertDraft.run(trx, { guildId, userId, questionId, raw: JSON.stringify(raw), now });
}

async function saveAnswer(
  trx: Tx,
  guildId: string,
  userId: string,
  questionId: number,
  revision: number,
  value: Stored,
  now: number,
): Promise<void> {
  const key = { guildId, userId, questionId };
  await sql.upsertAnswer.run(trx, { ...key, revision, value: JSON.stringify(value), now });
  await sql.clearChoices.run(trx, key);
  if (value !== null && 'choices' in value)
    for (const choiceKey of value.choices) await sql.addChoice.run(trx, { ...key, choiceKey });
  await sql.clearDraft.run(trx, key);
}

/**
 * The roles a member's answers map to. A mapping names a choice by its key, and keys are never
 * reused (see `buildDefinition`); a key still counts only if the choice the member picked, in the
 * revision they answered, is the same choice now: present in every revision since. So an old
 * answer never earns the role of a choice added later, even under a key an older version of
 * Hearth reused.
 */
export async function desiredRoles(
  db: Db | Tx,
  guildId: string,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('answer_choices as ac')
    .innerJoin('choice_roles as cr', (j) =>
      j.onRef('cr.question_id', '=', 'ac.question_id').onRef('cr.choice_key', '=', 'ac.choice_key'),
    )
    .innerJoin('answers as a', (j) =>
      j
        .onRef('a.guild_id', '=', 'ac.guild_id')
        .onRef('a.user_id', '=', 'ac.user_id')
        .onRef('a.question_id', '=', 'ac.question_id'),
    )
    .select(['cr.role_id', 'ac.question_id', 'ac.choice_key', 'a.revision'])
    .where('ac.guild_id', '=', guildId)
    .where('ac.user_id', '=', userId)
    .where('cr.guild_id', '=', guildId)
    .execute();
  if (rows.length === 0) return [];
  const revisions = await db
    .selectFrom('question_revisions')
    .select(['question_id', 'revision', 'definition'])
    .where('guild_id', '=', guildId)
    .where(
      'question_id',
      'in',
      rows.map((r) => r.question_id),
    )
    .execute();
  const sameChoiceSince = (questionId: number, key: string, revision: number) =>
    revisions
      .filter((r) => r.question_id === questionId && r.revision >= revision)
      .every((r) => choicesOf(parseDefinition(r.definition)).some((c) => c.key === key));
  return [
    ...new Set(
      rows
        .filter((r) => sameChoiceSince(r.question_id, r.choice_key, r.revision))
        .map((r) => r.role_id),
    ),
  ].sort();
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((x) => !set.has(x));
}

/**
 * A manager approves or rejects a member waiting for approval. Only the first decision counts;
 * a second click, or a replayed button, gets a clear message.
 */
export async function decide(
  db: Db,
  {
    guildId,
    userId,
    approve,
    by,
    now,
  }: { guildId: string; userId: string; approve: boolean; by: string; now: number },
): Promise<{ grant: readonly string[]; left?: true }> {
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('onboarding_members')
      .set({
        status: approve ? 'completed' : 'rejected',
        decided_at: now,
        decided_by: by,
        decision_told: 0,
      })
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .where('status', '=', 'pending_approval')
      .returning('left_at')
      .executeTakeFirst();
    if (changed === undefined) {
      const row = await memberRow(trx, guildId, userId);
      if (row !== undefined && row.decided_by !== null)
        throw new UserError('onboarding.alreadyDecided', { manager: `<@${row.decided_by}>` });
      throw new UserError('onboarding.notAwaiting');
    }
    const grant = approve ? await desiredRoles(trx, guildId, userId) : [];
    // Approving someone who already left records the decision but takes no seat now: no roles,
    // no admission. If they come back, their return admits them (or puts them on the waitlist).
    const left = changed.left_at !== null;
    const decision = await newDecision(trx);
    if (approve && !left) {
      await enqueueRoles(trx, guildId, userId, grant, [], decision, now);
      await enqueueAdmit(trx, guildId, userId, 'approved', decision, now);
    } else if (!approve) {
      await enqueue(
        trx,
        decisionEffect,
        {
          guildId,
          key: `${guildId}:${userId}:decision:${decision}`,
          payload: { user: userId, approved: false },
          subjectId: userId,
        },
        now,
      );
    }
    return left ? { grant, left: true } : { grant };
  });
}

/** After an approval's admission: the member is told, with their place when they wait. */
export async function enqueueApprovedDecision(
  db: Db,
  guildId: string,
  userId: string,
  position: number | undefined,
  decision: string | undefined,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // An admission step enqueued before decisions were numbered names its decision by its time.
    const named = decision ?? String((await memberRow(trx, guildId, userId))?.decided_at ?? now);
    await enqueue(
      trx,
      decisionEffect,
      {
        guildId,
        // One per decision, however many times the admission step runs.
        key: `${guildId}:${userId}:decision:${named}`,
        payload: {
          user: userId,
          approved: true,
          ...(position === undefined ? {} : { position }),
        },
        subjectId: userId,
      },
      now,
    );
  });
}

/** Members whose answers wait for a manager's approval, oldest first. */
export async function pendingApprovals(
  db: Db,
  guildId: string,
): Promise<{ userId: string; completedAt: number | null }[]> {
  const rows = await db
    .selectFrom('onboarding_members')
    .select(['user_id', 'completed_at'])
    .where('guild_id', '=', guildId)
    .where('status', '=', 'pending_approval')
    .where('left_at', 'is', null)
    .orderBy('completed_at')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, completedAt: r.completed_at }));
}

export interface ProfileAnswer {
  readonly questionId: number;
  /** The question as the member saw it when answering. */
  readonly label: string;
  readonly answer: string | null;
  readonly current: boolean;
}

export interface Profile {
  readonly status: OnboardingStatus;
  readonly joinedAt: number;
  readonly completedAt: number | null;
  readonly answers: readonly ProfileAnswer[];
}

/** A member's answers in the words they answered, current questions first, in order. */
export async function profileOf(
  db: Db,
  guildId: string,
  userId: string,
): Promise<Profile | undefined> {
  const row = await memberRow(db, guildId, userId);
  if (row === undefined) return undefined;
  const rows = await db
    .selectFrom('answers')
    .innerJoin('question_revisions as qr', (j) =>
      j
        .onRef('qr.question_id', '=', 'answers.question_id')
        .onRef('qr.revision', '=', 'answers.revision'),
    )
    .innerJoin('questions', 'questions.id', 'answers.question_id')
    .select([
      'answers.question_id',
      'answers.value',
      'qr.definition',
      'questions.position',
      'questions.retired_at',
    ])
    .where('answers.guild_id', '=', guildId)
    .where('answers.user_id', '=', userId)
    .where('qr.guild_id', '=', guildId)
    .orderBy('questions.retired_at')
    .orderBy('questions.position')
    .execute();
  const answers = rows.map((r) => {
    const definition = parseDefinition(r.definition);
    const value = stored(r.value);
    return {
      questionId: r.question_id,
      label: definition.label,
      answer: value === null ? null : describeAnswer(definition, value),
      current: r.retired_at === null,
    };
  });
  return { status: row.status, joinedAt: row.joined_at, completedAt: row.completed_at, answers };
}

export interface ExportTable {
  readonly questions: readonly string[];
  readonly rows: readonly {
    userId: string;
    status: OnboardingStatus;
    joinedAt: number;
    completedAt: number | null;
    answers: readonly string[];
  }[];
}

/** Every member's answers to the current questions: one row per member, one column per question. */
export async function exportTable(db: Db, guildId: string): Promise<ExportTable> {
  const questions = await activeQuestions(db, guildId);
  const members = await db
    .selectFrom('onboarding_members')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  const answers = await db
    .selectFrom('answers')
    .innerJoin('question_revisions as qr', (j) =>
      j
        .onRef('qr.question_id', '=', 'answers.question_id')
        .onRef('qr.revision', '=', 'answers.revision'),
    )
    .select(['answers.user_id', 'answers.question_id', 'answers.value', 'qr.definition'])
    .where('answers.guild_id', '=', guildId)
    .where('qr.guild_id', '=', guildId)
    .execute();
  const byMember = new Map<string, Map<number, string>>();
  for (const a of answers) {
    const value = stored(a.value);
    const text = value === null ? '' : describeAnswer(parseDefinition(a.definition), value);
    const map = byMember.get(a.user_id) ?? new Map<number, string>();
    map.set(a.question_id, text);
    byMember.set(a.user_id, map);
  }
  return {
    questions: questions.map((q) => q.definition.label),
    rows: members.map((m) => ({
      userId: m.user_id,
      status: m.status,
      joinedAt: m.joined_at,
      completedAt: m.completed_at,
      answers: questions.map((q) => byMember.get(m.user_id)?.get(q.id) ?? ''),
    })),
  };
}

/** What a member answered to one question, in words Hearth can compare with another's. */
export interface ComparableAnswer {
  /** The labels of the picked choices (single, multi), as the question reads now. */
  readonly choices: readonly string[];
  /** The point picked on a scale, if the question is one. */
  readonly scale: number | null;
}

/**
 * The answers of the server's members to some current questions, by question then member: what
 * introductions match on. Only choices and scales: free text is never compared.
 */
export async function comparableAnswers(
  db: Db | Tx,
  guildId: string,
  questionIds: readonly number[],
): Promise<Map<number, { label: string; byUser: Map<string, ComparableAnswer> }>> {
  const result = new Map<number, { label: string; byUser: Map<string, ComparableAnswer> }>();
  if (questionIds.length === 0) return result;
  const questions = (await activeQuestions(db, guildId)).filter((q) => questionIds.includes(q.id));
  for (const question of questions) {
    const definition = question.definition;
    const labels = new Map(
      'choices' in definition && definition.choices !== undefined
        ? definition.choices.map((c) => [c.key, c.label] as const)
        : [],
    );
    const rows = await db
      .selectFrom('answers')
      .select(['user_id', 'value'])
      .where('guild_id', '=', guildId)
      .where('question_id', '=', question.id)
      .execute();
    const byUser = new Map<string, ComparableAnswer>();
    for (const row of rows) {
      const value = stored(row.value);
      if (value === null) continue;
      const keys: readonly string[] = 'choices' in value ? value.choices : [];
      byUser.set(row.user_id, {
        choices: keys.flatMap((k) => {
          const label = labels.get(k);
          return label === undefined ? [] : [label];
        }),
        scale: 'scale' in value ? value.scale : null,
      });
    }
    result.set(question.id, { label: definition.label, byUser });
  }
  return result;
}
