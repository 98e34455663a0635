import { sql } from 'kysely';
import { e2eSuite } from '../helpers/suite.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents, type APIUser } from 'discord-api-types/v10';
import { type Db } from '../../src/core/db/database.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { until, type TestBot } from '../helpers/bot.js';
import type { seedCommunity } from '../helpers/world.js';
import { messagePayload, snowflake } from '../stand-in/payloads.js';

const DAY = 86_400_000;
// Monday 23 November 2026, 08:00 UTC (09:00 in Rome).
const MONDAY_9_ROME = Date.UTC(2026, 10, 23, 8, 0);
let clock = MONDAY_9_ROME - 2 * DAY;
const now = () => clock;
const SECRET_TEXT = 'the secret plan is blue pineapples';

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;

const suite = e2eSuite({
  a: { name: 'Insight Club' },
  b: { name: 'Quiet Club' },
  now,
  env: { ENABLE_MESSAGE_CONTENT: 'true' },
});
beforeAll(async () => {
  ({ standIn, db, bot, a, b } = suite);
  await standIn.answer(
    standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        timezone: 'Europe/Rome',
        manager_role: { role: a.managerRole },
        log_channel: { channel: a.log },
      },
    }),
  );
});

/** A message as Discord sends it: with the author's member roles, and the message it replies to. */
function say(
  author: APIUser,
  roles: string[],
  content: string,
  at: number,
  replyTo?: { id: string; author: APIUser },
) {
  const id = snowflake();
  standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
    ...messagePayload({ id, channel_id: a.welcome, author, content }),
    timestamp: new Date(at).toISOString(),
    guild_id: a.guild,
    member: { roles, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
    ...(replyTo === undefined
      ? {}
      : {
          message_reference: { message_id: replyTo.id, channel_id: a.welcome, guild_id: a.guild },
          referenced_message: messagePayload({
            id: replyTo.id,
            channel_id: a.welcome,
            author: replyTo.author,
            content: '',
          }),
        }),
  });
  return { id, author };
}

