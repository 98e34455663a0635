import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import {
  ChannelType,
  GatewayDispatchEvents,
  OverwriteType,
  PermissionFlagsBits,
  type APIMessage,
} from 'discord-api-types/v10';
import { INVITE_PERMISSIONS } from '../../src/features/guilds/health.discord.js';
import { runRound, setupIntros } from '../../src/features/intros/service.js';
import { DiscordStandIn, isEphemeral, type OptionValue } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { introRoutes } from '../../src/features/intros/routes.js';
import { seedCommunity } from '../helpers/world.js';

let clock = Date.UTC(2026, 11, 1, 9, 0);
const now = () => clock;
let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;
/** A server where Hearth has only what its invite asks for, and one channel denies it more. */
let c: ReturnType<typeof seedCommunity>;
let closed: string;
/** A server whose members ignore every check-in. */
let d: ReturnType<typeof seedCommunity>;

async function intros(
  subcommand: string,
  options: Record<string, OptionValue>,
  { guild = a.guild, user = a.owner.id }: { guild?: string; user?: string } = {},
) {
  const interaction = standIn.command({ guild, user, command: 'intros', subcommand, options });
  const answer = await standIn.answer(interaction);
  expect(isEphemeral(answer)).toBe(true);
  return String(answer.content);
}

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Brand Lab' });
  b = seedCommunity(standIn, { name: 'Other Place' });
  c = seedCommunity(standIn, { name: 'Closed Doors', botPermissions: INVITE_PERMISSIONS });
  d = seedCommunity(standIn, { name: 'Quiet Corner' });
  closed = standIn.addChannel(c.guild, {
    name: 'intros',
    permission_overwrites: [
      {
        id: c.guild,
        type: OverwriteType.Role,
        allow: '0',
        deny: String(PermissionFlagsBits.CreatePrivateThreads),
      },
    ],
  });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now });
});

afterAll(async () => {
  await bot.stop();
  await db.destroy();
  await standIn.stop();
});

afterEach(() => {
  expect(standIn.unknownRequests).toEqual([]);
  expect(standIn.refusals).toEqual([]);
  expect(bot.logs.errors).toEqual([]);
});

describe('introductions, driven as members and a manager would', () => {
  it('a member cannot set them up; a manager can, and members join and avoid', async () => {
    const refused = await intros(
      'setup',
      { channel: { channel: a.announcements }, cadence: 'weekly', day: '2', hour: 10 },
      { user: a.member.id },
    );
    expect(refused).toContain('Only managers');
    expect(await db.selectFrom('intro_settings').selectAll().execute()).toEqual([]);
    const done = await intros('setup', {
      channel: { channel: a.announcements },
      cadence: 'weekly',
      day: '2',
      hour: 10,
    });
    expect(done).toContain('Introductions are on');
    expect(await intros('join', {}, { user: a.member.id })).toContain('You are in');
    expect(await intros('join', {}, { user: a.manager.id })).toContain('You are in');
    expect(
      await intros('avoid', { member: { user: a.manager.id } }, { user: a.member.id }),
    ).toContain('never be matched');
    const stored = await db.selectFrom('intro_exclusions').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(a.manager.id);
  });
});

async function hearthSetup(c: ReturnType<typeof seedCommunity>) {
  const interaction = standIn.command({
    guild: c.guild,
    user: c.owner.id,
    command: 'hearth',
    subcommand: 'setup',
    options: { timezone: 'Europe/Rome', log_channel: { channel: c.log } },
  });
  await standIn.answer(interaction);
}

async function press(guild: string, user: string, message: APIMessage, customId: string) {
  const answer = await standIn.answer(standIn.click({ guild, user, message, customId }));
  return String(answer.content);
}

const groupsOf = (roundId: number) =>
  db.selectFrom('intro_groups').selectAll().where('round_id', '=', roundId).orderBy('id').execute();
const membersOf = async (groupId: number) =>
  (
    await db
      .selectFrom('intro_group_members')
      .select('user_id')
      .where('group_id', '=', groupId)
      .execute()
  )
    .map((r) => r.user_id)
    .sort();
const latestRound = (guild: string) =>
  db
    .selectFrom('intro_rounds')
    .selectAll()
    .where('guild_id', '=', guild)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
