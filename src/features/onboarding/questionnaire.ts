/**
 * The questionnaire a guild's managers design: its questions (each edit is a new revision),
 * their order, role mappings, and the onboarding settings. Every function is scoped by guild.
 */
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Transaction } from 'kysely';
import type { Database, QuestionnaireTable } from '../../core/db/schema.js';
import { precompiled } from '../../core/db/precompiled.js';
import type { Locale } from './messages.js';
import { paginate, questionSchema } from '../../forms/index.js';
import {
  buildDefinition,
  choicesOf,
  LIMITS,
  QUESTION_KINDS,
  template,
  type DefinitionInput,
  type QuestionDefinition,
} from './definitions.js';

type Tx = Transaction<Database>;

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
    definition = Object.freeze(definitionSchema.parse(JSON.parse(json)));
    if (parsed.size >= 2_000) parsed.delete(parsed.keys().next().value!);
    parsed.set(json, definition);
  }
  return definition;
}

const activeQuestionRows = precompiled<Database, { guildId: string }>()((db, p) =>
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
);

export async function getSettings(db: Db | Tx, guildId: string): Promise<QuestionnaireSettings> {
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

async function touch(
  trx: Tx,
  guildId: string,
  now: number,
  changes: Partial<Omit<QuestionnaireTable, 'guild_id' | 'version'>> = {},
): Promise<void> {
  await trx
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

/** Turns onboarding on or off and sets how members are admitted. */
export async function updateOnboardingSettings(
  db: Db,
  guildId: string,
  change: { enabled?: boolean; admissionMode?: 'auto' | 'approval' },
  now: number,
): Promise<QuestionnaireSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await getSettings(trx, guildId);
    if (change.enabled === true && (await activeQuestions(trx, guildId)).length === 0)
      throw new UserError('onboarding.noQuestions');
    await touch(trx, guildId, now, {
      ...(change.enabled === undefined ? {} : { enabled: change.enabled ? 1 : 0 }),
      // Only members who join after onboarding is turned on are asked; turning it on again moves the line.
      ...(change.enabled === true && !current.enabled ? { enabled_at: now } : {}),
      ...(change.admissionMode === undefined ? {} : { admission_mode: change.admissionMode }),
    });
    return getSettings(trx, guildId);
  });
}

/** The questions members are asked now, in order. */
export async function activeQuestions(db: Db | Tx, guildId: string): Promise<Question[]> {
  const rows = await activeQuestionRows.all(db, { guildId });
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    revision: r.current_revision,
    definition: parseDefinition(r.definition),
  }));
}

/**
 * The questions split into modal pages, as many as fit Discord's five top-level components (the
 * forms kit decides; onboarding's questions take one each, so a page holds five).
 */
export function pages(questions: readonly Question[]): Question[][] {
  return paginate(questions, (q) => q.definition);
}

/** A question of this guild (active or retired), or a UserError when it is not one. */
export async function questionOf(
  db: Db | Tx,
  guildId: string,
  questionId: number,
): Promise<Question> {
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
  if (row === undefined) throw new UserError('onboarding.questionUnknown');
  return {
    id: row.id,
    position: row.position,
    revision: row.current_revision,
    definition: parseDefinition(row.definition),
  };
}

function definitionOrThrow(
  input: DefinitionInput,
  previous?: QuestionDefinition,
  usedKeys: readonly string[] = [],
): QuestionDefinition {
  const { definition, problems } = buildDefinition(input, previous, usedKeys);
  if (definition === undefined) {
    const first = problems[0]!;
    throw new UserError(first.key, first.params);
  }
  return definition;
}

