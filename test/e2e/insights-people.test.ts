/**
 * Insights count people: Hearth's own posts and other bots' never count as members (or as
 * anyone), and who is staff comes from the manager role, not from messages seen since the last
 * restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents, type APIUser } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';
import { memberPayload, messagePayload, snowflake, userPayload } from '../stand-in/payloads.js';

const DAY = 86_400_000;
const MONDAY = Date.UTC(2026, 10, 23, 8, 0);
let clock = MONDAY - 2 * DAY;
const now = () => clock;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let second: APIUser;
let otherBot: APIUser;

function say(
  author: APIUser,
  roles: string[],
  at: number,
  replyTo?: { id: string; author: APIUser },
): { id: string; author: APIUser } {
  const id = snowflake();
  standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
    ...messagePayload({ id, channel_id: a.welcome, author, content: '' }),
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

async function events(): Promise<{ user_id: string; reply_to: string | null; staff: number }[]> {
  await bot.hearth.flushEvents();
  return db
    .selectFrom('message_events')
    .select(['user_id', 'reply_to', 'staff'])
    .where('guild_id', '=', a.guild)
    .orderBy('id')
    .execute();
}

async function overview(): Promise<string[]> {
  const interaction = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'insights',
    subcommand: 'overview',
    options: { period: 'week' },
  });
  return (
    (await standIn.answer(interaction)).embeds as { description: string }[]
  )[0]!.description.split('\n');
}

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'People Club' });
  second = standIn.addMember(a.guild, 'second member', [a.memberRole]);
  otherBot = userPayload(snowflake(), 'OtherBot', true);
  standIn.users.set(otherBot.id, otherBot);
  standIn.guilds.get(a.guild)!.members.set(otherBot.id, memberPayload(otherBot, []));
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now });
  await standIn.answer(
    standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { manager_role: { role: a.managerRole }, log_channel: { channel: a.log } },
    }),
  );
});

afterAll(async () => {
  await bot.stop();
  await db.destroy();
  await standIn.stop();
});

afterEach(() => {
  expect(standIn.unknownRequests).toEqual([]);
  expect(bot.logs.errors).toEqual([]);
});

describe('insights count people', () => {
  let managerPost: { id: string; author: APIUser };
  let hearthPost: { id: string; author: APIUser };

  it('four people wrote, Hearth and another bot posted too: 4 active, 4 messages', async () => {
    const day = MONDAY - DAY;
    hearthPost = say(standIn.botUser, [], day);
    say(otherBot, [], day + 500);
    say(a.member, [a.memberRole], day + 1_000);
    managerPost = say(a.manager, [a.managerRole], day + 2_000);
    say(a.owner, [a.staffRole], day + 3_000);
    say(second, [a.memberRole], day + 4_000);
    await until(async () => (await events()).length === 4);
    expect((await events()).map((e) => e.user_id).sort()).toEqual(
      [a.member.id, a.manager.id, a.owner.id, second.id].sort(),
    );
    clock = MONDAY - 60_000;
    const lines = await overview();
    expect(lines[0]).toBe('**Active members:** 4 (100% of all members)');
    expect(lines[2]).toBe('**Messages:** 4');
  });

  it('after a restart, a reply to a manager who has not written since is a reply to staff', async () => {
    await bot.stop();
    // Events an older Hearth recorded for its own posts are dropped at start.
    await db
      .insertInto('message_events')
      .values({
        guild_id: a.guild,
        user_id: standIn.botUser.id,
        channel_id: a.welcome,
        day: Math.floor((MONDAY - DAY) / DAY),
        at: MONDAY - DAY,
        staff: 1,
        reply_to: null,
        starts_thread: 0,
        words: null,
      })
      .execute();
    bot = await startBot(standIn, { db, now });
    expect((await events()).some((e) => e.user_id === standIn.botUser.id)).toBe(false);
    const at = MONDAY - DAY + 60_000;
    say(second, [a.memberRole], at, managerPost);
    say(a.member, [a.memberRole], at + 1, hearthPost);
    say(a.manager, [a.managerRole], at + 2, { id: snowflake(), author: second });
    await until(async () => (await events()).length === 7);
    // Order of arrival may differ (asking Discord about the replied-to member takes a moment).
    const byUser = (rows: (string | number | null)[][]) =>
      [...rows].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(byUser((await events()).slice(4).map((e) => [e.user_id, e.reply_to, e.staff]))).toEqual(
      byUser([
        [second.id, 'staff', 0],
        [a.member.id, 'bot', 0],
        [a.manager.id, 'member', 1],
      ]),
    );
  });
});
