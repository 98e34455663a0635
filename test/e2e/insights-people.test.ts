/**
 * Insights count people: Hearth's own posts and other bots' never count as members (or as
 * anyone), and who is staff comes from the manager role, not from messages seen since the last
 * restart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents, type APIUser } from 'discord-api-types/v10';
import { startBot, until } from '../helpers/bot.js';
import { memberPayload, messagePayload, snowflake, userPayload } from '../stand-in/payloads.js';
import { e2eSuite } from '../helpers/suite.js';

const DAY = 86_400_000;
const MONDAY = Date.UTC(2026, 10, 23, 8, 0);
let clock = MONDAY - 2 * DAY;
const now = () => clock;
let second: APIUser;
let otherBot: APIUser;

function say(
  author: APIUser,
  roles: string[],
  at: number,
  replyTo?: { id: string; author: APIUser },
): { id: string; author: APIUser } {
  const id = snowflake();
  s.standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
    ...messagePayload({ id, channel_id: s.a.welcome, author, content: '' }),
    timestamp: new Date(at).toISOString(),
    guild_id: s.a.guild,
    member: { roles, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
    ...(replyTo === undefined
      ? {}
      : {
          message_reference: {
            message_id: replyTo.id,
            channel_id: s.a.welcome,
            guild_id: s.a.guild,
          },
          referenced_message: messagePayload({
            id: replyTo.id,
            channel_id: s.a.welcome,
            author: replyTo.author,
            content: '',
          }),
        }),
  });
  return { id, author };
}

async function events(): Promise<{ user_id: string; reply_to: string | null; staff: number }[]> {
  await s.bot.hearth.flushEvents();
  return s.db
    .selectFrom('message_events')
    .select(['user_id', 'reply_to', 'staff'])
    .where('guild_id', '=', s.a.guild)
    .orderBy('id')
    .execute();
}

async function overview(): Promise<string[]> {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'insights',
    subcommand: 'overview',
    options: { period: 'week' },
  });
  return (
    (await s.standIn.answer(interaction)).embeds as { description: string }[]
  )[0]!.description.split('\n');
}

const s = e2eSuite({
  a: { name: 'People Club' },
  now: () => now(),
  seed: ({ standIn, a }) => {
    second = standIn.addMember(a.guild, 'second member', [a.memberRole]);
    otherBot = userPayload(snowflake(), 'OtherBot', true);
    standIn.users.set(otherBot.id, otherBot);
    standIn.guilds.get(a.guild)!.members.set(otherBot.id, memberPayload(otherBot, []));
  },
});
beforeAll(() =>
  s.setup(s.a, { manager_role: { role: s.a.managerRole }, log_channel: { channel: s.a.log } }),
);

describe('insights count people', () => {
  let managerPost: { id: string; author: APIUser };
  let hearthPost: { id: string; author: APIUser };

  it('four people wrote, Hearth and another bot posted too: 4 active, 4 messages', async () => {
    const day = MONDAY - DAY;
    hearthPost = say(s.standIn.botUser, [], day);
    say(otherBot, [], day + 500);
    say(s.a.member, [s.a.memberRole], day + 1_000);
    managerPost = say(s.a.manager, [s.a.managerRole], day + 2_000);
    say(s.a.owner, [s.a.staffRole], day + 3_000);
    say(second, [s.a.memberRole], day + 4_000);
    await until(async () => (await events()).length === 4);
    expect((await events()).map((e) => e.user_id).sort()).toEqual(
      [s.a.member.id, s.a.manager.id, s.a.owner.id, second.id].sort(),
    );
    clock = MONDAY - 60_000;
    const lines = await overview();
    expect(lines[0]).toBe('**Active members:** 4 (100% of all members)');
    expect(lines[2]).toBe('**Messages:** 4');
  });

  it('after a restart, a reply to a manager who has not written since is a reply to staff', async () => {
    await s.bot.stop();
    // Events an older Hearth recorded for its own posts are dropped at start.
    await s.db
      .insertInto('message_events')
      .values({
        guild_id: s.a.guild,
        user_id: s.standIn.botUser.id,
        channel_id: s.a.welcome,
        day: Math.floor((MONDAY - DAY) / DAY),
        at: MONDAY - DAY,
        staff: 1,
        reply_to: null,
        starts_thread: 0,
        words: null,
      })
      .execute();
    s.bot = await startBot(s.standIn, { db: s.db, now });
    expect((await events()).some((e) => e.user_id === s.standIn.botUser.id)).toBe(false);
    const at = MONDAY - DAY + 60_000;
    say(second, [s.a.memberRole], at, managerPost);
    say(s.a.member, [s.a.memberRole], at + 1, hearthPost);
    say(s.a.manager, [s.a.managerRole], at + 2, { id: snowflake(), author: second });
    await until(async () => (await events()).length === 7);
    // Order of arrival may differ (asking Discord about the replied-to member takes a moment).
    const byUser = (rows: (string | number | null)[][]) =>
      [...rows].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(byUser((await events()).slice(4).map((e) => [e.user_id, e.reply_to, e.staff]))).toEqual(
      byUser([
        [second.id, 'staff', 0],
        [s.a.member.id, 'bot', 0],
        [s.a.manager.id, 'member', 1],
      ]),
    );
  });
});
