/**
 * The attacker's test of an erase: someone holds a copy of the database made after a member
 * erased their data and stayed, and knows from Discord when that member joined and when they
 * wrote. They try to tie the rows Hearth kept without a name back together (the same stand-in in
 * two tables, or on two rows that need no link) and back to the member (a kept time equal to a
 * time they know). Every attempt must fail, while the community's figures read exactly as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { DiscordStandIn, type CommandInvocation, type OptionValue } from '../stand-in/server.js';
import { startBot, takeRefusals, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';
import { messagePayload, snowflake } from '../stand-in/payloads.js';
import { allRows, rowsNaming } from '../helpers/member-data.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Odd start: no event of the test falls on a round minute, hour or day by chance.
let clock = Date.UTC(2026, 2, 2, 9, 13, 27, 411);
const now = () => clock;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let alice: APIUser;
let bob: APIUser;
let dir: string;
/** What the attacker knows from Discord: when alice joined and when she wrote, to the ms. */
const aliceTimes: number[] = [];
const threads: string[] = [];

type Row = Record<string, unknown>;

async function run(invocation: CommandInvocation) {
  const interaction = standIn.command(invocation);
  return { interaction, answer: await standIn.answer(interaction) };
}
const manager = (command: string, subcommand: string, options: Record<string, OptionValue> = {}) =>
  run({ guild: a.guild, user: a.owner.id, command, subcommand, options });
const buttonsOf = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components ?? [];

/** A message as Discord sends it, written at the test's clock. */
function say(channel: string, author: APIUser): void {
  standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
    ...messagePayload({ id: snowflake(), channel_id: channel, author, content: 'hi' }),
    timestamp: new Date(clock).toISOString(),
    guild_id: a.guild,
    member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
  });
  if (author.id === alice.id) aliceTimes.push(clock);
}

/** Every figure a manager can read about the community, as Hearth answers them now. */
async function figures(): Promise<unknown[]> {
  const prompts = await db.selectFrom('prompts').select('id').orderBy('id').execute();
  const answers = [
    ...(['week', 'month', 'quarter'] as const).map((period) =>
      manager('insights', 'overview', { period }),
    ),
    manager('insights', 'retention'),
    manager('insights', 'prompts'),
    manager('prompt', 'stats'),
    ...prompts.map((p) => manager('prompt', 'history', { prompt: p.id })),
  ];
  const out = [];
  for (const answer of answers) {
    const { answer: a } = await answer;
    out.push({ content: a.content, embeds: a.embeds });
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-linkage-'));
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Linkage Club' });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now, env: { POLL_SECRET: 'ef'.repeat(32) } });
  await manager('hearth', 'setup', {
    manager_role: { role: a.managerRole },
    member_role: { role: a.memberRole },
    welcome_channel: { channel: a.welcome },
    announcements_channel: { channel: a.announcements },
    log_channel: { channel: a.log },
  });
});

afterAll(async () => {
  await bot.stop();
  await db.destroy();
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(takeRefusals(standIn)).toEqual([]);
  expect(bot.logs.errors).toEqual([]);
});

