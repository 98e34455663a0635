/**
 * Pulse surveys (issue 16): a survey posted again every week, month or quarter, at a local hour
 * in the server's time zone, each round a new poll linked to the series. The database is the
 * source of truth, as for prompt schedules: the series keeps its next round in UTC, the minute
 * job claims due rounds, and a claim is one transaction that moves the series on (only from the
 * round it read), closes the open round, creates the new round's poll (unique per survey and
 * round) and its outbox post. However long Hearth was down, a claim is one round: the next round
 * is worked out from now, not from the missed one. Pure domain code: no Discord.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { truncateWalInTurn } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { UserError } from '../../core/errors.js';
import { getGuild } from '../../core/guilds.js';
import { nextRun, type ScheduleRule } from '../../core/local-time.js';
import { enqueueNotice } from '../../core/outbox/notice.js';
import {
  choiceLabel,
  closePollIn,
  createPollIn,
  seriesRounds,
  visibleResults,
  type Poll,
} from '../polls/api.js';
import * as repo from './repository.js';
import type { Cadence, Series, SeriesSettings } from './repository.js';
import { surveyForPoll } from './service.js';
import { sampleOf, twoProportionTest, welchTest } from './trend.js';

export type { Cadence, Series, SeriesSettings } from './repository.js';

type Tx = Transaction<Database>;

export const CADENCES = ['weekly', 'monthly', 'quarterly'] as const satisfies readonly Cadence[];

/** A round opens at `hour`:00 local: Mondays, the 1st of each month, or of each quarter. */
export function cadenceRule(cadence: Cadence, hour: number): ScheduleRule {
  const days = { weekly: '* * 1', monthly: '1 * *', quarterly: '1 1,4,7,10 *' }[cadence];
  return { kind: 'cron', expression: `0 ${hour} ${days}` };
}

const HOUR = 3_600_000;

/**
 * Makes a survey repeat (or changes how): its first round opens at the cadence's next slot after
 * `now`, in the server's time zone. Returns the series with that time.
 */
export async function repeatSurvey(
  db: Db,
  guildId: string,
  input: {
    readonly surveyId: number;
    readonly channelId: string;
    readonly cadence: Cadence;
    readonly hour: number;
    readonly settings: SeriesSettings;
    readonly createdBy: string;
  },
  now: number,
): Promise<Series> {
  if (!Number.isInteger(input.hour) || input.hour < 0 || input.hour > 23)
    throw new UserError('prompts.badTime');
  return db.transaction().execute(async (trx) => {
    const survey = await repo.findSurvey(trx, guildId, input.surveyId);
    if (survey === undefined) throw new UserError('surveys.unknown');
    if (survey.questions.length === 0) throw new UserError('surveys.empty');
    const guild = await getGuild(trx, guildId);
    const first = nextRun(cadenceRule(input.cadence, input.hour), guild?.timezone ?? 'UTC', now);
    if (first === undefined) throw new UserError('prompts.badTime');
    return repo.upsertSeries(trx, { ...input, guildId, nextRoundAt: first, now });
  });
}

/** Stops a survey repeating; its rounds stay, the open one runs to its own end. */
export async function stopRepeating(db: Db, guildId: string, surveyId: number): Promise<void> {
  if (!(await repo.deleteSeries(db, guildId, surveyId)))
    throw new UserError('surveys.notRepeating');
}

export async function seriesOf(
  db: Db,
  guildId: string,
  surveyId: number,
): Promise<Series | undefined> {
  return repo.findSeries(db, guildId, surveyId);
}

export interface RoundClaim {
  readonly guildId: string;
  readonly surveyId: number;
  readonly round: number;
  readonly pollId: number;
}

