import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import {
  ensureGuild,
  markAbsentGuildsLeft,
  markGuildLeft,
  updateSettings,
} from '../../src/core/guilds.js';
import { createLogger } from '../../src/core/log.js';
import { parseConfig } from '../../src/core/config.js';
import type { AppDeps } from '../../src/core/context.js';
import {
  createOutbox,
  effect,
  effectType,
  enqueue,
  type OutboxWorker,
} from '../../src/core/outbox/index.js';
import { claimDue } from '../../src/core/outbox/store.js';
import { postOnce } from '../../src/core/outbox/post.js';
import { SimClock } from '../helpers/sim-clock.js';
import { FakeDiscord } from '../helpers/fake-rest.js';

const START = Date.UTC(2026, 10, 23, 9, 0);
const config = (() => {
  const parsed = parseConfig({ DISCORD_TOKEN: 'a.b.c', DATABASE_PATH: ':memory:' });
  if (!parsed.ok) throw new Error('config');
  return parsed.config;
})();
const guildId = (n: number) => `1${String(n).padStart(17, '0')}`;
const LOG = '300000000000000001';

const testPost = effectType('test.post', z.object({ channel: z.string(), text: z.string() }));
const testEffect = effect(testPost, {
  label: 'outbox.kind.other',
  async execute(ctx, { channel, text }) {
    await postOnce(ctx, channel, { content: text }, { isMine: (m) => m.content === text });
  },
});

let db: Db;
let clock: SimClock;
let discord: FakeDiscord;
let app: AppDeps;
let outbox: { worker: OutboxWorker; close(): void };
let alive = true;

function startWorker(): void {
  alive = true;
  const mine = { alive: true };
  const rest = discord.client(() => mine.alive);
  outbox = createOutbox({ app, rest, handlers: [testEffect], timers: clock });
  const close = outbox.close.bind(outbox);
  outbox.close = () => {
    mine.alive = false;
    close();
  };
  outbox.worker.start();
}

async function post(guild: string, channel: string, text: string, key = text): Promise<number> {
  return db
    .transaction()
    .execute(
      async (trx) =>
        (
          await enqueue(
            trx,
            testPost,
            { guildId: guild, key, payload: { channel, text }, channelId: channel },
            clock.now(),
          )
        ).id,
    );
}

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  clock = new SimClock(START);
  discord = new FakeDiscord();
  discord.now = () => clock.now();
  app = {
    config,
    db,
    logger: createLogger({ level: (process.env.TEST_LOG as 'silent') ?? 'silent' }),
    now: () => clock.now(),
  };
  for (let g = 0; g < 60; g++) await ensureGuild(db, guildId(g), { now: START });
  await updateSettings(db, guildId(0), { logChannelId: LOG }, START);
  startWorker();
});

afterEach(async () => {
  await outbox.worker.stop(0);
  outbox.close();
  await db.destroy();
  void alive;
});

const runUntil = (done: () => boolean, limitMs = 3_600_000) => clock.run(done, limitMs);
/** Drains the worker while simulated time moves on. */
async function drain(): Promise<void> {
  let drained = false;
  const done = outbox.worker.drain().then(() => (drained = true));
  await runUntil(() => drained);
  await done;
}

/**
 * Attacks on the outbox from a review of issue 13: a server that leaves with work queued, and a
 * server whose channels all answer 429 with an hour's retry-after.
 */
describe('a server that removes Hearth with work queued', () => {
  async function queueWork(guild: string): Promise<void> {
    for (let i = 0; i < 5; i++)
      await post(guild, `3000000000000${String(i).padStart(5, '0')}`, `${guild}:${i}`);
    // And one not due for a day (a reminder, a poll closing).
    await db.transaction().execute(async (trx) => {
      await enqueue(
        trx,
        testPost,
        {
          guildId: guild,
          key: `${guild}:later`,
          payload: { channel: '300000000000000009', text: `${guild}:later` },
          channelId: '300000000000000009',
          at: clock.now() + 86_400_000,
        },
        clock.now(),
      );
    });
  }

  const pendingOf = async (guild: string) =>
    (
      await db
        .selectFrom('outbox')
        .select('id')
        .where('guild_id', '=', guild)
        .where('state', '=', 'pending')
        .execute()
    ).length;
  const turnOf = (guild: string) =>
    db.selectFrom('outbox_turns').select('turn').where('guild_id', '=', guild).executeTakeFirst();

  it('has its pending work dropped and its turn forgotten when it leaves, and nothing sent if it comes back', async () => {
    await outbox.worker.stop(0);
    // The server was served once: it has a turn.
    await post(guildId(7), '300000000000000100', 'served');
    await claimDue(db, {
      owner: 'test',
      now: clock.now(),
      leaseMs: 60_000,
      perChannel: 2,
      perGuild: 8,
      limit: 8,
    });
    expect(await turnOf(guildId(7))).toBeDefined();
    await queueWork(guildId(7));
    await markGuildLeft(db, guildId(7), clock.now());
    expect(await pendingOf(guildId(7))).toBe(0);
    expect(await turnOf(guildId(7))).toBeUndefined();
    // It adds Hearth back the next day: the old stay's work is not carried out.
    await clock.advance(86_400_000 + 1);
    await ensureGuild(db, guildId(7), { now: clock.now() });
    startWorker();
    await drain();
    expect(discord.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('left while Hearth was offline: dropped at start-up with the departure', async () => {
    await outbox.worker.stop(0);
    await queueWork(guildId(8));
    await queueWork(guildId(9));
    const present = Array.from({ length: 60 }, (_, g) => guildId(g)).filter(
      (g) => g !== guildId(8),
    );
    expect(await markAbsentGuildsLeft(db, present, clock.now())).toBe(1);
    expect(await pendingOf(guildId(8))).toBe(0);
    expect(await pendingOf(guildId(9))).toBe(6);
  });
});

describe('a server whose channels all answer 429 with an hour to wait', () => {
  it('does not hold back its own other channel, nor another server', async () => {
    await outbox.worker.stop(0);
    outbox.close();
    const hostile = Array.from({ length: 9 }, (_, i) => `30000000000000001${i}`);
    for (const channel of hostile)
      discord.fault({
        method: 'POST',
        path: new RegExp(`/channels/${channel}/messages$`),
        answer: { rateLimitMs: 3_600_000 },
        times: 1_000,
      });
    for (const channel of hostile)
      for (let n = 0; n < 4; n++) await post(guildId(1), channel, `${channel}:${n}`);
    startWorker();
    // Every hostile channel has been refused once, and is now waiting out its hour.
    await runUntil(() => hostile.every((c) => discord.requests.some((r) => r.path.includes(c))));
    const decided = clock.now();
    const quiet = '300000000000000999';
    const elsewhere = '300000000000000888';
    await post(guildId(1), quiet, 'the quiet channel');
    await post(guildId(2), elsewhere, 'another server');
    await runUntil(
      () => discord.postedIn(quiet).length === 1 && discord.postedIn(elsewhere).length === 1,
      2 * 3_600_000,
    );
    expect(clock.now() - decided).toBeLessThan(60_000);
    // Nothing more was sent to a paused channel before its hour was up.
    const early = discord.requests.filter(
      (r) => hostile.some((c) => r.path.includes(c)) && r.at < decided + 3_000_000,
    );
    expect(early.length).toBe(hostile.length);
  });
});