const threadPosts = (channel: string) =>
  standIn.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/threads`);

describe('a round on Discord: private threads, check-ins, a deleted channel', () => {
  let channel: string;
  let people: string[];
  let departed: string;
  let roundId: number;

  beforeAll(async () => {
    await hearthSetup(a);
    await hearthSetup(b);
    channel = standIn.addChannel(a.guild, { name: 'intros' });
    // Tuesday 10:00 in Rome: the first round is a week from the clock's Tuesday 09:00 UTC.
    expect(
      await intros('setup', { channel: { channel }, cadence: 'weekly', day: '2', hour: 10 }),
    ).toContain('Introductions are on');
    const extra = ['ana', 'bea', 'cai', 'dan', 'eli'].map((n) => standIn.addMember(a.guild, n).id);
    for (const user of extra) expect(await intros('join', {}, { user })).toContain('You are in');
    // The existing test's avoid stays: member and manager are never paired.
    people = [a.member.id, a.manager.id, ...extra];
    const bChannel = standIn.addChannel(b.guild, { name: 'intros' });
    await intros(
      'setup',
      { channel: { channel: bChannel }, cadence: 'weekly', day: '2', hour: 10 },
      { guild: b.guild, user: b.owner.id },
    );
    for (const user of [b.member.id, b.manager.id])
      await intros('join', {}, { guild: b.guild, user });
  });

  it('makes one private thread per group with exactly its members; who left is out, never written to', async () => {
    departed = people[6]!;
    standIn.leave(a.guild, departed);
    const settings = await db.selectFrom('intro_settings').selectAll().execute();
    clock = Math.max(...settings.map((s) => s.next_round_at));
    await bot.hearth.tick();
    const round = await latestRound(a.guild);
    roundId = round.id;
    // The member who left is no longer opted in, and not in the pool.
    expect(round.pool).toBe(6);
    const left = await db
      .selectFrom('intro_members')
      .select('status')
      .where('guild_id', '=', a.guild)
      .where('user_id', '=', departed)
      .executeTakeFirstOrThrow();
    expect(left.status).toBe('out');
    // Every group's effect carried out (a pair whose other half left gets no thread).
    await until(async () => {
      const pending = await db
        .selectFrom('outbox')
        .select('id')
        .where('kind', '=', 'intros.open')
        .where('state', '!=', 'done')
        .execute();
      return pending.length === 0;
    });
    const groups = await groupsOf(round.id);
    const threads = standIn.threadsIn(channel, ChannelType.PrivateThread);
    // Every group with two people left has its thread; a pair whose other half left has none.
    const withThread = groups.filter((g) => g.thread_id !== null);
    expect(threads.map((t) => t.id).sort()).toEqual(withThread.map((g) => g.thread_id).sort());
    expect(threadPosts(channel)).toHaveLength(withThread.length);
    const inThreads: string[] = [];
    for (const group of withThread) {
      const members = await membersOf(group.id);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members).not.toContain(departed);
      const inThread = [...standIn.threadMembers.get(group.thread_id!)!]
        .filter((id) => id !== standIn.botUser.id)
        .sort();
      expect(inThread).toEqual(members);
      inThreads.push(...members);
      const [hello] = standIn.postedIn(group.thread_id!);
      const sent = standIn.requests.find(
        (r) => r.method === 'POST' && r.path === `/channels/${group.thread_id}/messages`,
      )!.body as { content: string; allowed_mentions: { parse: string[]; users: string[] } };
      expect(sent.allowed_mentions.parse).toEqual([]);
      expect([...sent.allowed_mentions.users].sort()).toEqual(members);
      const mentioned = [...hello!.content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]);
      expect(new Set(mentioned)).toEqual(new Set(members));
      expect(hello!.content.length).toBeLessThanOrEqual(2000);
      expect(hello!.content).not.toContain('@everyone');
      const thread = threads.find((t) => t.id === group.thread_id)!;
      expect((thread as { name: string }).name.length).toBeLessThanOrEqual(100);
    }
    // Everyone still here and matched is in exactly one thread, and never the one who left.
    expect(new Set(inThreads).size).toBe(inThreads.length);
    const dropped = groups.filter((g) => g.thread_id === null);
    for (const group of dropped) {
      const [alone] = await membersOf(group.id);
      await until(() =>
        standIn.dmsTo(alone!).some((m) => m.content.includes('has left the server')),
      );
    }
    expect(inThreads.length + dropped.length).toBe(6);
    expect(standIn.dmsTo(departed)).toEqual([]);
  });

  it('records check-in answers from the group only; another server’s or group’s id is refused', async () => {
    const round = await db
      .selectFrom('intro_rounds')
      .selectAll()
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow();
    clock = round.checkin_at;
    await bot.hearth.tick();
    const group = (await groupsOf(roundId)).find((g) => g.thread_id !== null)!;
    const members = await membersOf(group.id);
    const checkIn = await until(() =>
      standIn.postedIn(group.thread_id!).find((m) => m.content.includes('did you meet')),
    );
    const yes = introRoutes.met.build({ group: group.id, answer: 'yes' });
    const notYet = introRoutes.met.build({ group: group.id, answer: 'not_yet' });
    expect(await press(a.guild, members[0]!, checkIn, yes)).toBe('Thanks, noted.');
    expect(await press(a.guild, members[0]!, checkIn, yes)).toBe('Thanks, noted.');
    expect(await press(a.guild, members[0]!, checkIn, notYet)).toBe(
      'Thanks, your answer is updated.',
    );
    const outsider = people.find((p) => p !== departed && !members.includes(p))!;
    expect(await press(a.guild, outsider, checkIn, yes)).toContain('not yours');
    // Guild b's group, pressed in guild a: no such introduction here, and b's rows are untouched.
    const bRound = await latestRound(b.guild);
    const [bGroup] = await groupsOf(bRound.id);
    const forged = introRoutes.met.build({ group: bGroup!.id, answer: 'yes' });
    expect(await press(a.guild, members[0]!, checkIn, forged)).toContain('no longer exists');
    const answers = await db
      .selectFrom('intro_group_members')
      .select(['group_id', 'user_id', 'met'])
      .where('met', 'is not', null)
      .execute();
    expect(answers).toEqual([{ group_id: group.id, user_id: members[0], met: 'not_yet' }]);
  });

  it('after downtime across three due times, makes only the latest round', async () => {
    const before = await latestRound(a.guild);
    clock = before.due_at + 3 * 7 * 86_400_000 + 3_600_000;
    await bot.hearth.tick();
    const after = await latestRound(a.guild);
    expect(after.seq).toBe(before.seq + 1);
    expect(after.due_at).toBe(before.due_at + 3 * 7 * 86_400_000);
    await bot.hearth.tick();
    expect((await latestRound(a.guild)).seq).toBe(after.seq);
  });

  it('a deleted intro channel is told to managers once, and rounds stop instead of retrying', async () => {
    standIn.deleteChannel(a.guild, channel);
    const settings = await db
      .selectFrom('intro_settings')
      .selectAll()
      .where('guild_id', '=', a.guild)
      .executeTakeFirstOrThrow();
    clock = settings.next_round_at;
    const posts = threadPosts(channel).length;
    await bot.hearth.tick();
    await until(async () => {
      const row = await db
        .selectFrom('intro_settings')
        .select('enabled')
        .where('guild_id', '=', a.guild)
        .executeTakeFirstOrThrow();
      return row.enabled === 0;
    });
    const notices = () =>
      standIn.postedIn(a.log).filter((m) => m.content.includes('introductions are paused'));
    await until(() => notices().length === 1);
    const triedAfterDelete = threadPosts(channel).length - posts;
    expect(triedAfterDelete).toBe(1);
    for (let week = 1; week <= 3; week++) {
      clock += 7 * 86_400_000;
      await bot.hearth.tick();
    }
    expect(threadPosts(channel).length - posts).toBe(1);
    expect(notices()).toHaveLength(1);
  });
});

describe('/hearth status and the intro channel', () => {
  const status = async () => {
    const run = standIn.command({
      guild: c.guild,
      user: c.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    return JSON.stringify(await standIn.answer(run));
  };

  it('refuses a channel missing what rounds need, and status names the missing permission, then the deleted channel', async () => {
    await hearthSetup(c);
    // /intros setup names what is missing and turns nothing on.
    const refused = await intros(
      'setup',
      { channel: { channel: closed }, cadence: 'weekly', day: '2', hour: 10 },
      { guild: c.guild, user: c.owner.id },
    );
    expect(refused).toContain('Create Private Threads');
    expect(
      await db.selectFrom('intro_settings').selectAll().where('guild_id', '=', c.guild).execute(),
    ).toEqual([]);
    expect(await status()).not.toContain('Introductions');
    // The permission taken away after setup (set up here straight in the database).
    await setupIntros(
      db,
      c.guild,
      {
        cadence: 'weekly',
        weekday: 2,
        hour: 10,
        minute: 0,
        groupSize: 2,
        channelId: closed,
        audienceRoleId: null,
        audienceSegmentId: null,
        criteria: [],
        zone: 'Europe/Rome',
      },
      clock,
    );
    const shown = await status();
    expect(shown).toContain(
      `Introductions: in <#${closed}> Hearth is missing Create Private Threads, so rounds cannot open their private threads.`,
    );
    expect(shown).not.toContain('Send Messages in Threads');
    // The channel deleted: status says so, once.
    standIn.guilds.get(c.guild)!.channels.delete(closed);
    standIn.dispatch(GatewayDispatchEvents.ChannelDelete, {
      id: closed,
      guild_id: c.guild,
      type: 0,
    });
    await until(() => !bot.hearth.client.channels.cache.has(closed));
    const gone = await status();
    expect(gone.match(/The introductions channel was deleted/g)).toHaveLength(1);
    // Introductions turned off: nothing to check.
    expect(await intros('off', {}, { guild: c.guild, user: c.owner.id })).toBeTruthy();
    expect(await status()).not.toContain('introductions channel');
  });
});

