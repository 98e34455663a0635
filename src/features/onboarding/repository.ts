/**
 * Onboarding's SQL, all of it: the questionnaire (questions, their revisions, role mappings, the
 * settings row) and each member's way through it (their row, answers, picked choices, drafts).
 * Rows in, domain values out: definitions, answers and drafts are read through their zod schemas
 * (never cast). No rules live here (who may answer, what a join claims, which roles an answer
 * earns are questionnaire.ts's and members.ts's); each function takes the database or the
 * caller's transaction, so those keep their check-then-change in one transaction. A page
 * submission's statements are precompiled.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type { Database, OnboardingStatus, QuestionnaireTable } from '../../core/db/schema.js';
import { parseJson } from '../../core/json.js';
import { answerSchema, questionSchema, rawAnswerSchema } from '../../forms/index.js';
import {
  QUESTION_KINDS,
  type AnswerValue,
  type QuestionDefinition,
  type RawAnswer,
} from './definitions.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

export interface Question {
  readonly id: number;
  readonly position: number;
  readonly revision: number;
  readonly definition: QuestionDefinition;
}

export interface QuestionnaireSettings {
  readonly enabled: boolean;
  readonly admissionMode: 'auto' | 'approval';
  readonly enabledAt: number | null;
  readonly version: number;
}

export interface RoleMapping {
  readonly questionId: number;
  readonly choiceKey: string;
  readonly roleId: string;
}

/** A member's onboarding row. */
export interface MemberRecord {
  readonly userId: string;
  readonly status: OnboardingStatus;
  readonly joinedAt: number;
  readonly leftAt: number | null;
  readonly welcomedAt: number | null;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
  /** The member was told, on a later stay, that a rejection still stands. */
  readonly decisionTold: boolean;
}

// ---- stored JSON ----------------------------------------------------------------------------

const parsed = new Map<string, QuestionDefinition>();
const definitionSchema = questionSchema(QUESTION_KINDS);

/**
 * A revision's definition, read with the forms kit's schema (rows written before the kit read as
 * they always did). Revisions never change, so parsed definitions are memoized by their text
 * (bounded: the oldest is dropped first); pages are read far more often than written.
 */
export function parseDefinition(json: string): QuestionDefinition {
  let definition = parsed.get(json);
  if (definition === undefined) {
    definition = Object.freeze(parseJson(definitionSchema, json, 'question_revisions.definition'));
    if (parsed.size >= 2_000) parsed.delete(parsed.keys().next().value!);
    parsed.set(json, definition);
  }
  return definition;
}

/** A stored answer: a value, or `null` for an optional question the member left empty. */
export type Stored = AnswerValue | null;
const storedSchema = answerSchema(QUESTION_KINDS).nullable();
/** A stored answer read back through its schema (see {@link parseJson}). */
export const stored = (json: string): Stored => parseJson(storedSchema, json, 'answers.value');

type MemberKey = { guildId: string; userId: string };
type AnswerKey = MemberKey & { questionId: number };

const q = {
  activeQuestions: precompiled<Database, { guildId: string }>()((db, p) =>
    db
      .selectFrom('questions')
      .innerJoin('question_revisions', (j) =>
        j
          .onRef('question_revisions.question_id', '=', 'questions.id')
          .onRef('question_revisions.revision', '=', 'questions.current_revision'),
      )
      .select([
        'questions.id',
        'questions.position',
        'questions.current_revision',
        'question_revisions.definition',
      ])
      .where('questions.guild_id', '=', p.guildId)
      .where('questions.retired_at', 'is', null)
      .orderBy('questions.position')
      .orderBy('questions.id'),
  ),
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

// ---- the questionnaire ----------------------------------------------------------------------

/** The guild's onboarding settings (off, automatic admission, until a manager changes them). */
export async function questionnaireSettings(
  db: Conn,
  guildId: string,
): Promise<QuestionnaireSettings> {
  const row = await db
    .selectFrom('questionnaires')
    .selectAll()
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return {
    enabled: row?.enabled === 1,
    admissionMode: row?.admission_mode ?? 'auto',
    enabledAt: row?.enabled_at ?? null,
    version: row?.version ?? 0,
  };
}

/** Records a change to the questionnaire (bumping its version), with these settings changed. */
export async function touchQuestionnaire(
  db: Conn,
  guildId: string,
  now: number,
  change: {
    readonly enabled?: boolean;
    readonly enabledAt?: number;
    readonly admissionMode?: 'auto' | 'approval';
  } = {},
): Promise<void> {
  const changes: Partial<Omit<QuestionnaireTable, 'guild_id' | 'version'>> = {
    ...(change.enabled === undefined ? {} : { enabled: change.enabled ? 1 : 0 }),
    ...(change.enabledAt === undefined ? {} : { enabled_at: change.enabledAt }),
    ...(change.admissionMode === undefined ? {} : { admission_mode: change.admissionMode }),
  };
  await db
    .insertInto('questionnaires')
    .values({
      guild_id: guildId,
      enabled: 0,
      admission_mode: 'auto',
      enabled_at: null,
      updated_at: now,
      ...changes,
    })
    .onConflict((oc) =>
      oc.column('guild_id').doUpdateSet((eb) => ({
        ...changes,
        updated_at: now,
        version: eb('questionnaires.version', '+', 1),
      })),
    )
    .execute();
}

/** The questions members are asked now, in order. */
export async function activeQuestions(db: Conn, guildId: string): Promise<Question[]> {
  const rows = await q.activeQuestions.all(db, { guildId });
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    revision: r.current_revision,
    definition: parseDefinition(r.definition),
  }));
}

