import { beforeAll, describe, expect, it } from 'vitest';
import { e2eSuite } from '../helpers/suite.js';
import { ChannelType, GatewayDispatchEvents, type APIUser } from 'discord-api-types/v10';
import { type Db } from '../../src/core/db/database.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { type CommandInvocation, type RecordedRequest } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import type { seedCommunity } from '../helpers/world.js';
import { messagePayload, snowflake } from '../stand-in/payloads.js';

const HOUR = 3_600_000;
// Sunday 22 November 2026, 12:00 UTC (13:00 in Rome).
let clock = Date.UTC(2026, 10, 22, 12, 0);
const now = () => clock;
// Monday 23 November, 18:00 in Rome (UTC+1 in winter).
const FIRST_RUN = Date.UTC(2026, 10, 23, 17, 0);
const WEEK = 7 * 24 * HOUR;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;

async function cmd(
  invocation: Omit<CommandInvocation, 'user' | 'guild'> & { user?: string; guild?: string },
): Promise<string> {
  const interaction = standIn.command({ guild: a.guild, user: a.owner.id, ...invocation });
  return (await standIn.answer(interaction)).content as string;
}
const posts = (channel: string) =>
  standIn.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
const threadsOpened = (channel: string) =>
  standIn.requests.filter(
    (r) =>
      r.method === 'POST' &&
      r.path.startsWith(`/channels/${channel}/messages/`) &&
      r.path.endsWith('/threads'),
  );
const body = (r: RecordedRequest) =>
  r.body as { content: string; nonce: string; enforce_nonce: boolean; allowed_mentions: unknown };

async function addPrompt(text: string, guild = a.guild, user = a.owner.id): Promise<string> {
  const opened = standIn.command({ guild, user, command: 'prompt', subcommand: 'add' });
  const submitted = await standIn.fillModal({
    guild,
    user,
    opened,
    answers: { 'The prompt': text },
  });
  return (await standIn.answer(submitted)).content as string;
}

async function restartAt(at: number): Promise<void> {
  await bot.stop();
  clock = at;
  bot = await startBot(standIn, { db, now });
}

const suite = e2eSuite({ a: { name: 'Prompt Club' }, b: { name: 'Suggestion Box' }, now });
beforeAll(async () => {
  ({ standIn, db, bot, a, b } = suite);
  for (const c of [a, b]) {
    await cmd({
      guild: c.guild,
      user: c.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        timezone: 'Europe/Rome',
        log_channel: { channel: c.log },
        announcements_channel: { channel: c.announcements },
      },
    });
  }
});

