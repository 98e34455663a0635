/**
 * Pulse surveys end to end through the stand-in, in Europe/Rome across the change to summer time
 * (Sunday 28 March 2027): an anonymous survey repeats monthly at 10:00 local, so round 1 opens
 * 1 March at 09:00 UTC and rounds 2 and 3 on 1 April and 1 May at 08:00 UTC. One poll a round,
 * exactly once across restarts (round 2 falls due while Hearth is down and posts at start-up).
 * Members answer; `/survey trend` states each figure and whether its change is larger than
 * noise, matching values worked out by hand (below). A round under the anonymity threshold is
 * withheld. Non-managers can neither make a survey repeat nor see its trend; a weekly series
 * down for four periods posts one round at start-up, not four.
 *
 * Hand-computed (round 2 is withheld, so round 3 is compared with round 1, 8 answers each):
 * - rating: 3,3,4,4,5,5,4,4 (mean 4.00, s² 0.5714) → 4,4,5,5,5,5,5,5 (mean 4.75, s² 0.2143):
 *   SE = √(0.5714/8 + 0.2143/8) = 0.3134, t = 2.393, ν = 11.6 → 11, t(0.975, 11) = 2.201:
 *   larger than noise;
 * - NPS: promoters 4, detractors 2 of 8 → NPS 25; promoters 6, detractors 0 → 75 (+50); the
 *   promoter share 4/8 → 6/8: pooled 0.625, SE = 0.2421, z = 1.033: within noise;
 * - plan: Free 7/8 → 1/8 (88% → 13%, −75 pts), Pro 1/8 → 7/8 (+75 pts): pooled 0.5,
 *   SE = 0.25, z = ±3.0: larger than noise.
 */
import { describe, expect, it } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { addQuestion, createSurvey } from '../../src/features/surveys/service.js';
import { seriesOf } from '../../src/features/surveys/pulse.js';
import { type OptionValue } from '../stand-in/server.js';
import { startBot } from '../helpers/bot.js';
import { e2eSuite, type Community } from '../helpers/suite.js';

const SECRET = 'cd'.repeat(32);
const HOUR = 3_600_000;
const members: APIUser[] = [];
const s = e2eSuite({
  a: { name: 'Pulse Lab' },
  b: { name: 'Weekly Pulse' },
  start: Date.UTC(2027, 1, 15, 12, 0),
  env: { POLL_SECRET: SECRET },
  setup: (c) => ({ timezone: 'Europe/Rome', log_channel: { channel: c.log } }),
  seed: ({ standIn, a, b }) => {
    for (let i = 0; i < 10; i++) members.push(standIn.addMember(a.guild, `m${i}`, [a.memberRole]));
    for (let i = 0; i < 6; i++) standIn.addMember(b.guild, `w${i}`, [b.memberRole]);
  },
});

async function run(
  c: Community,
  user: string,
  subcommand: string,
  options: Record<string, OptionValue>,
) {
  const interaction = s.standIn.command({
    guild: c.guild,
    user,
    command: 'survey',
    subcommand,
    options,
  });
  return String((await s.standIn.answer(interaction)).content);
}

const openButton = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components[0]
    ?.custom_id ?? '';
/**
 * The rounds posted in a channel, each message once: the poll id its button opens (remembered,
 * since a closed round's message loses its button). A round posted twice shows twice.
 */
const seen = new Map<string, { message: APIMessage; poll: number; channel: string }>();
const posted = (channel: string) => {
  for (const m of s.standIn.postedIn(channel)) {
    const poll = pollRoutes.open.parse(openButton(m))?.poll;
    if (poll !== undefined && !seen.has(m.id)) seen.set(m.id, { message: m, poll, channel });
  }
  return [...seen.values()].filter((x) => x.channel === channel);
};
const rounds = async (c: Community) =>
  (
    await s.db
      .selectFrom('polls')
      .select(['id', 'series_round', 'status', 'closes_at'])
      .where('guild_id', '=', c.guild)
      .orderBy('id')
      .execute()
  ).map((p) => ({ ...p, closes_at: p.closes_at === null ? null : Number(p.closes_at) }));

async function answer(
  message: APIMessage,
  user: string,
  rating: number,
  nps: number,
  plan: 'Free' | 'Pro',
) {
  const opened = s.standIn.click({
    guild: s.a.guild,
    user,
    message,
    customId: openButton(message),
  });
  const submitted = await s.standIn.fillModal({
    guild: s.a.guild,
    user,
    opened,
    answers: {
      'How happy are you with the club?': `${rating}★`,
      'How likely are you to recommend us?': String(nps),
      'Which plan are you on?': plan,
    },
  });
  const reply = String((await s.standIn.answer(submitted)).content);
  expect(reply).toContain('saved');
}