/** One of the guild's active questions, at its current revision. */
export async function findQuestion(
  db: Conn,
  guildId: string,
  questionId: number,
): Promise<Question | undefined> {
  const row = await db
    .selectFrom('questions')
    .innerJoin('question_revisions', (j) =>
      j
        .onRef('question_revisions.question_id', '=', 'questions.id')
        .onRef('question_revisions.revision', '=', 'questions.current_revision'),
    )
    .select([
      'questions.id',
      'questions.position',
      'questions.current_revision',
      'question_revisions.definition',
    ])
    .where('questions.guild_id', '=', guildId)
    .where('questions.id', '=', questionId)
    .where('questions.retired_at', 'is', null)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        id: row.id,
        position: row.position,
        revision: row.current_revision,
        definition: parseDefinition(row.definition),
      };
}

/** A new question at `position`, with its first revision. */
export async function insertQuestion(
  db: Conn,
  guildId: string,
  position: number,
  definition: QuestionDefinition,
  now: number,
): Promise<Question> {
  const inserted = await db
    .insertInto('questions')
    .values({ guild_id: guildId, position, current_revision: 1, retired_at: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('question_revisions')
    .values({
      question_id: inserted.id,
      revision: 1,
      guild_id: guildId,
      definition: JSON.stringify(definition),
      created_at: now,
    })
    .execute();
  return { id: inserted.id, position, revision: 1, definition };
}

/** Every revision's definition of a question. */
export async function questionRevisions(
  db: Conn,
  guildId: string,
  questionId: number,
): Promise<QuestionDefinition[]> {
  const rows = await db
    .selectFrom('question_revisions')
    .select('definition')
    .where('guild_id', '=', guildId)
    .where('question_id', '=', questionId)
    .execute();
  return rows.map((r) => parseDefinition(r.definition));
}

/** A new revision of a question, which becomes its current one. */
export async function addRevision(
  db: Conn,
  guildId: string,
  questionId: number,
  revision: number,
  definition: QuestionDefinition,
  now: number,
): Promise<void> {
  await db
    .insertInto('question_revisions')
    .values({
      question_id: questionId,
      revision,
      guild_id: guildId,
      definition: JSON.stringify(definition),
      created_at: now,
    })
    .execute();
  await db
    .updateTable('questions')
    .set({ current_revision: revision })
    .where('id', '=', questionId)
    .where('guild_id', '=', guildId)
    .execute();
}

export async function retireQuestion(
  db: Conn,
  guildId: string,
  questionId: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('questions')
    .set({ retired_at: now })
    .where('id', '=', questionId)
    .where('guild_id', '=', guildId)
    .execute();
}

export async function setPosition(
  db: Conn,
  guildId: string,
  questionId: number,
  position: number,
): Promise<void> {
  await db
    .updateTable('questions')
    .set({ position })
    .where('id', '=', questionId)
    .where('guild_id', '=', guildId)
    .execute();
}

/**
 * Drops role mappings: the guild's, or one question's, or (with `keep`) those of a question's
 * choices not among `keep`.
 */
export async function dropRoleMappings(
  db: Conn,
  guildId: string,
  of?: { readonly questionId: number; readonly keep?: readonly string[] },
): Promise<void> {
  let query = db.deleteFrom('choice_roles').where('guild_id', '=', guildId);
  if (of !== undefined) query = query.where('question_id', '=', of.questionId);
  if (of?.keep !== undefined && of.keep.length > 0)
    query = query.where('choice_key', 'not in', of.keep);
  await query.execute();
}

/** Adds a mapping (nothing when it exists). */
export async function addRoleMapping(
  db: Conn,
  guildId: string,
  mapping: RoleMapping,
): Promise<void> {
  await db
    .insertInto('choice_roles')
    .values({
      guild_id: guildId,
      question_id: mapping.questionId,
      choice_key: mapping.choiceKey,
      role_id: mapping.roleId,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Removes a mapping; whether there was one. */
export async function deleteRoleMapping(
  db: Conn,
  guildId: string,
  mapping: RoleMapping,
): Promise<boolean> {
  const result = await db
    .deleteFrom('choice_roles')
    .where('guild_id', '=', guildId)
    .where('question_id', '=', mapping.questionId)
    .where('choice_key', '=', mapping.choiceKey)
    .where('role_id', '=', mapping.roleId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function roleMappings(db: Conn, guildId: string): Promise<RoleMapping[]> {
  const rows = await db
    .selectFrom('choice_roles')
    .select(['question_id', 'choice_key', 'role_id'])
    .where('guild_id', '=', guildId)
    .orderBy('question_id')
    .orderBy('choice_key')
    .execute();
  return rows.map((r) => ({
    questionId: r.question_id,
    choiceKey: r.choice_key,
    roleId: r.role_id,
  }));
}

/** One revision of a guild's question, or undefined when the guild has no such revision. */
export async function findRevision(
  db: Conn,
  guildId: string,
  questionId: number,
  revision: number,
): Promise<QuestionDefinition | undefined> {
  const row = await q.revision.first(db, { guildId, questionId, revision });
  return row === undefined ? undefined : parseDefinition(row.definition);
}

/** Every revision of some of the guild's questions. */
export async function revisionsOfQuestions(
  db: Conn,
  guildId: string,
  /** These questions, or (undefined) every question of the guild. */
  questionIds: readonly number[] | undefined,
): Promise<{ questionId: number; revision: number; definition: QuestionDefinition }[]> {
  if (questionIds !== undefined && questionIds.length === 0) return [];
  const rows = await db
    .selectFrom('question_revisions')
    .select(['question_id', 'revision', 'definition'])
    .where('guild_id', '=', guildId)
    .$if(questionIds !== undefined, (q) => q.where('question_id', 'in', questionIds!))
    .execute();
  return rows.map((r) => ({
    questionId: r.question_id,
    revision: r.revision,
    definition: parseDefinition(r.definition),
  }));
}

/** The stored definitions of all the guild's revisions, by `question:revision` (parsed on use). */
export async function revisionTexts(db: Conn, guildId: string): Promise<Map<string, string>> {
  const revisions = await db
    .selectFrom('question_revisions')
    .select(['question_id', 'revision', 'definition'])
    .where('guild_id', '=', guildId)
    .execute();
  return new Map(revisions.map((r) => [`${r.question_id}:${r.revision}`, r.definition]));
}

// ---- members --------------------------------------------------------------------------------

export async function findMember(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<MemberRecord | undefined> {
  const row = await q.member.first(db, { guildId, userId });
  return row === undefined
    ? undefined
    : {
        userId: row.user_id,
        status: row.status,
        joinedAt: row.joined_at,
        leftAt: row.left_at,
        welcomedAt: row.welcomed_at,
        startedAt: row.started_at,
        completedAt: row.completed_at,
        decidedAt: row.decided_at,
        decidedBy: row.decided_by,
        decisionTold: row.decision_told !== 0,
      };
}

/** A first join: the member's row, not welcomed yet. */
export async function insertMember(
  db: Conn,
  m: {
    guildId: string;
    userId: string;
    status: OnboardingStatus;
    joinedAt: number;
    /** A rejection taken back from `kept_rejections`: its (rounded) time, already told. */
    rejectedAt?: number;
  },
): Promise<void> {
  await db
    .insertInto('onboarding_members')
    .values({
      guild_id: m.guildId,
      user_id: m.userId,
      status: m.status,
      joined_at: m.joinedAt,
      left_at: null,
      welcomed_at: null,
      started_at: null,
      completed_at: null,
      decided_at: m.rejectedAt ?? null,
      decided_by: null,
      decision_told: m.rejectedAt === undefined ? 0 : 1,
    })
    .execute();
}

/** A rejection kept after an erase, under the member's `reject` fingerprint. */
export async function keepRejectionRow(
  db: Conn,
  guildId: string,
  subject: string,
  rejectedAt: number,
): Promise<void> {
  await db
    .insertInto('kept_rejections')
    .values({ guild_id: guildId, subject, rejected_at: rejectedAt })
    .onConflict((oc) =>
      oc.columns(['guild_id', 'subject']).doUpdateSet({ rejected_at: rejectedAt }),
    )
    .execute();
}

/** Takes (deletes and returns the time of) the rejection kept under `subject`, if any. */
export async function takeRejectionRow(
  db: Conn,
  guildId: string,
  subject: string,
): Promise<number | undefined> {
  const row = await db
    .deleteFrom('kept_rejections')
    .where('guild_id', '=', guildId)
    .where('subject', '=', subject)
    .returning('rejected_at')
    .executeTakeFirst();
  return row?.rejected_at;
}

/** Deletes the kept rejections made at or before `before`, in every server. */
export async function deleteRejectionsBefore(db: Conn, before: number): Promise<number> {
  const gone = await db
    .deleteFrom('kept_rejections')
    .where('rejected_at', '<=', before)
    .executeTakeFirst();
  return Number(gone.numDeletedRows);
}

/**
 * A new stay: present again since `joinedAt`. With `status`, to be welcomed again in that status;
 * without, a rejected member, told that the decision stands.
 */
export async function markRejoined(
  db: Conn,
  guildId: string,
  userId: string,
  joinedAt: number,
  status?: OnboardingStatus,
): Promise<void> {
  await db
    .updateTable('onboarding_members')
    .set(
      status === undefined
        ? { joined_at: joinedAt, left_at: null, decision_told: 1 }
        : { joined_at: joinedAt, left_at: null, welcomed_at: null, status },
    )
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setMemberStatus(
  db: Conn,
  guildId: string,
  userId: string,
  status: OnboardingStatus,
): Promise<void> {
  await db
    .updateTable('onboarding_members')
    .set({ status })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Claims the welcome of a present member not welcomed yet, unless screening or rejected: their
 * status, or undefined when there was nothing to claim.
 */
export async function claimWelcome(
  db: Conn,
  guildId: string,
  userId: string,
  now: number,
): Promise<OnboardingStatus | undefined> {
  const claimed = await db
    .updateTable('onboarding_members')
    .set({ welcomed_at: now })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('welcomed_at', 'is', null)
    .where('left_at', 'is', null)
    .where('status', 'not in', ['screening', 'rejected'])
    .returning(['status'])
    .executeTakeFirst();
  return claimed?.status;
}

export async function hasAnswers(db: Conn, guildId: string, userId: string): Promise<boolean> {
  const answered = await db
    .selectFrom('answers')
    .select('question_id')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .limit(1)
    .execute();
  return answered.length > 0;
}

/** The guild's welcome or log channel, if set. */
export async function guildChannel(
  db: Conn,
  guildId: string,
  setting: 'welcome_channel_id' | 'log_channel_id',
): Promise<string | null> {
  const row = await db
    .selectFrom('guilds')
    .select(setting)
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.[setting] ?? null;
}

/** The member left (if they had not already). */
export async function markLeft(
  db: Conn,
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

/** The members Hearth knows to be in the server (joined, not left since). */
export async function presentMemberIds(db: Conn, guildId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('onboarding_members')
    .select(['user_id', 'left_at'])
    .where('guild_id', '=', guildId)
    .where('left_at', 'is', null)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The member is answering (since the first time, if they started before). */
export async function markAnswering(
  db: Conn,
  guildId: string,
  userId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('onboarding_members')
    .set((eb) => ({ status: 'in_progress', started_at: eb.fn.coalesce('started_at', eb.val(now)) }))
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

/** A welcomed member who saved a page is answering. */
export async function markStarted(db: Conn, guildId: string, userId: string): Promise<void> {
  await q.start.run(db, { guildId, userId });
}

/** Moves a welcomed or answering member to `status`, completed now; whether it did. */
export async function markCompleted(
  db: Conn,
  guildId: string,
  userId: string,
  status: 'pending_approval' | 'completed',
  now: number,
): Promise<boolean> {
  const completed = await db
    .updateTable('onboarding_members')
    .set({ status, completed_at: now })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('status', 'in', ['welcomed', 'in_progress'])
    .executeTakeFirst();
  return completed.numUpdatedRows > 0n;
}

/**
 * Records a manager's decision on a member waiting for approval: whether the member has left
 * (`{ left }`), or undefined when they were not waiting.
 */
export async function decideMember(
  db: Conn,
  d: { guildId: string; userId: string; approve: boolean; by: string; now: number },
): Promise<{ left: boolean } | undefined> {
  const changed = await db
    .updateTable('onboarding_members')
    .set({
      status: d.approve ? 'completed' : 'rejected',
      decided_at: d.now,
      decided_by: d.by,
      decision_told: 0,
    })
    .where('guild_id', '=', d.guildId)
    .where('user_id', '=', d.userId)
    .where('status', '=', 'pending_approval')
    .returning('left_at')
    .executeTakeFirst();
  return changed === undefined ? undefined : { left: changed.left_at !== null };
}

/** Present members whose answers wait for approval, oldest first. */
export async function awaitingApproval(
  db: Conn,
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

/** Every member of the guild, in the order they joined. */
export async function allMembers(
  db: Conn,
  guildId: string,
): Promise<
  { userId: string; status: OnboardingStatus; joinedAt: number; completedAt: number | null }[]
> {
  const rows = await db
    .selectFrom('onboarding_members')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  return rows.map((m) => ({
    userId: m.user_id,
    status: m.status,
    joinedAt: m.joined_at,
    completedAt: m.completed_at,
  }));
}

// ---- answers --------------------------------------------------------------------------------

export async function answeredQuestionIds(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<Set<number>> {
  const rows = await q.answered.all(db, { guildId, userId });
  return new Set(rows.map((r) => r.question_id));
}

/** A member's saved answers to some questions. */
export async function answersTo(
  db: Conn,
  guildId: string,
  userId: string,
  questionIds: readonly number[],
): Promise<{ questionId: number; value: Stored }[]> {
  const rows = await db
    .selectFrom('answers')
    .select(['question_id', 'value'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('question_id', 'in', questionIds)
    .execute();
  return rows.map((a) => ({ questionId: a.question_id, value: stored(a.value) }));
}

/** A member's unvalidated drafts of some questions. */
export async function draftsOf(
  db: Conn,
  guildId: string,
  userId: string,
  questionIds: readonly number[],
): Promise<{ questionId: number; raw: RawAnswer }[]> {
  const rows = await db
    .selectFrom('answer_drafts')
    .select(['question_id', 'raw'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('question_id', 'in', questionIds)
    .execute();
  return rows.map((d) => ({
    questionId: d.question_id,
    raw: parseJson(rawAnswerSchema, d.raw, 'drafts.raw'),
  }));
}

export async function saveDraft(
  db: Conn,
  key: AnswerKey,
  raw: RawAnswer,
  now: number,
): Promise<void> {
  await q.upsertDraft.run(db, { ...key, raw: JSON.stringify(raw), now });
}

/** Saves an answer (replacing the member's earlier one), its picked choices, and drops its draft. */
export async function saveAnswer(
  db: Conn,
  key: AnswerKey,
  revision: number,
  value: Stored,
  now: number,
): Promise<void> {
  await q.upsertAnswer.run(db, { ...key, revision, value: JSON.stringify(value), now });
  await q.clearChoices.run(db, key);
  if (value !== null && 'choices' in value)
    for (const choiceKey of value.choices) await q.addChoice.run(db, { ...key, choiceKey });
  await q.clearDraft.run(db, key);
}

/** Each role mapped to a choice the member picked, with the revision they answered. */
export async function mappedPicks(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<{ roleId: string; questionId: number; choiceKey: string; revision: number }[]> {
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
  return rows.map((r) => ({
    roleId: r.role_id,
    questionId: r.question_id,
    choiceKey: r.choice_key,
    revision: r.revision,
  }));
}

/** A member's answers with the revision they answered, retired questions last, in order. */
export async function answersWithQuestions(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<
  { questionId: number; value: Stored; definition: QuestionDefinition; retired: boolean }[]
> {
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
    // Current questions first: SQLite sorts NULL first and PostgreSQL last, so say it.
    .orderBy((eb) => eb('questions.retired_at', 'is not', null))
    .orderBy('questions.retired_at')
    .orderBy('questions.position')
    .execute();
  return rows.map((r) => ({
    questionId: r.question_id,
    definition: parseDefinition(r.definition),
    value: stored(r.value),
    retired: r.retired_at !== null,
  }));
}

/** Every answer in the guild, with the revision it answered. */
export async function guildAnswers(
  db: Conn,
  guildId: string,
): Promise<
  { userId: string; questionId: number; value: Stored; definition: QuestionDefinition }[]
> {
  const rows = await db
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
  return rows.map((a) => ({
    userId: a.user_id,
    questionId: a.question_id,
    value: stored(a.value),
    definition: parseDefinition(a.definition),
  }));
}

/** Every member's answer to one question. */
export async function answersToQuestion(
  db: Conn,
  guildId: string,
  questionId: number,
): Promise<{ userId: string; value: Stored; revision: number }[]> {
  const rows = await db
    .selectFrom('answers')
    .select(['user_id', 'value', 'revision'])
    .where('guild_id', '=', guildId)
    .where('question_id', '=', questionId)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, value: stored(r.value), revision: r.revision }));
}