describe('a weekly prompt', () => {
  let threadId: string;

  it('is posted once at 18:00 Rome time, with a thread, never pinging anyone', async () => {
    expect(await addPrompt('What did you learn this week? @everyone <@&123>')).toMatch(
      /^Added prompt #\d+/,
    );
    expect(await cmd({ command: 'prompt', subcommand: 'import' })).toBe(
      'Added 12 starter prompts.',
    );
    const scheduled = await cmd({
      command: 'schedule',
      subcommand: 'weekly',
      options: { channel: { channel: a.announcements }, days: 'lun', time: '18:00' },
    });
    expect(scheduled).toContain('Scheduled.');
    expect(scheduled).toContain(`<t:${FIRST_RUN / 1000}:F>`);

    clock = FIRST_RUN - 60_000;
    await bot.hearth.tick();
    expect(posts(a.announcements)).toHaveLength(0);
    clock = FIRST_RUN;
    await bot.hearth.tick();
    await bot.hearth.tick();
    expect(posts(a.announcements)).toHaveLength(1);
    const post = body(posts(a.announcements)[0]!);
    expect(post.content).toBe(
      '**Prompt of the week**\nWhat did you learn this week? @everyone <@&123>',
    );
    expect(post.enforce_nonce).toBe(true);
    expect(post.nonce).toMatch(/^p\w+-\w+$/);
    expect(post.allowed_mentions).toEqual({ parse: [] });
    expect(threadsOpened(a.announcements)).toHaveLength(1);
    threadId = standIn.postedIn(a.announcements)[0]!.id;
    expect((threadsOpened(a.announcements)[0]!.body as { name: string }).name).toBe(
      'What did you learn this week? @everyone <@&123>',
    );
  });

  it('counts the replies in its thread and ranks prompts by the conversation they started', async () => {
    const reply = (author: APIUser, minutesAfter: number) =>
      standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
        ...messagePayload({
          id: snowflake(),
          channel_id: threadId,
          author,
          content: 'a reply Hearth must not store',
        }),
        timestamp: new Date(FIRST_RUN + minutesAfter * 60_000).toISOString(),
        guild_id: a.guild,
      });
    reply(a.member, 5);
    reply(a.manager, 30);
    reply(a.member, 90);
    await until(
      async () =>
        (await db.selectFrom('prompt_replies').select('message_id').execute()).length === 3,
    );
    expect(await cmd({ command: 'prompt', subcommand: 'stats' })).toBe(
      '**Prompts that started the most conversation**\n1. What did you learn this week? @everyone <@&123> · 2 people, 3 replies over 1 post',
    );
    const promptId = (
      await db.selectFrom('prompts').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    const history = await cmd({
      command: 'prompt',
      subcommand: 'history',
      options: { prompt: promptId },
    });
    expect(history).toContain(
      `in <#${threadId}>: 3 replies from 2 people · first 24 hours: 2 1 0 0`,
    );
    expect(
      JSON.stringify(await db.selectFrom('prompt_replies').selectAll().execute()),
    ).not.toContain('must not store');
  });

  it('after downtime inside the catch-up window, posts the missed run once at start', async () => {
    await restartAt(FIRST_RUN + WEEK + 2 * HOUR);
    await until(() => posts(a.announcements).length === 2);
    // The queue moves on: the next prompt, the first of the starter deck.
    expect(body(posts(a.announcements)[1]!).content).toBe(
      '**Prompt of the week**\nWhat made you join this community, and has that changed since?',
    );
    await bot.hearth.tick();
    expect(posts(a.announcements)).toHaveLength(2);
  });

  it('after downtime beyond the window, records the run as missed and tells managers', async () => {
    const logBefore = standIn.postedIn(a.log).length;
    await restartAt(FIRST_RUN + 2 * WEEK + 10 * HOUR);
    await until(() => standIn.postedIn(a.log).length === logBefore + 1);
    expect(standIn.postedIn(a.log).at(-1)!.content).toMatch(
      /^Schedule #1 should have posted at <t:\d+:F>, but Hearth was offline for more than 6 hours/,
    );
    expect(posts(a.announcements)).toHaveLength(2);
    expect(
      (await db.selectFrom('occurrences').select('status').orderBy('due_at').execute()).map(
        (o) => o.status,
      ),
    ).toEqual(['posted', 'posted', 'missed']);
    // The next week is posted as usual.
    clock = FIRST_RUN + 3 * WEEK;
    await bot.hearth.tick();
    expect(posts(a.announcements)).toHaveLength(3);
  });
});

describe('when Discord refuses', () => {
  it('pauses a schedule whose channel was deleted (10003), tells managers once, and does not retry', async () => {
    const doomed = standIn.addChannel(a.guild, { name: 'doomed' });
    standIn.dispatch(
      GatewayDispatchEvents.ChannelCreate,
      standIn.guilds.get(a.guild)!.channels.get(doomed),
    );
    await until(() => bot.hearth.client.channels.cache.has(doomed));
    await cmd({
      command: 'schedule',
      subcommand: 'cron',
      options: { channel: { channel: doomed }, expression: '0 * * * *' },
    });
    standIn.guilds.get(a.guild)!.channels.delete(doomed);
    const logBefore = standIn.postedIn(a.log).length;
    clock = (Math.floor(clock / HOUR) + 1) * HOUR;
    await bot.hearth.tick();
    expect(posts(doomed).map((r) => r.status)).toEqual([404]);
    await until(() => standIn.postedIn(a.log).length === logBefore + 1);
    expect(standIn.postedIn(a.log).at(-1)!.content).toBe(
      `Schedule #2 is paused: its channel <#${doomed}> was deleted. Create a new schedule in another channel.`,
    );
    clock += 5 * HOUR;
    await bot.hearth.tick();
    expect(posts(doomed)).toHaveLength(1);
    expect(await cmd({ command: 'schedule', subcommand: 'list' })).toContain(
      '**#2** in <#' + doomed + '>: `0 * * * *` (Europe/Rome) · tag any · In order · next: paused',
    );
  });

  it('pauses on a missing permission (50013) with one notice, and resumes when asked', async () => {
    const quiet = standIn.addChannel(a.guild, { name: 'quiet' });
    standIn.dispatch(
      GatewayDispatchEvents.ChannelCreate,
      standIn.guilds.get(a.guild)!.channels.get(quiet),
    );
    await until(() => bot.hearth.client.channels.cache.has(quiet));
    await cmd({
      command: 'schedule',
      subcommand: 'cron',
      options: { channel: { channel: quiet }, expression: '30 * * * *' },
    });
    standIn.fault({
      method: 'POST',
      path: new RegExp(`^/channels/${quiet}/messages$`),
      status: 403,
      code: 50013,
    });
    const logBefore = standIn.postedIn(a.log).length;
    clock = (Math.floor(clock / HOUR) + 1) * HOUR + 30 * 60_000;
    await bot.hearth.tick();
    clock += HOUR;
    await bot.hearth.tick();
    expect(posts(quiet).map((r) => r.status)).toEqual([403]);
    expect(
      standIn
        .postedIn(a.log)
        .slice(logBefore)
        .map((m) => m.content),
    ).toEqual([
      `Schedule #3 is paused: Hearth cannot post or open threads in <#${quiet}>. Give it Send Messages and Create Public Threads there, then \`/schedule resume\`.`,
    ]);
    standIn.clearFaults();
    await cmd({ command: 'schedule', subcommand: 'resume', options: { schedule: 3 } });
    clock = (Math.floor(clock / HOUR) + 1) * HOUR + 30 * 60_000;
    await bot.hearth.tick();
    expect(posts(quiet).map((r) => r.status)).toEqual([403, 200]);
  });
});