/** One series' due round, in the caller's transaction; undefined when another claim took it. */
async function claimOne(
  trx: Tx,
  row: Series & { timezone: string; nextRoundAt: number },
  now: number,
  masterKey: Buffer | undefined,
): Promise<{ claim: RoundClaim; closedAnonymous: boolean } | undefined> {
  const next = nextRun(cadenceRule(row.cadence, row.hour), row.timezone, now) ?? null;
  const from = { at: row.nextRoundAt, round: row.nextRound };
  if ((await repo.advanceSeries(trx, row.id, from, next)) === 0) return undefined;
  const survey = await repo.findSurvey(trx, row.guildId, row.surveyId);
  if (survey === undefined || survey.questions.length === 0) throw new UserError('surveys.empty');
  // The previous round closes as this one opens (if its own closing time has not come first).
  let closedAnonymous = false;
  for (const poll of await seriesRounds(trx, row.guildId, row.surveyId))
    if (poll.status === 'open') {
      const closed = await closePollIn(trx, row.guildId, poll.id, now);
      closedAnonymous ||= closed.closedNow && closed.poll.anonymous;
    }
  const { questions, branches } = surveyForPoll(survey);
  const until = next ?? now + 30 * 24 * HOUR;
  const { settings } = row;
  const poll = await createPollIn(
    trx,
    row.guildId,
    {
      channelId: row.channelId,
      title: survey.title,
      questions,
      anonymous: settings.anonymous,
      results: settings.results,
      audience: settings.audience,
      segmentId: settings.segmentId,
      closesAt: settings.hours === null ? until : Math.min(until, now + settings.hours * HOUR),
      remindAt: null,
      survey: { id: survey.id, branches, round: row.nextRound },
    },
    now,
    masterKey === undefined ? {} : { masterKey },
  );
  return {
    claim: { guildId: row.guildId, surveyId: row.surveyId, round: row.nextRound, pollId: poll.id },
    closedAnonymous,
  };
}

/**
 * Claims every due round, one transaction per series. A round that cannot be posted (the survey
 * emptied, too many open polls) is skipped, the series moves on, and managers are told once.
 */
export async function claimRounds(
  db: Db,
  now: number,
  masterKey?: Buffer,
): Promise<{ claimed: RoundClaim[]; failed: number[] }> {
  const claimed: RoundClaim[] = [];
  const failed: number[] = [];
  let truncate = false;
  for (const row of await repo.dueSeries(db, now, 200)) {
    if (row.nextRoundAt === null) continue;
    const due = { ...row, nextRoundAt: row.nextRoundAt };
    try {
      const result = await db.transaction().execute((trx) => claimOne(trx, due, now, masterKey));
      if (result === undefined) continue;
      claimed.push(result.claim);
      truncate ||= result.closedAnonymous;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failed.push(row.id);
      await db.transaction().execute(async (trx) => {
        const next = nextRun(cadenceRule(row.cadence, row.hour), row.timezone, now) ?? null;
        const from = { at: due.nextRoundAt, round: row.nextRound };
        if ((await repo.advanceSeries(trx, row.id, from, next)) === 0) return;
        await enqueueNotice(
          trx,
          row.guildId,
          {
            key: `pulse:${row.surveyId}:${row.nextRound}`,
            message: 'surveys.roundFailed',
            params: { survey: row.surveyId, round: row.nextRound },
          },
          now,
        );
      });
    }
  }
  if (truncate) await truncateWalInTurn(db);
  return { claimed, failed };
}

// The trend across rounds.

export type FigureKind = 'average' | 'nps' | 'share';

export interface Change {
  /** The latest shown round's figure minus the one before it. */
  readonly delta: number;
  readonly significant: boolean;
  /** Answers in the latest shown round, and in the one before. */
  readonly n: number;
  readonly previousN: number;
  readonly test: 'z' | 'welch';
}

export interface TrendLine {
  /** The option a share is of; null for an average or NPS. */
  readonly option: string | null;
  /** The figure per round (null: withheld, or nobody answered it). */
  readonly values: readonly (number | null)[];
  readonly change: Change | null;
}

