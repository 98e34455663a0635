/**
 * The questionnaire a guild's managers design: its questions (each edit is a new revision),
 * their order, role mappings, and the onboarding settings. Every function is scoped by guild.
 */
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { Locale } from './messages.js';
import { paginate } from '../../forms/index.js';
import {
  buildDefinition,
  choiceSpans,
  choicesOf,
  type ChoiceSpan,
  LIMITS,
  template,
  type DefinitionInput,
  type QuestionDefinition,
} from './definitions.js';
import * as repo from './repository.js';
import type { Question, QuestionnaireSettings, RoleMapping } from './repository.js';

export { parseDefinition } from './repository.js';
export type { Question, QuestionnaireSettings, RoleMapping } from './repository.js';

type Tx = Transaction<Database>;

export async function getSettings(db: Db | Tx, guildId: string): Promise<QuestionnaireSettings> {
  return repo.questionnaireSettings(db, guildId);
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
    await repo.touchQuestionnaire(trx, guildId, now, {
      ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
      // Only members who join after onboarding is turned on are asked; turning it on again moves the line.
      ...(change.enabled === true && !current.enabled ? { enabledAt: now } : {}),
      ...(change.admissionMode === undefined ? {} : { admissionMode: change.admissionMode }),
    });
    return getSettings(trx, guildId);
  });
}

/** The questions members are asked now, in order. */
export async function activeQuestions(db: Db | Tx, guildId: string): Promise<Question[]> {
  return repo.activeQuestions(db, guildId);
}

/**
 * For each question (all of the guild's, or these), the span of revisions in which each stored
 * choice key means the choice it names ({@link choiceSpans}): what every reader of stored choices
 * checks an answer's revision against, so an old answer never counts as a newer choice.
 */
export async function choiceSpansOf(
  db: Db | Tx,
  guildId: string,
  questionIds?: readonly number[],
): Promise<Map<number, Map<string, ChoiceSpan>>> {
  const result = new Map<number, Map<string, ChoiceSpan>>();
  const byQuestion = new Map<number, { revision: number; definition: QuestionDefinition }[]>();
  for (const r of await repo.revisionsOfQuestions(db, guildId, questionIds)) {
    const list = byQuestion.get(r.questionId) ?? [];
    list.push({ revision: r.revision, definition: r.definition });
    byQuestion.set(r.questionId, list);
  }
  for (const [id, revisions] of byQuestion) result.set(id, choiceSpans(revisions));
  return result;
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
  const question = await repo.findQuestion(db, guildId, questionId);
  if (question === undefined) throw new UserError('onboarding.questionUnknown');
  return question;
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
  return repo.insertQuestion(trx, guildId, count + 1, definition, now);
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
    await repo.touchQuestionnaire(trx, guildId, now);
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
    const earlier = await repo.questionRevisions(trx, guildId, questionId);
    const usedKeys = earlier.flatMap((d) => choicesOf(d).map((c) => c.key));
    const definition = definitionOrThrow(input, current.definition, usedKeys);
    const revision = current.revision + 1;
    await repo.addRevision(trx, guildId, questionId, revision, definition, now);
    await repo.dropRoleMappings(trx, guildId, {
      questionId,
      keep: choicesOf(definition).map((c) => c.key),
    });
    await repo.touchQuestionnaire(trx, guildId, now);
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
    await repo.retireQuestion(trx, guildId, questionId, now);
    await repo.dropRoleMappings(trx, guildId, { questionId });
    await renumber(
      trx,
      guildId,
      (await activeQuestions(trx, guildId)).map((q) => q.id),
    );
    await repo.touchQuestionnaire(trx, guildId, now);
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
    await repo.touchQuestionnaire(trx, guildId, now);
    return activeQuestions(trx, guildId);
  });
}

async function renumber(trx: Tx, guildId: string, ids: readonly number[]): Promise<void> {
  for (const [i, id] of ids.entries()) await repo.setPosition(trx, guildId, id, i + 1);
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
    await repo.addRoleMapping(trx, guildId, { questionId, choiceKey, roleId });
    await repo.touchQuestionnaire(trx, guildId, now);
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
    const removed = await repo.deleteRoleMapping(trx, guildId, { questionId, choiceKey, roleId });
    await repo.touchQuestionnaire(trx, guildId, now);
    return removed;
  });
}

export async function roleMappings(db: Db | Tx, guildId: string): Promise<RoleMapping[]> {
  return repo.roleMappings(db, guildId);
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
    for (const question of existing) await repo.retireQuestion(trx, guildId, question.id, now);
    await repo.dropRoleMappings(trx, guildId);
    const added: Question[] = [];
    for (const definition of definitions)
      added.push(await insertQuestion(trx, guildId, definition, now));
    await repo.touchQuestionnaire(trx, guildId, now);
    return added;
  });
}