describe('bad input', () => {
  it('explains each problem and stores nothing wrong', async () => {
    const count = async () => (await db.selectFrom('prompts').select('id').execute()).length;
    const before = await count();
    const schedulesBefore = (await db.selectFrom('schedules').select('id').execute()).length;
    expect(
      await cmd({
        command: 'schedule',
        subcommand: 'cron',
        options: { channel: { channel: a.announcements }, expression: '61 * * * *' },
      }),
    ).toBe(
      'That cron expression does not work (“61”). It needs five fields: minute hour day-of-month month day-of-week, for example `0 18 * * mon`.',
    );
    expect(
      await cmd({
        command: 'schedule',
        subcommand: 'weekly',
        options: { channel: { channel: a.announcements }, days: 'funday', time: '18:00' },
      }),
    ).toBe('Give the days as names separated by commas, for example `mon, thu` or `lun, gio`.');
    expect(
      await cmd({
        command: 'schedule',
        subcommand: 'weekly',
        options: { channel: { channel: a.announcements }, days: 'mon', time: '25:00' },
      }),
    ).toBe('Give the time as hours and minutes in 24-hour form, for example `18:00`.');
    expect(await addPrompt('   ')).toBe('A prompt needs some text.');
    expect(await addPrompt('x'.repeat(4000))).toBe(
      'That prompt is 4000 characters; the limit is 1500. Shorter prompts get more replies, too.',
    );
    expect(await count()).toBe(before);
    expect((await db.selectFrom('schedules').select('id').execute()).length).toBe(schedulesBefore);
  });
});