async function tickAt(at: number) {
  s.clock = at;
  await s.bot.hearth.tick();
}

async function restartAt(at: number) {
  await s.bot.stop();
  s.clock = at;
  s.bot = await startBot(s.standIn, { db: s.db, now: () => s.clock, env: { POLL_SECRET: SECRET } });
  await s.bot.hearth.tick();
}

const ROUND_1 = Date.UTC(2027, 2, 1, 9, 0); // 10:00 CET
const ROUND_2 = Date.UTC(2027, 3, 1, 8, 0); // 10:00 CEST
const ROUND_3 = Date.UTC(2027, 4, 1, 8, 0);

describe('a monthly pulse survey across a change to summer time', () => {
  let surveyId: number;

  it('only managers make a survey repeat or see its trend', async () => {
    const survey = await createSurvey(
      s.db,
      s.a.guild,
      { title: 'Club pulse', createdBy: s.a.owner.id },
      s.clock,
    );
    surveyId = survey.id;
    for (const q of [
      { kind: 'rating' as const, label: 'How happy are you with the club?', required: true },
      { kind: 'nps' as const, label: 'How likely are you to recommend us?', required: true },
      {
        kind: 'single' as const,
        label: 'Which plan are you on?',
        options: ['Free', 'Pro'],
        required: true,
      },
    ])
      await addQuestion(s.db, s.a.guild, survey.id, q, s.clock);

    const repeat = { survey: surveyId, every: 'monthly', channel: { channel: s.a.announcements } };
    expect(await run(s.a, s.a.member.id, 'repeat', repeat)).toContain('Only managers can do this');
    expect(await run(s.a, s.a.member.id, 'trend', { survey: surveyId })).toContain(
      'Only managers can do this',
    );
    expect(await seriesOf(s.db, s.a.guild, surveyId)).toBeUndefined();
    // Another server's manager cannot make this server's survey repeat.
    expect(
      await run(s.b, s.b.owner.id, 'repeat', {
        ...repeat,
        channel: { channel: s.b.announcements },
      }),
    ).toContain('There is no such survey in this server.');
    expect(await seriesOf(s.db, s.a.guild, surveyId)).toBeUndefined();
  });

  it('makes round 1 at 10:00 Rome on the 1st, one poll however often the job runs', async () => {
    const said = await run(s.a, s.a.owner.id, 'repeat', {
      survey: surveyId,
      every: 'monthly',
      channel: { channel: s.a.announcements },
      anonymous: true,
      hours: 72,
    });
    expect(said).toBe(
      `Survey “Club pulse” now repeats every month (on the 1st) at 10:00 in <#${s.a.announcements}>: round 1 opens <t:${ROUND_1 / 1000}:F>. The previous round closes when the next one opens.`,
    );
    await tickAt(ROUND_1 - 60_000);
    expect(await rounds(s.a)).toEqual([]);
    await tickAt(ROUND_1);
    await s.bot.hearth.tick();
    expect(await rounds(s.a)).toEqual([
      expect.objectContaining({ series_round: 1, status: 'open', closes_at: ROUND_1 + 72 * HOUR }),
    ]);
    expect(posted(s.a.announcements)).toHaveLength(1);
    expect((await seriesOf(s.db, s.a.guild, surveyId))?.nextRoundAt).toBe(ROUND_2);

    const [r1] = posted(s.a.announcements);
    const ratings = [3, 3, 4, 4, 5, 5, 4, 4];
    const nps = [10, 9, 8, 7, 6, 10, 5, 9];
    for (let i = 0; i < 8; i++)
      await answer(r1!.message, members[i]!.id, ratings[i]!, nps[i]!, i === 0 ? 'Pro' : 'Free');
    await tickAt(ROUND_1 + 72 * HOUR);
    expect((await rounds(s.a))[0]).toMatchObject({ status: 'closed' });
  });

  it('round 2 fell due while Hearth was down: posted once at start-up, and not again on the next restart', async () => {
    await restartAt(Date.UTC(2027, 2, 20, 12, 0));
    expect(await rounds(s.a)).toHaveLength(1);
    await restartAt(ROUND_2 + 5 * 60_000);
    await restartAt(ROUND_2 + 6 * 60_000);
    expect((await rounds(s.a)).map((r) => r.series_round)).toEqual([1, 2]);
    expect(posted(s.a.announcements)).toHaveLength(2);
    // After the change to summer time the next round is still 10:00 in Rome: 08:00 UTC.
    expect((await seriesOf(s.db, s.a.guild, surveyId))?.nextRoundAt).toBe(ROUND_3);
    const r2 = posted(s.a.announcements)[1]!;
    for (let i = 0; i < 3; i++) await answer(r2.message, members[i]!.id, 5, 10, 'Pro');
    await tickAt(ROUND_2 + 72 * HOUR);
  });

  it('round 3 opens at 08:00 UTC on 1 May; the trend states the figures and their tests', async () => {
    await tickAt(ROUND_3 - 60_000);
    expect(await rounds(s.a)).toHaveLength(2);
    await tickAt(ROUND_3);
    expect((await rounds(s.a)).map((r) => r.series_round)).toEqual([1, 2, 3]);
    const r3 = posted(s.a.announcements)[2]!;
    const ratings = [4, 4, 5, 5, 5, 5, 5, 5];
    const nps = [10, 10, 9, 9, 8, 10, 9, 7];
    for (let i = 0; i < 8; i++)
      await answer(r3.message, members[i + 2]!.id, ratings[i]!, nps[i]!, i === 0 ? 'Free' : 'Pro');
    await tickAt(ROUND_3 + 72 * HOUR);
    expect((await rounds(s.a)).map((r) => r.status)).toEqual(['closed', 'closed', 'closed']);

    const interaction = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'survey',
      subcommand: 'trend',
      options: { survey: surveyId },
    });
    const reply = await s.standIn.answer(interaction);
    expect(String(reply.content)).toBe(
      [
        '**Club pulse**: trend over 3 rounds',
        'Round 1: 8 answers',
        'Round 2: withheld (fewer than 5 answers, the anonymity threshold)',
        'Round 3: 8 answers',
        '**1. How happy are you with the club?** (average, 1-5)',
        '4.00 → — → 4.75',
        '  +0.75 since the last round: larger than noise for 8 answers (Welch t-test, 95%).',
        '**2. How likely are you to recommend us?** (NPS)',
        '25 → — → 75',
        '  +50 since the last round: change within noise for 8 answers (two-proportion z-test on the promoter share, 95%).',
        '**3. Which plan are you on?** (share per option)',
        'Free: 88% → — → 13%',
        '  −75 pts since the last round: larger than noise for 8 answers (two-proportion z-test, 95%).',
        'Pro: 13% → — → 88%',
        '  +75 pts since the last round: larger than noise for 8 answers (two-proportion z-test, 95%).',
      ].join('\n'),
    );
    // A line chart per question goes with it.
    const sent = s.standIn.requests.filter(
      (r) => r.files.length > 0 && r.files.some((f) => f.filename?.startsWith('trend-')),
    );
    expect(sent.at(-1)!.files.map((f) => f.filename)).toEqual([
      'trend-1.png',
      'trend-2.png',
      'trend-3.png',
    ]);
    expect(sent.at(-1)!.files[0]!.content.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('a weekly pulse survey down for four weeks', () => {
  it('posts one round at start-up, not one per missed week', async () => {
    const survey = await createSurvey(
      s.db,
      s.b.guild,
      { title: 'Weekly check-in', createdBy: s.b.owner.id },
      s.clock,
    );
    await addQuestion(
      s.db,
      s.b.guild,
      survey.id,
      { kind: 'rating', label: 'How was your week?', required: true },
      s.clock,
    );
    expect(
      await run(s.b, s.b.owner.id, 'repeat', {
        survey: survey.id,
        every: 'weekly',
        channel: { channel: s.b.announcements },
      }),
    ).toContain('round 1 opens');
    const first = (await seriesOf(s.db, s.b.guild, survey.id))!.nextRoundAt!;
    // Down for four Mondays; back on a Wednesday.
    await restartAt(first + 3 * 7 * 24 * HOUR + 2 * 24 * HOUR);
    await s.bot.hearth.tick();
    expect((await rounds(s.b)).map((r) => r.series_round)).toEqual([1]);
    expect(posted(s.b.announcements)).toHaveLength(1);
    const next = (await seriesOf(s.db, s.b.guild, survey.id))!;
    expect(next.nextRound).toBe(2);
    expect(next.nextRoundAt).toBe(first + 4 * 7 * 24 * HOUR);
  });
});