describe('a copy of the database after a member erased and stayed', () => {
  it('links none of the rows kept without their name to each other or to them, and every figure reads the same', async () => {
    // Two members join minutes apart; Hearth records the joins at those times.
    clock += 3 * HOUR + 4_567;
    alice = standIn.join(a.guild, 'alice');
    aliceTimes.push(clock);
    await until(
      async () => (await db.selectFrom('member_events').select('at').execute()).length === 1,
    );
    clock += 17 * MINUTE + 3_001;
    bob = standIn.join(a.guild, 'bob');
    await until(
      async () => (await db.selectFrom('member_events').select('at').execute()).length === 2,
    );

    // Two prompts posted, each with its thread.
    for (const text of ['What are you reading?', 'What did you cook?']) {
      const opened = standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'prompt',
        subcommand: 'add',
      });
      await standIn.answer(
        await standIn.fillModal({
          guild: a.guild,
          user: a.owner.id,
          opened,
          answers: { 'The prompt': text },
        }),
      );
    }
    await manager('schedule', 'weekly', {
      channel: { channel: a.announcements },
      days: 'mon',
      time: '09:00',
    });
    const schedule = await db.selectFrom('schedules').select('id').executeTakeFirstOrThrow();
    for (const text of ['What are you reading?', 'What did you cook?']) {
      clock += 2 * HOUR + 7_777;
      await manager('schedule', 'now', { schedule: schedule.id });
      const thread = await until(
        () => standIn.postedIn(a.announcements).find((m) => m.content.includes(text))?.id,
      );
      await until(async () =>
        (await db.selectFrom('occurrences').select('thread_id').execute()).some(
          (o) => o.thread_id === thread,
        ),
      );
      threads.push(thread);
    }

    // Over nine days: both write in the welcome channel and reply in both prompts' threads.
    let today = 0;
    for (const day of [0, 1, 3, 8]) {
      clock += (day - today) * DAY + 41 * MINUTE + 1_234;
      today = day;
      say(a.welcome, alice);
      clock += 5 * MINUTE + 321;
      say(a.welcome, bob);
      if (day === 0 || day === 3) {
        for (const thread of threads) {
          clock += 13 * MINUTE + 97;
          say(thread, alice);
          clock += 2 * MINUTE + 53;
          say(thread, bob);
        }
      }
    }
    await until(async () => {
      await bot.hearth.flushEvents();
      return (await db.selectFrom('message_events').select('id').execute()).length === 16;
    });
    await until(
      async () => (await db.selectFrom('prompt_replies').select('at').execute()).length === 8,
    );
    // Past the second week after the joins, so retention shows it.
    clock += 7 * DAY + 3 * HOUR + 17;

    const before = await figures();

    // Alice erases and stays (her seat and roles are kept).
    const preview = await run({
      guild: a.guild,
      user: alice.id,
      command: 'privacy',
      subcommand: 'erase',
    });
    const message = preview.interaction.messages[0]!;
    const confirmed = await standIn.fillModal({
      guild: a.guild,
      user: alice.id,
      opened: standIn.click({
        guild: a.guild,
        user: alice.id,
        message,
        customId: buttonsOf(message)[0]!.custom_id,
      }),
      answers: { 'Type ERASE to confirm': 'ERASE' },
    });
    expect((await standIn.answer(confirmed)).content).toMatch(/^Done: Hearth erased/);
    const erasedAt = clock;

    // Every figure reads exactly as before.
    expect(await figures()).toEqual(before);

    // The attacker's copy.
    const file = join(dir, 'copy.sqlite');
    await sql`vacuum into ${file}`.execute(db);
    const copy = openDatabase(file);
    try {
      const tables = await allRows(copy);
      // Her id is left only on the seat she kept, recorded afresh at the erase.
      expect(await rowsNaming(copy, alice.id, a.guild)).toEqual({
        memberships: [expect.objectContaining({ admitted_at: erasedAt, waiting_since: null })],
      });

      // 1. The same stand-in in two tables, or on two rows that need no link: none.
      const seen = new Map<string, { table: string; rows: Row[] }[]>();
      for (const [table, rows] of Object.entries(tables))
        for (const row of rows)
          for (const value of Object.values(row))
            if (typeof value === 'string' && value.startsWith('erased-')) {
              const places = seen.get(value) ?? [];
              const here = places.find((p) => p.table === table);
              if (here === undefined) places.push({ table, rows: [row] });
              else here.rows.push(row);
              seen.set(value, places);
            }
      const standIns = [...seen.entries()];
      // Alice's daily totals, her joins and her replies were kept without her name.
      const tablesWithStandIns = new Set(standIns.flatMap(([, p]) => p.map((x) => x.table)));
      expect([...tablesWithStandIns].sort()).toEqual([
        'member_days',
        'member_events',
        'prompt_replies',
      ]);
      for (const [value, places] of standIns) {
        expect(
          places.map((p) => p.table),
          value,
        ).toHaveLength(1);
        const { table, rows } = places[0]!;
        // A join needs no link to anything: one stand-in per row.
        if (table === 'member_events') expect(rows, value).toHaveLength(1);
      }
      // Replies share a stand-in only within one prompt (its count of distinct people replying).
      const occurrences = await copy
        .selectFrom('occurrences')
        .select(['id', 'prompt_id'])
        .execute();
      const promptOf = new Map(occurrences.map((o) => [o.id, o.prompt_id]));
      const replyStandIns = new Map<string, Set<unknown>>();
      for (const r of tables.prompt_replies!)
        if (String(r.user_id).startsWith('erased-'))
          replyStandIns.set(
            String(r.user_id),
            (replyStandIns.get(String(r.user_id)) ?? new Set()).add(
              promptOf.get(Number(r.occurrence_id)),
            ),
          );
      expect(replyStandIns.size).toBe(2);
      for (const prompts of replyStandIns.values()) expect(prompts.size).toBe(1);

      // 2. From what Discord shows to the rows: no kept time equals one the attacker knows.
      expect(aliceTimes.length).toBe(9);
      // (The server's seat settings were written when its first member was admitted: a row about
      // the server, naming nobody and leading to no row, so not a way in.)
      const holding = (at: number) =>
        Object.entries(tables)
          .filter(([table]) => table !== 'membership_settings')
          .flatMap(([table, rows]) =>
            rows.filter((row) => Object.values(row).includes(at)).map((row) => ({ table, row })),
          );
      for (const at of aliceTimes) expect(holding(at), new Date(at).toISOString()).toEqual([]);
      // Her join is kept at its day, and that row leads nowhere else.
      const joins = tables.member_events!.filter((e) => String(e.user_id).startsWith('erased-'));
      expect(joins).toEqual([
        expect.objectContaining({ kind: 'join', at: aliceTimes[0]! - (aliceTimes[0]! % DAY) }),
      ]);
      expect(seen.get(String(joins[0]!.user_id))).toEqual([
        { table: 'member_events', rows: [joins[0]] },
      ]);
      // Her replies are kept at whole hours after their prompt's post within its first day
      // (the resolution of /prompt history), at whole days after it later.
      const posted = new Map(
        (await copy.selectFrom('occurrences').select(['id', 'posted_at']).execute()).map((o) => [
          o.id,
          o.posted_at!,
        ]),
      );
      for (const r of tables.prompt_replies!.filter((x) =>
        String(x.user_id).startsWith('erased-'),
      )) {
        const since = Number(r.at) - posted.get(Number(r.occurrence_id))!;
        expect(since % (since < DAY ? HOUR : DAY)).toBe(0);
      }
      // The message ids of her replies, which Discord would resolve to her, are gone.
      const bobsReplies = tables.prompt_replies!.filter((r) => r.user_id === bob.id);
      expect(bobsReplies).toHaveLength(4);
      for (const r of tables.prompt_replies!)
        if (r.user_id !== bob.id) expect(String(r.message_id)).toMatch(/^erased-/);
    } finally {
      await copy.destroy();
    }
  }, 60_000);
});