describe('three ignored check-ins: stay, pause or leave', () => {
  it('asks each member by DM instead of pairing them, and Stay, Pause and Leave do what they say', async () => {
    await hearthSetup(d);
    const channel = standIn.addChannel(d.guild, { name: 'intros' });
    await intros(
      'setup',
      { channel: { channel }, cadence: 'weekly', day: '2', hour: 10 },
      { guild: d.guild, user: d.owner.id },
    );
    const [stays, pauses, leaves] = ['sam', 'pat', 'lou'].map(
      (name) => standIn.addMember(d.guild, name).id,
    ) as [string, string, string];
    for (const user of [stays, pauses, leaves])
      expect(await intros('join', {}, { guild: d.guild, user })).toContain('You are in');
    const state = (user: string) =>
      db
        .selectFrom('intro_members')
        .select(['status', 'paused_until', 'asked_at', 'ignored'])
        .where('guild_id', '=', d.guild)
        .where('user_id', '=', user)
        .executeTakeFirstOrThrow();
    const nextRound = async () => {
      const settings = await db
        .selectFrom('intro_settings')
        .select('next_round_at')
        .where('guild_id', '=', d.guild)
        .executeTakeFirstOrThrow();
      clock = settings.next_round_at;
      await bot.hearth.tick();
      return latestRound(d.guild);
    };
    // Three rounds with a group each, nobody answering the check-in.
    for (let r = 0; r < 3; r++) {
      const round = await nextRound();
      expect((await groupsOf(round.id)).length).toBe(1);
    }
    const asks = (user: string) =>
      standIn.dmsTo(user).filter((m) => m.content.includes('stay, pause for four weeks, or leave'));
    for (const user of [stays, pauses, leaves]) expect(asks(user)).toEqual([]);
    // The fourth: asked instead of paired, once each, by DM.
    const fourth = await nextRound();
    expect(await groupsOf(fourth.id)).toEqual([]);
    for (const user of [stays, pauses, leaves]) {
      await until(() => asks(user).length === 1);
      expect((await state(user)).asked_at).not.toBeNull();
    }
    const pressed = (user: string, choice: 'stay' | 'pause' | 'leave') =>
      standIn
        .answer(
          standIn.clickInDm({
            user,
            message: asks(user)[0]!,
            customId: introRoutes.stay.build({ guild: d.guild, choice }),
          }),
        )
        .then((a) => String(a.content));
    expect(await pressed(stays, 'stay')).toBe('Great, you stay in the introductions.');
    expect(await state(stays)).toMatchObject({
      status: 'in',
      paused_until: null,
      asked_at: null,
      ignored: 0,
    });
    expect(await pressed(pauses, 'pause')).toBe('Paused for four weeks.');
    expect(await state(pauses)).toMatchObject({
      status: 'in',
      paused_until: clock + 28 * 86_400_000,
      asked_at: null,
    });
    expect(await pressed(leaves, 'leave')).toContain('You no longer take part.');
    expect(await state(leaves)).toMatchObject({ status: 'out', asked_at: null });
    // A second press changes nothing.
    expect(await pressed(leaves, 'stay')).toBe('Nothing to answer now.');
    expect((await state(leaves)).status).toBe('out');
    // The next round: only the one who stayed is in the pool (alone, and told so).
    const fifth = await nextRound();
    expect(fifth.pool).toBe(1);
    await until(() => standIn.dmsTo(stays).some((m) => m.content.includes('the only one')));
    expect(standIn.dmsTo(leaves).filter((m) => m.content.includes('No introduction'))).toEqual([]);
  });
});

