/**
 * Surveys managers build themselves (issue 16). A survey is a poll with many questions: this
 * feature holds what a manager builds (questions with stable ids, skip rules, in a draft that
 * survives restarts) and publishes it as a poll, through polls' api; answering in pages, the
 * answer store, the tallies, anonymity and results are the poll engine's (see polls/service.ts).
 *
 * Questions have ids that stay put when others move, so skip rules name questions, not places;
 * a rule must point forward (checked on every change, so no cycle can be saved), and moving a
 * question that would turn a rule backward is refused. Every change is one transaction.
 * Pure domain code: no Discord.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { UserError } from '../../core/errors.js';
import {
  checkBranches,
  checkQuestion,
  createPoll,
  LIMITS,
  type Branch,
  type NewPoll,
  type Poll,
  type PollQuestion,
} from '../polls/api.js';
import * as repo from './repository.js';
import type { Survey, SurveyBranch, SurveyQuestion, SurveyRecord } from './repository.js';

export type { Survey, SurveyBranch, SurveyQuestion } from './repository.js';

type Tx = Transaction<Database>;

/** Surveys (drafts) per server at once. */
export const SURVEY_LIMITS = {
  surveys: 25,
  questions: LIMITS.surveyQuestions,
  title: 100,
} as const;

/** What callers see of a survey (the next question's id is the rules' own business). */
function info({ nextQuestion: _, ...survey }: SurveyRecord): Survey {
  return survey;
}

const cleanTitle = (title: string) => title.replace(/\s+/g, ' ').trim();

export async function createSurvey(
  db: Db,
  guildId: string,
  input: {
    readonly title: string;
    readonly createdBy: string;
    readonly questions?: readonly PollQuestion[];
  },
  now: number,
): Promise<Survey> {
  const title = cleanTitle(input.title);
  if (title.length === 0 || title.length > SURVEY_LIMITS.title)
    throw new UserError('surveys.titleLength', { max: SURVEY_LIMITS.title });
  const questions = (input.questions ?? []).map((q, i) => ({
    id: i + 1,
    question: q,
  }));
  return db.transaction().execute(async (trx) => {
    if ((await repo.countSurveys(trx, guildId)) >= SURVEY_LIMITS.surveys)
      throw new UserError('surveys.tooMany', { max: SURVEY_LIMITS.surveys });
    const survey = await repo.insertSurvey(trx, {
      guildId,
      title,
      questions,
      nextQuestion: questions.length + 1,
      createdBy: input.createdBy,
      now,
    });
    return info(survey);
  });
}

async function rowOf(db: Db | Tx, guildId: string, surveyId: number): Promise<SurveyRecord> {
  const survey = await repo.findSurvey(db, guildId, surveyId);
  if (survey === undefined) throw new UserError('surveys.unknown');
  return survey;
}

/** A survey of this server (an id from another server is unknown here). */
export async function surveyOf(db: Db, guildId: string, surveyId: number): Promise<Survey> {
  return info(await rowOf(db, guildId, surveyId));
}

/** The guild's 25 latest surveys (a select menu's worth), newest first. */
export async function listSurveys(db: Db, guildId: string): Promise<Survey[]> {
  return (await repo.latestSurveys(db, guildId, 25)).map(info);
}

/** The survey as the poll engine takes it: questions in order, skip rules by index. */
export function surveyForPoll(survey: Pick<Survey, 'questions' | 'branches'>): {
  questions: PollQuestion[];
  branches: Branch[];
} {
  const index = new Map(survey.questions.map((q, i) => [q.id, i]));
  const n = survey.questions.length;
  return {
    questions: survey.questions.map((q) => q.question),
    branches: survey.branches.map((b) => ({
      question: index.get(b.from) ?? -1,
      choice: b.choice,
      goto: b.to === 0 ? n : (index.get(b.to) ?? -1),
    })),
  };
}

/** Checks the survey as a whole: each question, and every skip rule forward to a question that exists. */
function check(survey: Pick<Survey, 'questions' | 'branches'>): void {
  if (survey.questions.length > SURVEY_LIMITS.questions)
    throw new UserError('surveys.tooManyQuestions', { max: SURVEY_LIMITS.questions });
  const { questions, branches } = surveyForPoll(survey);
  const checked = questions.map(checkQuestion);
  checkBranches(checked, branches);
}

/**
 * One change to a survey, in one transaction: read, change, check the whole, write. `change`
 * returns the new questions and rules (and what to tell the manager).
 */
async function change<R>(
  db: Db,
  guildId: string,
  surveyId: number,
  now: number,
  edit: (
    survey: Survey,
    nextId: number,
  ) => {
    questions: readonly SurveyQuestion[];
    branches: readonly SurveyBranch[];
    nextId?: number;
    result: R;
  },
): Promise<{ survey: Survey; result: R }> {
  return db.transaction().execute(async (trx) => {
    const row = await rowOf(trx, guildId, surveyId);
    const next = edit(info(row), row.nextQuestion);
    check(next);
    const updated = await repo.updateSurvey(trx, guildId, surveyId, {
      questions: next.questions,
      branches: next.branches,
      nextQuestion: next.nextId ?? row.nextQuestion,
      now,
    });
    return { survey: info(updated), result: next.result };
  });
}

