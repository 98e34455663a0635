/**
 * What the crash test asks of Hearth, kind by kind: the world it seeds, the decisions each
 * simulated minute makes (in the child process, through the real services), and what Discord
 * must show at the end: every intended effect exactly once.
 *
 * Every minute: one prompt run (in a text channel or a forum), one poll closing (its results),
 * one member finishing onboarding in a server with approval (the request in the manager log),
 * and one seat holder leaving a full server (the next person's member role, greeting and DM).
 */
import { ChannelType } from 'discord-api-types/v10';
import type { AppDeps } from '../../src/core/context.js';
import type { Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { memberLeft, requestAdmission, setCap } from '../../src/features/membership/service.js';
import { submitPage } from '../../src/features/onboarding/members.js';
import {
  activeQuestions,
  addQuestion,
  updateOnboardingSettings,
} from '../../src/features/onboarding/questionnaire.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { createSchedule } from '../../src/features/prompts/schedules.js';
import type { DiscordStandIn } from '../stand-in/server.js';

export const START = Date.UTC(2026, 10, 23, 9, 0);
/** More than the minutes any run simulates (each child ticks a few minutes before its kill). */
const PEOPLE = 3_000;

export interface World {
  readonly guilds: readonly string[];
  /** Prompt channels: two text channels and a forum. */
  readonly text: readonly string[];
  readonly forum: string;
  readonly logs: readonly string[];
  /** The server of polls, approvals and seats. */
  readonly club: {
    readonly guild: string;
    readonly pollGuild: string;
    readonly polls: string;
    readonly announcements: string;
    readonly log: string;
    readonly memberRole: string;
  };
}

/** The minute since START a time falls in (the first tick is minute 1). */
const minuteOf = (clock: number) => Math.floor((clock - START) / 60_000);

export async function seed(db: Db, standIn: DiscordStandIn): Promise<World> {
  // Three servers with 20 hourly schedules each, at distinct minutes: one prompt run every
  // simulated minute, in text channels (a message and its thread) and, every third minute, in a
  // forum (a post).
  const guilds = [standIn.addGuild(), standIn.addGuild(), standIn.addGuild()];
  const text = [
    standIn.addChannel(guilds[0]!, { name: 'prompts' }),
    standIn.addChannel(guilds[1]!, { name: 'prompts' }),
  ];
  const forum = standIn.addChannel(guilds[2]!, { name: 'prompts', type: ChannelType.GuildForum });
  const logs = guilds.map((g) => standIn.addChannel(g, { name: 'hearth-log' }));
  for (const [i, guild] of guilds.entries()) {
    await ensureGuild(db, guild, { now: START });
    await updateSettings(db, guild, { timezone: 'Europe/Rome', logChannelId: logs[i]! }, START);
    for (let p = 0; p < 20; p++) await addPrompt(db, guild, { text: `Prompt ${p} of ${i}` }, START);
    const channel = i < 2 ? text[i]! : forum;
    for (let s = 0; s < 20; s++)
      await createSchedule(
        db,
        guild,
        {
          channelId: channel,
          // Interleaved: text, text, forum, text, text, forum, … one run every minute.
          rule: { kind: 'cron', expression: `${s * 3 + i} * * * *` },
          tag: null,
          pick: 'queue',
        },
        'Europe/Rome',
        START,
      );
  }

  // The club: polls closing, members waiting for approval, a full server with a waitlist.
  const guild = standIn.addGuild({ name: 'Crash Club' });
  // Polls live in a small server of their own: a poll's results count its server's members.
  const pollGuild = standIn.addGuild({ name: 'Poll Room' });
  await ensureGuild(db, pollGuild, { now: START });
  const club = {
    guild,
    pollGuild,
    polls: standIn.addChannel(pollGuild, { name: 'polls' }),
    announcements: standIn.addChannel(guild, { name: 'announcements' }),
    log: standIn.addChannel(guild, { name: 'hearth-log' }),
    memberRole: standIn.addRole(guild, { name: 'Member', position: 2 }),
  };
  const welcome = standIn.addChannel(guild, { name: 'welcome' });
  await ensureGuild(db, guild, { now: START });
  await updateSettings(
    db,
    guild,
    {
      logChannelId: club.log,
      announcementsChannelId: club.announcements,
      welcomeChannelId: welcome,
      memberRoleId: club.memberRole,
    },
    START,
  );
  // One poll closing each minute. Seeded as if their messages had been posted long ago (and
  // since deleted): only their results are this test's business.
  for (let from = 0; from < PEOPLE; from += 500)
    await db
      .insertInto('polls')
      .values(
        Array.from({ length: Math.min(500, PEOPLE - from) }, (_, k) => from + k).map((i) => ({
          guild_id: pollGuild,
          channel_id: club.polls,
          message_id: null,
          title: `Poll ${i + 1}`,
          questions: JSON.stringify([
            { kind: 'single', label: 'Which?', required: true, options: ['One', 'Two'] },
          ]),
          anonymous: 0,
          results: 'live' as const,
          audience: '[]',
          status: 'open' as const,
          closes_at: START + (i + 1) * 60_000,
          remind_at: null,
          created_at: START,
          closed_at: null,
        })),
      )
      .execute();
  // Members who joined and are about to finish the one-question questionnaire, one a minute.
  await addQuestion(db, guild, { kind: 'short', label: 'Why this club?', required: true }, START);
  await updateOnboardingSettings(db, guild, { enabled: true, admissionMode: 'approval' }, START);
  const applicants = Array.from({ length: PEOPLE }, (_, i) => standIn.addMember(guild, `a${i}`));
  for (let from = 0; from < PEOPLE; from += 500)
    await db
      .insertInto('onboarding_members')
      .values(
        applicants.slice(from, from + 500).map((user, k) => ({
          guild_id: guild,
          user_id: user.id,
          status: 'welcomed' as const,
          joined_at: START + from + k,
          left_at: null,
          welcomed_at: START,
          started_at: null,
          completed_at: null,
          decided_at: null,
          decided_by: null,
        })),
      )
      .execute();
  // One seat, held; everyone else waits. A holder leaves every minute.
  await setCap(db, guild, 1, START);
  const holder = standIn.addMember(guild, 'holder');
  await requestAdmission(db, guild, holder.id, START);
  for (let i = 0; i < PEOPLE; i++)
    await requestAdmission(db, guild, standIn.addMember(guild, `w${i}`).id, START);
  return { guilds, text, forum, logs, club };
}

/**
 * The decisions of the simulated minutes up to `clock`, besides the schedules' and the polls'
 * own: members finish onboarding and seat holders leave, as many as minutes have passed. Each
 * decision is made once however often this runs (a restart replays it): the counts are read
 * from the database.
 */
export async function scenarioStep(app: AppDeps, clock: number): Promise<void> {
  const { db } = app;
  const club = await db
    .selectFrom('guilds')
    .select('guild_id')
    .where('member_role_id', 'is not', null)
    .executeTakeFirst();
  if (club === undefined) return;
  const guildId = club.guild_id;
  const minute = minuteOf(clock);
  // Onboarding: the first `minute` applicants have sent their page.
  const [question] = await activeQuestions(db, guildId);
  const waiting = await db
    .selectFrom('onboarding_members')
    .select('user_id')
    .where('guild_id', '=', guildId)
    .where('status', '=', 'welcomed')
    .where('joined_at', '<', START + minute)
    .orderBy('joined_at')
    .execute();
  for (const { user_id: userId } of waiting)
    await submitPage(db, {
      guildId,
      userId,
      mode: 'join',
      page: 0,
      fields: [
        { questionId: question!.id, revision: question!.revision, raw: { text: 'To play' } },
      ],
      now: clock,
    });
  // Seats: `minute` holders have left, each seat passing to the next person waiting.
  for (;;) {
    const left = await db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('guild_id', '=', guildId)
      .where('state', '=', 'left')
      .executeTakeFirstOrThrow();
    if (Number(left.n) >= minute) break;
    const holder = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('guild_id', '=', guildId)
      .where('state', '=', 'admitted')
      .executeTakeFirst();
    if (holder === undefined) break;
    await memberLeft(db, guildId, holder.user_id, clock);
  }
}