describe('member suggestions', () => {
  it('go to the managers, and an approved prompt credits its author without pinging them', async () => {
    const opened = standIn.command({ guild: b.guild, user: b.member.id, command: 'suggest' });
    const submitted = await standIn.fillModal({
      guild: b.guild,
      user: b.member.id,
      opened,
      answers: {
        'The prompt': 'What tool would you never give up?',
        'Credit you by name when it is posted?': 'Yes, credit me',
      },
    });
    expect((await standIn.answer(submitted)).content).toBe(
      'Thank you! The managers will read your suggestion.',
    );
    // The manager log also receives the weekly digest: find the review by what it says.
    const review = await until(() =>
      standIn.postedIn(b.log).find((m) => m.content.startsWith('New prompt suggested')),
    );
    expect(review.content).toBe(
      `New prompt suggested by <@${b.member.id}> (credit: Yes, credit me):\n>>> What tool would you never give up?`,
    );
    const approveId = (review.components![0] as { components: { custom_id: string }[] })
      .components[0]!.custom_id;
    const approve = standIn.click({
      guild: b.guild,
      user: b.owner.id,
      message: review,
      customId: approveId,
    });
    expect(JSON.stringify((await standIn.callback(approve)).data)).toContain(
      'Added to the prompt bank by owner.',
    );
    const again = standIn.click({
      guild: b.guild,
      user: b.owner.id,
      message: review,
      customId: approveId,
    });
    expect((await standIn.answer(again)).content).toBe(
      'Another manager has already reviewed this suggestion.',
    );

    await cmd({
      guild: b.guild,
      user: b.owner.id,
      command: 'schedule',
      subcommand: 'weekly',
      options: { channel: { channel: b.announcements }, days: 'mon', time: '09:00' },
    });
    expect(
      await cmd({
        guild: b.guild,
        user: b.owner.id,
        command: 'schedule',
        subcommand: 'now',
        options: { schedule: 4 },
      }),
    ).toBe('Posting now.');
    await until(() => posts(b.announcements).length === 1);
    const post = body(posts(b.announcements)[0]!);
    expect(post.content).toBe(
      `**Prompt of the week**\nWhat tool would you never give up?\n\nSuggested by <@${b.member.id}>`,
    );
    expect(post.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('a forum channel', () => {
  it('gets each prompt as a new post, once, even when Discord’s answer to the post is lost', async () => {
    const forum = standIn.addChannel(b.guild, { name: 'prompts', type: ChannelType.GuildForum });
    standIn.dispatch(
      GatewayDispatchEvents.ChannelCreate,
      standIn.guilds.get(b.guild)!.channels.get(forum),
    );
    await until(() => bot.hearth.client.channels.cache.has(forum));
    expect(await addPrompt('Show us your desk today', b.guild, b.owner.id)).toMatch(
      /^Added prompt #\d+/,
    );
    expect(
      await cmd({
        guild: b.guild,
        user: b.owner.id,
        command: 'schedule',
        subcommand: 'cron',
        options: { channel: { channel: forum }, expression: '0 * * * *' },
      }),
    ).toContain('Scheduled.');
    const forumPosts = () =>
      standIn.requests.filter(
        (r) => r.method === 'POST' && r.path === `/channels/${forum}/threads`,
      );
    // Discord makes the post, but the bot only hears a 500.
    standIn.fault({
      method: 'POST',
      path: new RegExp(`^/channels/${forum}/threads$`),
      status: 500,
      times: 1,
      afterHandling: true,
    });
    clock = (Math.floor(clock / HOUR) + 1) * HOUR;
    await bot.hearth.tick();
    // No automatic retry of a post that carries no nonce.
    expect(forumPosts().map((r) => r.status)).toEqual([500]);
    clock += 60_000;
    await bot.hearth.tick();
    await bot.hearth.tick();
    expect(forumPosts()).toHaveLength(1);
    expect(
      standIn.requests.some(
        (r) => r.method === 'GET' && r.path === `/guilds/${b.guild}/threads/active`,
      ),
    ).toBe(true);
    const sent = forumPosts()[0]!.body as {
      name: string;
      message: { content: string; allowed_mentions: unknown; nonce?: unknown };
    };
    expect(sent.message.content).toMatch(/^\*\*Prompt of the week\*\*\n/);
    expect(sent.name).toBe(sent.message.content.split('\n')[1]!.slice(0, 90));
    expect(sent.message.allowed_mentions).toEqual({ parse: [] });
    const thread = [...standIn.guilds.get(b.guild)!.channels.values()].find(
      (c) =>
        c.type === ChannelType.PublicThread && (c as { parent_id?: string }).parent_id === forum,
    )!;
    const schedule = await db
      .selectFrom('schedules')
      .select('id')
      .where('channel_id', '=', forum)
      .executeTakeFirstOrThrow();
    const runs = await db
      .selectFrom('occurrences')
      .select(['status', 'message_id', 'thread_id'])
      .where('schedule_id', '=', schedule.id)
      .execute();
    expect(runs).toEqual([{ status: 'posted', message_id: thread.id, thread_id: thread.id }]);

    // Replies in the post count like replies in a thread.
    standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
      ...messagePayload({
        id: snowflake(),
        channel_id: thread.id,
        author: b.member,
        content: 'my desk',
      }),
      timestamp: new Date(clock).toISOString(),
      guild_id: b.guild,
    });
    await until(
      async () =>
        (
          await db
            .selectFrom('prompt_replies')
            .select('message_id')
            .where('guild_id', '=', b.guild)
            .execute()
        ).length === 1,
    );
  });
});