describe('bad input: a pool of one, everyone excluding everyone', () => {
  it('makes no group and no thread, tells the members why by DM and the managers in the log', async () => {
    const nextRound = async () => {
      const settings = await db
        .selectFrom('intro_settings')
        .select('next_round_at')
        .where('guild_id', '=', b.guild)
        .executeTakeFirstOrThrow();
      clock = settings.next_round_at;
      await bot.hearth.tick();
      return latestRound(b.guild);
    };
    const bChannel = (
      await db
        .selectFrom('intro_settings')
        .select('channel_id')
        .where('guild_id', '=', b.guild)
        .executeTakeFirstOrThrow()
    ).channel_id;
    const threads = threadPosts(bChannel).length;
    const log = (text: string) => standIn.postedIn(b.log).filter((m) => m.content.includes(text));
    const dms = (user: string, text: string) =>
      standIn.dmsTo(user).filter((m) => m.content.includes(text));
    // A pool of one: the manager leaves, the member is alone (joining again clears the check-ins
    // the earlier tests' rounds left unanswered here).
    await intros('join', {}, { guild: b.guild, user: b.member.id });
    expect(await intros('leave', {}, { guild: b.guild, user: b.manager.id })).toBeTruthy();
    const alone = await nextRound();
    expect(alone.pool).toBe(1);
    expect(await groupsOf(alone.id)).toEqual([]);
    await until(() => log('only 1 member took part this round').length === 1);
    await until(() => dms(b.member.id, 'you are the only one taking part').length === 1);
    // Everyone excluding everyone: two members, each avoiding the other.
    await intros('join', {}, { guild: b.guild, user: b.manager.id });
    await intros(
      'avoid',
      { member: { user: b.member.id } },
      { guild: b.guild, user: b.manager.id },
    );
    await intros(
      'avoid',
      { member: { user: b.manager.id } },
      { guild: b.guild, user: b.member.id },
    );
    const blocked = await nextRound();
    expect(blocked.pool).toBe(2);
    expect(await groupsOf(blocked.id)).toEqual([]);
    await until(() => log('left no pair possible').length === 1);
    for (const user of [b.member.id, b.manager.id])
      await until(() => dms(user, 'you asked not to be matched with everyone else').length === 1);
    // Nothing half-done: no thread was asked of Discord, nothing is left pending.
    expect(threadPosts(bChannel).length).toBe(threads);
    const pending = await db
      .selectFrom('outbox')
      .select('kind')
      .where('guild_id', '=', b.guild)
      .where('state', '!=', 'done')
      .execute();
    expect(pending).toEqual([]);
  });
});