export interface QuestionTrend {
  readonly position: number;
  readonly label: string;
  readonly kind: FigureKind;
  readonly lines: readonly TrendLine[];
}

export interface Trend {
  readonly rounds: readonly {
    readonly round: number;
    readonly pollId: number;
    readonly withheld: boolean;
    readonly voters: number;
  }[];
  readonly questions: readonly QuestionTrend[];
}

/** One round's data for one line: the figure, and what its test needs. */
interface Point {
  readonly value: number;
  readonly n: number;
  /** Shares: how many of `n`; averages: the sample. */
  readonly x?: number;
  readonly sample?: ReturnType<typeof sampleOf>;
}

function changeOf(points: readonly (Point | null)[], test: 'z' | 'welch'): Change | null {
  const shown = points.filter((p): p is Point => p !== null && p.n > 0);
  const [a, b] = shown.slice(-2);
  if (a === undefined || b === undefined) return null;
  const significant =
    test === 'z'
      ? twoProportionTest(a.x!, a.n, b.x!, b.n).significant
      : welchTest(a.sample!, b.sample!).significant;
  return { delta: b.value - a.value, significant, n: b.n, previousN: a.n, test };
}

/**
 * Each question's figure across the series' rounds: the average of a 1-5 rating, the NPS of a
 * 0-10 question (its change tested on the promoter share), and each option's share of a single
 * choice. Questions are the latest round's, matched by place and kind. A round withheld by the
 * anonymity threshold shows no figure and is not compared.
 */
export async function surveyTrend(
  db: Db,
  guildId: string,
  surveyId: number,
  minResponses: number,
): Promise<Trend> {
  const polls: Poll[] = await seriesRounds(db, guildId, surveyId);
  const visible = await Promise.all(polls.map((p) => visibleResults(db, p, minResponses)));
  const rounds = polls.map((p, i) => ({
    round: p.seriesRound ?? i + 1,
    pollId: p.id,
    withheld: visible[i]!.withheld,
    voters: visible[i]!.voters,
  }));
  const latest = polls.at(-1);
  const questions: QuestionTrend[] = [];
  for (const [index, q] of (latest?.questions ?? []).entries()) {
    const resultsOf = (r: number) => {
      const v = visible[r]!;
      const result = v.withheld ? undefined : v.results[index];
      return result !== undefined && result.question.kind === q.kind ? result : undefined;
    };
    if (q.kind === 'scale' && (q.scale.preset === 'rating' || q.scale.preset === 'nps')) {
      const nps = q.scale.preset === 'nps';
      const points = polls.map((_, r): Point | null => {
        const result = resultsOf(r);
        if (result === undefined || result.answered <= 0) return null;
        if (nps) {
          const promoters = (result.counts[9] ?? 0) + (result.counts[10] ?? 0);
          return { value: result.nps ?? 0, n: result.answered, x: promoters };
        }
        const sample = sampleOf(result.counts, q.scale.min);
        return { value: sample.mean, n: sample.n, sample };
      });
      questions.push({
        position: index + 1,
        label: q.label,
        kind: nps ? 'nps' : 'average',
        lines: [
          {
            option: null,
            values: points.map((p) => p?.value ?? null),
            change: changeOf(points, nps ? 'z' : 'welch'),
          },
        ],
      });
    } else if (q.kind === 'single') {
      const lines: TrendLine[] = q.choices.map((_, choice) => {
        const points = polls.map((_, r): Point | null => {
          const result = resultsOf(r);
          if (result === undefined || result.answered <= 0) return null;
          const x = result.counts[choice] ?? 0;
          return { value: (x / result.answered) * 100, n: result.answered, x };
        });
        return {
          option: choiceLabel(q, choice),
          values: points.map((p) => p?.value ?? null),
          change: changeOf(points, 'z'),
        };
      });
      questions.push({ position: index + 1, label: q.label, kind: 'share', lines });
    }
  }
  return { rounds, questions };
}
