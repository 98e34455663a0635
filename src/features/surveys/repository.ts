/**
 * Surveys' SQL, all of it: the drafts managers build. Rows in, domain values out: the questions
 * and skip rules are parsed through their zod schemas (never cast). No rules live here (limits,
 * forward-only skip rules, what a change may do are the service's); each function takes the
 * database or the caller's transaction, so the service keeps read, change, check and write in
 * one transaction.
 */
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { POLL_KINDS } from '../polls/api.js';
import type { Db } from '../../core/db/database.js';
import type { Database, SurveySeriesTable, SurveyTable } from '../../core/db/schema.js';
import { parseJson } from '../../core/json.js';
import type { PollQuestion } from '../polls/api.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

export interface SurveyQuestion {
  /** Stable across moves: skip rules refer to it. */
  readonly id: number;
  readonly question: PollQuestion;
}

/** "If question `from` is answered with option `choice` (0 first), skip to `to` (0: the end)." */
export interface SurveyBranch {
  readonly from: number;
  readonly choice: number;
  readonly to: number;
}

export interface Survey {
  readonly id: number;
  readonly guildId: string;
  readonly title: string;
  readonly questions: readonly SurveyQuestion[];
  readonly branches: readonly SurveyBranch[];
  readonly createdBy: string | null;
  readonly updatedAt: number;
}

/** A survey with the id its next question gets. */
export interface SurveyRecord extends Survey {
  readonly nextQuestion: number;
}

const pollQuestionSchema = z.object({
  // Every kind polls offer (a kind polls add is stored here without a change).
  kind: z.enum(POLL_KINDS),
  label: z.string(),
  options: z.array(z.string()).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  positions: z.number().int().optional(),
  required: z.boolean(),
});
const questionsSchema = z.array(
  z.object({ id: z.number().int().positive(), question: pollQuestionSchema }),
);
const branchesSchema = z.array(
  z.object({
    from: z.number().int().positive(),
    choice: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
  }),
);

/** Leaves optional fields out rather than `undefined` (the types are exact about them). */
function exact(q: z.infer<typeof pollQuestionSchema>): PollQuestion {
  return {
    kind: q.kind,
    label: q.label,
    required: q.required,
    ...(q.options === undefined ? {} : { options: q.options }),
    ...(q.min === undefined ? {} : { min: q.min }),
    ...(q.max === undefined ? {} : { max: q.max }),
    ...(q.positions === undefined ? {} : { positions: q.positions }),
  };
}

function toSurvey(row: Selectable<SurveyTable>): SurveyRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    title: row.title,
    questions: parseJson(questionsSchema, row.questions, 'surveys.questions').map((q) => ({
      id: q.id,
      question: exact(q.question),
    })),
    branches: parseJson(branchesSchema, row.branches, 'surveys.branches'),
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    nextQuestion: row.next_question,
  };
}