// Attacker: a member backs out (/intros leave) after the round matched them but before Hearth
// carried it out (the outbox was busy, or Hearth restarted).
describe('backing out after the round, before its thread is made', () => {
  it('puts nobody who left the introductions in a thread, and writes nothing to them', async () => {
    const channel = (
      await db
        .selectFrom('intro_settings')
        .select('channel_id')
        .where('guild_id', '=', b.guild)
        .executeTakeFirstOrThrow()
    ).channel_id;
    for (const user of [b.member.id, b.manager.id])
      await intros('leave', {}, { guild: b.guild, user });
    const [stays, backsOut] = ['fay', 'gus'].map((n) => standIn.addMember(b.guild, n).id) as [
      string,
      string,
    ];
    for (const user of [stays, backsOut])
      expect(await intros('join', {}, { guild: b.guild, user })).toContain('You are in');
    const threads = threadPosts(channel).length;
    // The round is made for its due time, still ahead of Hearth's clock: its work waits.
    const { next_round_at: due } = await db
      .selectFrom('intro_settings')
      .select('next_round_at')
      .where('guild_id', '=', b.guild)
      .executeTakeFirstOrThrow();
    const round = await runRound(db, Buffer.alloc(32), b.guild, 'UTC', due);
    expect(round!.result.groups).toEqual([[stays, backsOut].sort()]);
    expect(await intros('leave', {}, { guild: b.guild, user: backsOut })).toContain(
      'no longer take part',
    );
    clock = due;
    await bot.hearth.tick();
    await until(() => standIn.dmsTo(stays).some((m) => m.content.includes('no longer takes part')));
    expect(threadPosts(channel).length).toBe(threads);
    expect(standIn.dmsTo(backsOut)).toEqual([]);
    expect(await membersOf((await groupsOf(round!.roundId))[0]!.id)).toEqual([stays]);
  });
});
