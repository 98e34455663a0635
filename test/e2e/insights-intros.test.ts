/**
 * `/insights intros` end to end: six members take part (one asked not to be counted), two rounds
 * are made, check-ins answered and replies sent on the stand-in's gateway, before and after the
 * matches; the figures the manager reads follow from what happened, and no message text is kept
 * or logged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { GatewayDispatchEvents, type APIUser } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { introRoutes } from '../../src/features/intros/routes.js';
import { DiscordStandIn, isEphemeral, type OptionValue } from '../stand-in/server.js';
import { messagePayload, snowflake } from '../stand-in/payloads.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

const SECRET = 'ZQXintro-secret nobody may store';
const DAY = 86_400_000;
let clock = Date.UTC(2026, 11, 1, 9, 0);
const now = () => clock;
let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
/** A second server, in Italian, with one small round. */
let b: ReturnType<typeof seedCommunity>;

afterEach(() => {
  expect(standIn.unknownRequests).toEqual([]);
  expect(standIn.refusals).toEqual([]);
  expect(bot.logs.errors).toEqual([]);
});

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Meet Club' });
  b = seedCommunity(standIn, { name: 'Piccolo Club' });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now });
});

afterAll(async () => {
  await bot.stop();
  await db.destroy();
  await standIn.stop();
});

async function run(
  command: string,
  subcommand: string,
  options: Record<string, OptionValue>,
  user = a.owner.id,
) {
  const answer = await standIn.answer(
    standIn.command({ guild: a.guild, user, command, subcommand, options }),
  );
  expect(isEphemeral(answer)).toBe(true);
  return answer;
}

/** `author` replies to a message of `to` in `channel`, as Discord sends a reply. */
function reply(channel: string, author: APIUser, to: APIUser) {
  const referenced = snowflake();
  standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
    ...messagePayload({ id: snowflake(), channel_id: channel, author, content: SECRET }),
    guild_id: a.guild,
    member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
    message_reference: { message_id: referenced, channel_id: channel, guild_id: a.guild },
    referenced_message: messagePayload({ id: referenced, channel_id: channel, author: to }),
  });
}

const replyPairs = async () =>
  (await db.selectFrom('intro_reply_pairs').select(['user_low', 'user_high']).execute()).map(
    (r) => `${r.user_low}|${r.user_high}`,
  );
const key = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

async function roundGroups(roundId: number) {
  const groups = await db
    .selectFrom('intro_groups')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('id')
    .execute();
  const out: { id: number; thread: string; members: string[] }[] = [];
  for (const g of groups) {
    const members = await db
      .selectFrom('intro_group_members')
      .select('user_id')
      .where('group_id', '=', g.id)
      .orderBy('user_id')
      .execute();
    out.push({ id: g.id, thread: g.thread_id!, members: members.map((m) => m.user_id) });
  }
  return out;
}

/** Makes the round due now, and waits until its threads are made. */
async function makeRound() {
  const settings = await db.selectFrom('intro_settings').selectAll().executeTakeFirstOrThrow();
  clock = settings.next_round_at;
  await bot.hearth.tick();
  const round = await db
    .selectFrom('intro_rounds')
    .selectAll()
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  await until(async () => {
    const pending = await db
      .selectFrom('outbox')
      .select('id')
      .where('kind', '=', 'intros.open')
      .where('state', '!=', 'done')
      .execute();
    return pending.length === 0;
  });
  return { round, groups: await roundGroups(round.id) };
}

/** The check-in of the round, and each group's answer pressed by its first member (or none). */
async function checkIn(
  round: { checkin_at: number },
  groups: Awaited<ReturnType<typeof roundGroups>>,
  answers: ('yes' | 'not_yet' | null)[],
) {
  clock = round.checkin_at;
  await bot.hearth.tick();
  for (const [i, group] of groups.entries()) {
    const message = await until(() =>
      standIn.postedIn(group.thread).find((m) => m.content.includes('did you meet')),
    );
    const answer = answers[i];
    if (answer === undefined || answer === null) continue;
    const pressed = await standIn.answer(
      standIn.click({
        guild: a.guild,
        user: group.members[0]!,
        message,
        customId: introRoutes.met.build({ group: group.id, answer }),
      }),
    );
    expect(String(pressed.content)).toBe('Thanks, noted.');
  }
}