describe('insights from real message events', () => {
  it('shows a week of activity with depth, member-to-member talk, and never stores message text', async () => {
    const yesterday = MONDAY_9_ROME - DAY;
    const first = say(a.member, [a.memberRole], `Hello everyone, ${SECRET_TEXT}`, yesterday); // 8 words, top-level, member
    const reply = say(a.manager, [a.managerRole], 'Welcome aboard friend', yesterday + 1000, first); // staff → member, 3 words
    say(a.owner, [a.staffRole], 'Thanks both', yesterday + 2000, reply); // member → staff, 2 words
    say(a.member, [a.memberRole], 'And you owner', yesterday + 3000, {
      id: snowflake(),
      author: a.owner,
    }); // member → member, 3 words
    standIn.dispatch(GatewayDispatchEvents.ThreadCreate, {
      id: snowflake(),
      guild_id: a.guild,
      parent_id: a.welcome,
      owner_id: a.member.id,
      type: 11,
      name: 'Side topic',
      newly_created: true,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        locked: false,
        archive_timestamp: new Date().toISOString(),
      },
    });
    await until(async () => {
      await bot.hearth.flushEvents();
      return (await db.selectFrom('message_events').select('id').execute()).length === 5;
    });

    clock = MONDAY_9_ROME - 60_000;
    const interaction = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'insights',
      subcommand: 'overview',
      options: { period: 'week' },
    });
    const lines = (
      (await standIn.answer(interaction)).embeds as { description: string }[]
    )[0]!.description.split('\n');
    // Three humans (owner, manager, member), all of whom wrote. Messages: 4 (the thread is not one);
    // words 8, 3, 2, 3 → median 3; replies: staff→member, member→staff, member→member → 1 of 3.
    expect(lines).toEqual([
      '**Active members:** 3 (100% of all members)',
      '**Joined:** 0 · **left:** 0',
      '**Messages:** 4',
      '**Depth:** a typical message has 3 words (median)',
      '**Conversations started by members** (not staff): 100%',
      '**Replies from member to member:** 33%, how much the community talks without staff',
      '**Prompts that got replies:** no prompt was posted in this period',
      '**Poll participation:** no poll was opened in this period',
      '**Onboarding:** 0 joined · 0 started · 0 completed',
      '**Waitlist:** 0 waiting',
    ]);

    // No table holds any of the text.
    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
    ).rows.map((r) => r.name);
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
        db,
      );
      expect(JSON.stringify(rows.rows), table).not.toContain('pineapples');
    }
  });

  it('honours a member who opts out of name-level insights, and leaves them out of the totals while fewer than 5 have', async () => {
    const opt = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'privacy',
      subcommand: 'hide',
      options: { on: true },
    });
    expect((await standIn.answer(opt)).content).toMatch(/^Done: Hearth will not show you by name/);
    const check = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'insights',
      subcommand: 'member',
      options: { member: { user: a.member.id } },
    });
    expect((await standIn.answer(check)).content).toBe(
      'This member asked not to be shown by name in Hearth’s insights. Their activity counts in the totals only once at least 5 members have asked the same.',
    );
    // The adversary's subtraction: the totals minus the owner's and the manager's own figures
    // would be hers. One hidden member is fewer than 5: the totals leave her out, and say so.
    const totals = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'insights',
      subcommand: 'overview',
      options: { period: 'week' },
    });
    const lines = (
      (await standIn.answer(totals)).embeds as { description: string }[]
    )[0]!.description.split('\n');
    expect(lines).toEqual([
      '**Active members:** 2 (100% of all members)',
      '**Joined:** 0 · **left:** 0',
      '**Messages:** 2',
      '**Depth:** not shown while figures leave out members who asked not to be counted (the word counts do not say whose they are)',
      '**Conversations started by members** (not staff): —',
      '**Replies from member to member:** 0%, how much the community talks without staff',
      '**Prompts that got replies:** no prompt was posted in this period',
      '**Poll participation:** no poll was opened in this period',
      '**Onboarding:** 0 joined · 0 started · 0 completed',
      '**Waitlist:** 0 waiting',
      'Figures leave out members who asked not to be counted (`/privacy hide`) wherever fewer than 5 of them would be in one: else what they did could be worked out by subtraction.',
    ]);
    const manager = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'insights',
      subcommand: 'member',
      options: { member: { user: a.manager.id } },
    });
    expect(JSON.stringify((await standIn.answer(manager)).embeds)).toContain(
      'Last 4 weeks: 1 message, 1 reply, 0 threads, active on 1 day',
    );
  });

  it('keeps each server’s insights to itself', async () => {
    const other = standIn.command({
      guild: b.guild,
      user: b.owner.id,
      command: 'insights',
      subcommand: 'overview',
    });
    const lines = ((await standIn.answer(other)).embeds as { description: string }[])[0]!
      .description;
    expect(lines).toContain('**Messages:** 0');
    expect(lines).toContain('**Active members:** 0');
  });

  it('posts the weekly digest on Monday at 09:00 in the server’s time zone, once, with a chart', async () => {
    clock = MONDAY_9_ROME - 60_000;
    await bot.hearth.tick();
    const digests = () =>
      standIn.requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${a.log}/messages` &&
          (r.body as { embeds?: { title?: string }[] }).embeds?.[0]?.title ===
            'Your week in the community',
      );
    expect(digests()).toHaveLength(0);
    clock = MONDAY_9_ROME;
    await bot.hearth.tick();
    clock += 60_000;
    await bot.hearth.tick();
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.files.map((f) => f.filename)).toEqual(['trends.png']);
    // The member who asked not to be counted is left out of the digest too, which says so.
    const digest = (digests()[0]!.body as { embeds: { description: string }[] }).embeds[0]!;
    expect(digest.description).toContain('**Messages:** 2');
    expect(digest.description).toContain(
      'Figures leave out members who asked not to be counted (`/privacy hide`) wherever fewer than 5 of them would be in one',
    );
    expect((digests()[0]!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
    });
  });
});