/** A question's place (1 first) → its entry; what the manager is told when there is none. */
function at(survey: Survey, position: number): SurveyQuestion {
  const q = survey.questions[position - 1];
  if (q === undefined || !Number.isInteger(position))
    throw new UserError('surveys.noQuestion', { count: survey.questions.length });
  return q;
}

/** Adds a question, at the end or at `position` (1 first). */
export function addQuestion(
  db: Db,
  guildId: string,
  surveyId: number,
  question: PollQuestion,
  now: number,
  position?: number,
) {
  return change(db, guildId, surveyId, now, (survey, nextId) => {
    if (survey.questions.length >= SURVEY_LIMITS.questions)
      throw new UserError('surveys.tooManyQuestions', { max: SURVEY_LIMITS.questions });
    const place = Math.max(
      1,
      Math.min(position ?? survey.questions.length + 1, survey.questions.length + 1),
    );
    const questions = [...survey.questions];
    questions.splice(place - 1, 0, { id: nextId, question });
    return { questions, branches: survey.branches, nextId: nextId + 1, result: place };
  });
}

/**
 * Replaces question `position`'s words, options or settings. Rules on an option that no longer
 * exists go (the result says how many).
 */
export function editQuestion(
  db: Db,
  guildId: string,
  surveyId: number,
  position: number,
  patch: Partial<PollQuestion>,
  now: number,
) {
  return change(db, guildId, surveyId, now, (survey) => {
    const entry = at(survey, position);
    const question = { ...entry.question, ...patch };
    const questions = survey.questions.map((q) => (q.id === entry.id ? { id: q.id, question } : q));
    const options = question.kind === 'single' ? (question.options?.length ?? 0) : 0;
    const branches = survey.branches.filter((b) => b.from !== entry.id || b.choice < options);
    return { questions, branches, result: survey.branches.length - branches.length };
  });
}

/** Removes question `position`, and the rules that read it or skip to it (how many: the result). */
export function removeQuestion(
  db: Db,
  guildId: string,
  surveyId: number,
  position: number,
  now: number,
) {
  return change(db, guildId, surveyId, now, (survey) => {
    const entry = at(survey, position);
    const branches = survey.branches.filter((b) => b.from !== entry.id && b.to !== entry.id);
    return {
      questions: survey.questions.filter((q) => q.id !== entry.id),
      branches,
      result: survey.branches.length - branches.length,
    };
  });
}

/** Moves question `position` to `to` (1 first); refused when a skip rule would point backward. */
export function moveQuestion(
  db: Db,
  guildId: string,
  surveyId: number,
  position: number,
  to: number,
  now: number,
) {
  return change(db, guildId, surveyId, now, (survey) => {
    const entry = at(survey, position);
    at(survey, to);
    const questions = survey.questions.filter((q) => q.id !== entry.id);
    questions.splice(to - 1, 0, entry);
    return { questions, branches: survey.branches, result: to };
  });
}

/**
 * "If question `from` is answered with option `option` (1 first), skip to question `to`" (`to`
 * 0: to the end), replacing the rule that option had. Question numbers are places, as the
 * manager sees them.
 */
export function setBranch(
  db: Db,
  guildId: string,
  surveyId: number,
  rule: { readonly from: number; readonly option: number; readonly to: number },
  now: number,
) {
  return change(db, guildId, surveyId, now, (survey) => {
    const from = at(survey, rule.from);
    const to = rule.to === 0 ? 0 : at(survey, rule.to).id;
    const choice = rule.option - 1;
    const branches = survey.branches
      .filter((b) => b.from !== from.id || b.choice !== choice)
      .concat({ from: from.id, choice, to });
    return { questions: survey.questions, branches, result: undefined };
  });
}

/** Takes out the rule of question `from`'s option `option` (1 first). */
export function removeBranch(
  db: Db,
  guildId: string,
  surveyId: number,
  rule: { readonly from: number; readonly option: number },
  now: number,
) {
  return change(db, guildId, surveyId, now, (survey) => {
    const from = at(survey, rule.from);
    const branches = survey.branches.filter(
      (b) => b.from !== from.id || b.choice !== rule.option - 1,
    );
    if (branches.length === survey.branches.length) throw new UserError('surveys.noBranch');
    return { questions: survey.questions, branches, result: undefined };
  });
}

export async function deleteSurvey(db: Db, guildId: string, surveyId: number): Promise<void> {
  if (!(await repo.deleteSurvey(db, guildId, surveyId))) throw new UserError('surveys.unknown');
}

export type PublishSettings = Omit<NewPoll, 'title' | 'questions' | 'survey'>;

/**
 * Publishes the survey as it stands: a poll of its questions and rules, linked to it, posted
 * through the outbox in the poll's own transaction. The survey stays, to publish again.
 */
export async function publishSurvey(
  db: Db,
  guildId: string,
  surveyId: number,
  settings: PublishSettings,
  now: number,
  options: { masterKey?: Buffer } = {},
): Promise<Poll & { readonly effectId: number }> {
  const survey = await surveyOf(db, guildId, surveyId);
  if (survey.questions.length === 0) throw new UserError('surveys.empty');
  const { questions, branches } = surveyForPoll(survey);
  return createPoll(
    db,
    guildId,
    { ...settings, title: survey.title, questions, survey: { id: survey.id, branches } },
    now,
    options,
  );
}