describe('/insights intros after two rounds', () => {
  it('shows pairs made, the repeat rate, who met and new connections, leaving the hidden member out', async () => {
    await standIn.answer(
      standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { timezone: 'Europe/Rome', log_channel: { channel: a.log } },
      }),
    );
    const channel = standIn.addChannel(a.guild, { name: 'intros' });
    await run('intros', 'setup', { channel: { channel }, cadence: 'weekly', day: '2', hour: 10 });
    const [ana, bea, cai, dan, eli, fay] = ['ana', 'bea', 'cai', 'dan', 'eli', 'fay'].map((n) =>
      standIn.addMember(a.guild, n),
    ) as [APIUser, APIUser, APIUser, APIUser, APIUser, APIUser];
    const people = [ana, bea, cai, dan, eli, fay];
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const p of people)
      expect(String((await run('intros', 'join', {}, p.id)).content)).toContain('You are in');
    // Ana asks not to be counted: fewer than 5 hidden, so her groups and pairs are left out of
    // the met and connection figures (never out of the pairs made).
    await run('privacy', 'hide', { on: true }, ana.id);
    // /intros status reads the pool from Discord's member list, as a round does.
    expect(String((await run('intros', 'status', {})).content)).toContain('In the pool: 6.');

    // Before any match: bea, cai and dan reply to each other (a pair of them matched later had
    // talked already). Replies from someone not taking part, to oneself or from a bot: nothing.
    reply(a.welcome, bea, cai);
    reply(a.welcome, cai, dan);
    reply(a.welcome, dan, bea);
    reply(a.welcome, a.member, bea);
    reply(a.welcome, eli, eli);
    reply(a.welcome, { ...standIn.addMember(a.guild, 'robot'), bot: true }, eli);
    const talked = new Set([key(bea.id, cai.id), key(cai.id, dan.id), key(dan.id, bea.id)]);
    await until(async () => (await replyPairs()).length === 3);
    await bot.hearth.tick();
    expect(new Set(await replyPairs())).toEqual(talked);

    // Round 1: three pairs. Check-in: the first group says yes, the second not yet, the third
    // nothing. A day later, in each thread, the second member replies to the first.
    const one = await makeRound();
    expect(one.groups.map((g) => g.members.length)).toEqual([2, 2, 2]);
    const answers1 = ['yes', 'not_yet', null] as const;
    await checkIn(one.round, one.groups, [...answers1]);
    for (const g of one.groups) reply(g.thread, byId.get(g.members[1]!)!, byId.get(g.members[0]!)!);

    // Round 2: three new pairs (no repeats within 6 rounds); every group says yes; replies again.
    const two = await makeRound();
    const answers2 = ['yes', 'yes', 'yes'] as const;
    await checkIn(two.round, two.groups, [...answers2]);
    for (const g of two.groups) reply(g.thread, byId.get(g.members[0]!)!, byId.get(g.members[1]!)!);
    const matched = [...one.groups, ...two.groups].map((g) => key(g.members[0]!, g.members[1]!));
    expect(new Set(matched).size).toBe(6);
    await until(
      async () => new Set([...(await replyPairs())]).size === new Set([...talked, ...matched]).size,
    );

    // What the figures must say, from what happened: groups without Ana.
    const counted = [...one.groups, ...two.groups].map((g, i) => ({
      pair: key(g.members[0]!, g.members[1]!),
      withAna: g.members.includes(ana.id),
      answer: i < 3 ? answers1[i]! : answers2[i - 3]!,
    }));
    const shown = counted.filter((g) => !g.withAna);
    expect(shown).toHaveLength(4);
    const answered = shown.filter((g) => g.answer !== null).length;
    const met = shown.filter((g) => g.answer === 'yes').length;
    const before = shown.filter((g) => talked.has(g.pair)).length;
    const fresh = shown.length - before;
    const pct = (x: number, of: number) => `${Math.round((x / of) * 100)}%`;

    clock += DAY;
    const answer = await run('insights', 'intros', {});
    const [embed] = answer.embeds as { title: string; description: string }[];
    const text = embed!.description;
    expect(embed!.title).toBe('Introductions: what members gained');
    expect(text).toContain('**Pairs made:** 6 in 2 rounds');
    expect(text).toContain('Round 1 (');
    expect(text).toContain('): 3 pairs in 3 groups, no repeats');
    expect(text).toContain('**Repeat rate:** 0% (0 of 6 pairs');
    expect(text).toContain(
      `**Met:** ${pct(met, answered)} of groups (${met} of the ${answered} whose check-in was answered; ${shown.length - answered} not answered)`,
    );
    expect(text).toContain(
      `**New connections:** ${fresh} (${pct(fresh, 4)} of the 4 pairs matched in the last 6 months replied to each other after their introduction and not before; ${before} had already replied before it). Measured from when both had joined introductions.`,
    );
    expect(text).toContain('leave out members who asked not to be counted');

    // Never the text: not in any table, not in any log line.
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    for (const { name } of tables.rows) {
      const rows = await sql`select * from ${sql.table(name)}`.execute(db);
      expect(JSON.stringify(rows.rows), name).not.toContain('ZQXintro');
    }
    expect(bot.logs.raw.join('\n')).not.toContain('ZQXintro');
  });

  it('in Italian, and says when a figure rests on too few pairs', async () => {
    // A second server with one round of two pairs: every rate rests on fewer than 3.
    await standIn.answer(
      standIn.command({
        guild: b.guild,
        user: b.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { timezone: 'Europe/Rome', log_channel: { channel: b.log }, language: 'it' },
      }),
    );
    const channel = standIn.addChannel(b.guild, { name: 'intros' });
    const asB = async (
      command: string,
      subcommand: string,
      options: Record<string, OptionValue>,
      user = b.owner.id,
    ) =>
      standIn.answer(
        standIn.command({ guild: b.guild, user, command, subcommand, options, locale: 'it' }),
      );
    await asB('intros', 'setup', { channel: { channel }, cadence: 'weekly', day: '2', hour: 10 });
    const none = await asB('insights', 'intros', {});
    expect(String(none.content)).toContain('nessun turno di presentazioni');
    for (const n of ['uno', 'due', 'tre', 'quattro'])
      await asB('intros', 'join', {}, standIn.addMember(b.guild, n).id);
    const settings = await db
      .selectFrom('intro_settings')
      .selectAll()
      .where('guild_id', '=', b.guild)
      .executeTakeFirstOrThrow();
    clock = Math.max(clock, settings.next_round_at);
    await bot.hearth.tick();
    const shown = await asB('insights', 'intros', {});
    const text = (shown.embeds as { description: string }[])[0]!.description;
    expect(text).toContain('**Coppie formate:** 2 in 1 turno');
    expect(text).toContain(
      '**Ripetizioni:** troppo pochi per mostrarlo (si baserebbe su 2; ne servono almeno 3',
    );
    expect(text).toContain('**Incontri:** troppo pochi per mostrarlo (si baserebbe su 0;');
    expect(text).toContain('**Nuovi legami:** troppo pochi per mostrarlo (si baserebbe su 2;');
  });
});