export async function countSurveys(db: Conn, guildId: string): Promise<number> {
  const count = await db
    .selectFrom('surveys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

/** A new survey, without skip rules. */
export async function insertSurvey(
  db: Conn,
  s: {
    guildId: string;
    title: string;
    questions: readonly SurveyQuestion[];
    nextQuestion: number;
    createdBy: string;
    now: number;
  },
): Promise<SurveyRecord> {
  const row = await db
    .insertInto('surveys')
    .values({
      guild_id: s.guildId,
      title: s.title,
      questions: JSON.stringify(s.questions),
      branches: '[]',
      next_question: s.nextQuestion,
      created_by: s.createdBy,
      created_at: s.now,
      updated_at: s.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSurvey(row);
}

export async function findSurvey(
  db: Conn,
  guildId: string,
  surveyId: number,
): Promise<SurveyRecord | undefined> {
  const row = await db
    .selectFrom('surveys')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', surveyId)
    .executeTakeFirst();
  return row === undefined ? undefined : toSurvey(row);
}

/** The guild's most recent surveys, newest first. */
export async function latestSurveys(
  db: Conn,
  guildId: string,
  limit: number,
): Promise<SurveyRecord[]> {
  const rows = await db
    .selectFrom('surveys')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toSurvey);
}

/** Stores a survey's questions and rules as changed. */
export async function updateSurvey(
  db: Conn,
  guildId: string,
  surveyId: number,
  s: {
    questions: readonly SurveyQuestion[];
    branches: readonly SurveyBranch[];
    nextQuestion: number;
    now: number;
  },
): Promise<SurveyRecord> {
  const row = await db
    .updateTable('surveys')
    .set({
      questions: JSON.stringify(s.questions),
      branches: JSON.stringify(s.branches),
      next_question: s.nextQuestion,
      updated_at: s.now,
    })
    .where('id', '=', surveyId)
    .where('guild_id', '=', guildId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSurvey(row);
}

/** Deletes a survey; whether there was one. */
export async function deleteSurvey(db: Conn, guildId: string, surveyId: number): Promise<boolean> {
  const { numDeletedRows } = await db
    .deleteFrom('surveys')
    .where('guild_id', '=', guildId)
    .where('id', '=', surveyId)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}

// Pulse series (see pulse.ts).

export type Cadence = 'weekly' | 'monthly' | 'quarterly';

/** How each round is published. */
export interface SeriesSettings {
  readonly anonymous: boolean;
  readonly results: 'live' | 'hidden';
  readonly audience: readonly string[];
  readonly segmentId: number | null;
  /** Hours a round stays open; null: until the next round opens. */
  readonly hours: number | null;
}

export interface Series {
  readonly id: number;
  readonly guildId: string;
  readonly surveyId: number;
  readonly channelId: string;
  readonly cadence: Cadence;
  readonly hour: number;
  readonly settings: SeriesSettings;
  readonly nextRoundAt: number | null;
  readonly nextRound: number;
}

const settingsSchema = z.object({
  anonymous: z.boolean(),
  results: z.enum(['live', 'hidden']),
  audience: z.array(z.string()),
  segmentId: z.number().int().nullable(),
  hours: z.number().int().positive().nullable(),
});

function toSeries(row: Selectable<SurveySeriesTable>): Series {
  return {
    id: row.id,
    guildId: row.guild_id,
    surveyId: row.survey_id,
    channelId: row.channel_id,
    cadence: row.cadence,
    hour: row.hour,
    settings: parseJson(settingsSchema, row.settings, 'survey_series.settings'),
    nextRoundAt: row.next_round_at === null ? null : Number(row.next_round_at),
    nextRound: row.next_round,
  };
}

/** Makes the survey repeat, or changes how it repeats (the round count goes on). */
export async function upsertSeries(
  db: Conn,
  s: {
    guildId: string;
    surveyId: number;
    channelId: string;
    cadence: Cadence;
    hour: number;
    settings: SeriesSettings;
    nextRoundAt: number;
    createdBy: string;
    now: number;
  },
): Promise<Series> {
  const changes = {
    channel_id: s.channelId,
    cadence: s.cadence,
    hour: s.hour,
    settings: JSON.stringify(s.settings),
    next_round_at: s.nextRoundAt,
  };
  const row = await db
    .insertInto('survey_series')
    .values({
      ...changes,
      guild_id: s.guildId,
      survey_id: s.surveyId,
      created_by: s.createdBy,
      created_at: s.now,
    })
    .onConflict((oc) => oc.column('survey_id').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSeries(row);
}

export async function findSeries(
  db: Conn,
  guildId: string,
  surveyId: number,
): Promise<Series | undefined> {
  const row = await db
    .selectFrom('survey_series')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  return row === undefined ? undefined : toSeries(row);
}

/** Stops a series; whether there was one. Its rounds stay. */
export async function deleteSeries(db: Conn, guildId: string, surveyId: number): Promise<boolean> {
  const { numDeletedRows } = await db
    .deleteFrom('survey_series')
    .where('guild_id', '=', guildId)
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}

/** Series whose next round is due by `now`, with the server's time zone, oldest due first. */
export async function dueSeries(
  db: Conn,
  now: number,
  limit: number,
): Promise<(Series & { timezone: string })[]> {
  const rows = await db
    .selectFrom('survey_series')
    .innerJoin('guilds', 'guilds.guild_id', 'survey_series.guild_id')
    .selectAll('survey_series')
    .select('guilds.timezone')
    .where('survey_series.next_round_at', '<=', now)
    .orderBy('survey_series.next_round_at')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...toSeries(row), timezone: row.timezone }));
}

/**
 * Moves a series on from the round it was read at (to `next`, null: never again): 0 when another
 * claim moved it first, so a round is claimed once.
 */
export async function advanceSeries(
  db: Conn,
  id: number,
  from: { at: number; round: number },
  next: number | null,
): Promise<number> {
  const { numUpdatedRows } = await db
    .updateTable('survey_series')
    .set({ next_round_at: next, next_round: from.round + 1 })
    .where('id', '=', id)
    .where('next_round_at', '=', from.at)
    .where('next_round', '=', from.round)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}