async function insertQuestion(
  trx: Tx,
  guildId: string,
  definition: QuestionDefinition,
  now: number,
): Promise<Question> {
  const count = (await activeQuestions(trx, guildId)).length;
  if (count >= LIMITS.questions)
    throw new UserError('onboarding.tooManyQuestions', { max: LIMITS.questions });
  const inserted = await trx
    .insertInto('questions')
    .values({
      guild_id: guildId,
      position: count + 1,
      current_revision: 1,
      retired_at: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('question_revisions')
    .values({
      question_id: inserted.id,
      revision: 1,
      guild_id: guildId,
      definition: JSON.stringify(definition),
      created_at: now,
    })
    .execute();
  return { id: inserted.id, position: count + 1, revision: 1, definition };
}

export async function addQuestion(
  db: Db,
  guildId: string,
  input: DefinitionInput,
  now: number,
): Promise<Question> {
  const definition = definitionOrThrow(input);
  return db.transaction().execute(async (trx) => {
    const question = await insertQuestion(trx, guildId, definition, now);
    await touch(trx, guildId, now);
    return question;
  });
}

/**
 * Edits a question by adding a revision: members who already answered keep the words they
 * answered; new answers use the new words. Role mappings of removed choices are dropped.
 */
export async function editQuestion(
  db: Db,
  guildId: string,
  questionId: number,
  input: DefinitionInput,
  now: number,
): Promise<Question> {
  return db.transaction().execute(async (trx) => {
    const current = await questionOf(trx, guildId, questionId);
    if (input.kind !== current.definition.kind) throw new UserError('onboarding.def.kindChange');
    // Every key any revision used, so a removed choice's key is never given to a new one.
    const earlier = await trx
      .selectFrom('question_revisions')
      .select('definition')
      .where('guild_id', '=', guildId)
      .where('question_id', '=', questionId)
      .execute();
    const usedKeys = earlier.flatMap((r) =>
      choicesOf(parseDefinition(r.definition)).map((c) => c.key),
    );
    const definition = definitionOrThrow(input, current.definition, usedKeys);
    const revision = current.revision + 1;
    await trx
      .insertInto('question_revisions')
      .values({
        question_id: questionId,
        revision,
        guild_id: guildId,
        definition: JSON.stringify(definition),
        created_at: now,
      })
      .execute();
    await trx
      .updateTable('questions')
      .set({ current_revision: revision })
      .where('id', '=', questionId)
      .where('guild_id', '=', guildId)
      .execute();
    const keys = choicesOf(definition).map((c) => c.key);
    let orphans = trx
      .deleteFrom('choice_roles')
      .where('guild_id', '=', guildId)
      .where('question_id', '=', questionId);
    if (keys.length > 0) orphans = orphans.where('choice_key', 'not in', keys);
    await orphans.execute();
    await touch(trx, guildId, now);
    return { ...current, revision, definition };
  });
}

/** Retires a question: it is no longer asked, and existing answers stay readable. */
export async function removeQuestion(
  db: Db,
  guildId: string,
  questionId: number,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await questionOf(trx, guildId, questionId);
    await trx
      .updateTable('questions')
      .set({ retired_at: now })
      .where('id', '=', questionId)
      .where('guild_id', '=', guildId)
      .execute();
    await trx
      .deleteFrom('choice_roles')
      .where('guild_id', '=', guildId)
      .where('question_id', '=', questionId)
      .execute();
    await renumber(
      trx,
      guildId,
      (await activeQuestions(trx, guildId)).map((q) => q.id),
    );
    await touch(trx, guildId, now);
  });
}

/** Moves a question to a 1-based position; the others keep their relative order. */
export async function moveQuestion(
  db: Db,
  guildId: string,
  questionId: number,
  position: number,
  now: number,
): Promise<Question[]> {
  return db.transaction().execute(async (trx) => {
    await questionOf(trx, guildId, questionId);
    const order = (await activeQuestions(trx, guildId))
      .map((q) => q.id)
      .filter((id) => id !== questionId);
    const index = Math.min(Math.max(Math.trunc(position), 1), order.length + 1) - 1;
    order.splice(index, 0, questionId);
    await renumber(trx, guildId, order);
    await touch(trx, guildId, now);
    return activeQuestions(trx, guildId);
  });
}

async function renumber(trx: Tx, guildId: string, ids: readonly number[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await trx
      .updateTable('questions')
      .set({ position: i + 1 })
      .where('id', '=', id)
      .where('guild_id', '=', guildId)
      .execute();
  }
}

/** Grants `roleId` to members whose answer picks this choice. */
export async function mapChoiceRole(
  db: Db,
  guildId: string,
  questionId: number,
  choiceKey: string,
  roleId: string,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const question = await questionOf(trx, guildId, questionId);
    if (!choicesOf(question.definition).some((c) => c.key === choiceKey))
      throw new UserError('onboarding.choiceUnknown');
    await trx
      .insertInto('choice_roles')
      .values({
        guild_id: guildId,
        question_id: questionId,
        choice_key: choiceKey,
        role_id: roleId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await touch(trx, guildId, now);
  });
}

export async function unmapChoiceRole(
  db: Db,
  guildId: string,
  questionId: number,
  choiceKey: string,
  roleId: string,
  now: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('choice_roles')
      .where('guild_id', '=', guildId)
      .where('question_id', '=', questionId)
      .where('choice_key', '=', choiceKey)
      .where('role_id', '=', roleId)
      .executeTakeFirst();
    await touch(trx, guildId, now);
    return result.numDeletedRows > 0n;
  });
}

export interface RoleMapping {
  readonly questionId: number;
  readonly choiceKey: string;
  readonly roleId: string;
}

export async function roleMappings(db: Db | Tx, guildId: string): Promise<RoleMapping[]> {
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

/**
 * Adds the starter questions in the server's language. Refuses when questions exist, unless
 * `replace` retires them first.
 */
export async function applyTemplate(
  db: Db,
  guildId: string,
  locale: Locale,
  replace: boolean,
  now: number,
): Promise<Question[]> {
  const definitions = template(locale).map((input) => definitionOrThrow(input));
  return db.transaction().execute(async (trx) => {
    const existing = await activeQuestions(trx, guildId);
    if (existing.length > 0 && !replace)
      throw new UserError('onboarding.templateExists', { count: existing.length });
    for (const question of existing) {
      await trx
        .updateTable('questions')
        .set({ retired_at: now })
        .where('id', '=', question.id)
        .where('guild_id', '=', guildId)
        .execute();
    }
    await trx.deleteFrom('choice_roles').where('guild_id', '=', guildId).execute();
    const added: Question[] = [];
    for (const definition of definitions)
      added.push(await insertQuestion(trx, guildId, definition, now));
    await touch(trx, guildId, now);
    return added;
  });
}
