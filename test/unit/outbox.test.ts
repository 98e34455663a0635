import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { createLogger } from '../../src/core/log.js';
import { parseConfig } from '../../src/core/config.js';
import type { AppDeps } from '../../src/core/context.js';
import {
  createOutbox,
  effect,
  effectType,
  enqueue,
  outboxHealth,
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

describe('the outbox', () => {
  it('is written only inside the transaction of a decision, once per intended effect', async () => {
    await expect(
      enqueue(
        db as never,
        testPost,
        { guildId: guildId(0), key: 'x', payload: { channel: '1', text: 'x' } },
        START,
      ),
    ).rejects.toThrow(/transaction/);
    const first = await post(guildId(0), '200000000000000001', 'hello');
    const again = await post(guildId(0), '200000000000000001', 'hello');
    expect(again).toBe(first);
    expect((await db.selectFrom('outbox').selectAll().execute()).length).toBe(1);
  });

  it('carries an effect out after commit, without being asked', async () => {
    await post(guildId(0), '200000000000000001', 'hello');
    await runUntil(() => discord.postedIn('200000000000000001').length === 1);
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'done', attempts: 1, claimed_by: null });
  });

  it('retries passing failures with backoff: 500 twice, then once', async () => {
    discord.fault({ method: 'POST', path: /messages$/, answer: { status: 500 }, times: 2 });
    await post(guildId(0), '200000000000000001', 'hello');
    await runUntil(() => discord.postedIn('200000000000000001').length === 1);
    const attempts = discord.requests.filter((r) => r.method === 'POST');
    expect(attempts.map((r) => r.ok)).toEqual([false, false, true]);
    // 30 s, then 60 s later.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(30_000);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(60_000);
    expect(discord.postedIn('200000000000000001')).toHaveLength(1);
  });

  it('waits as long as a 429 asks, then sends once; the wait is not a failed attempt', async () => {
    discord.fault({ method: 'POST', path: /messages$/, answer: { rateLimitMs: 7_000 }, times: 1 });
    await post(guildId(0), '200000000000000001', 'hello');
    await runUntil(() => discord.postedIn('200000000000000001').length === 1);
    const attempts = discord.requests.filter((r) => r.method === 'POST');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(7_000);
    expect(
      (await db.selectFrom('outbox').select('attempts').executeTakeFirstOrThrow()).attempts,
    ).toBe(1);
  });

  it('gives up on 50013 with one notice, and sends nothing more to that channel', async () => {
    const channel = '200000000000000009';
    discord.fault({
      method: 'POST',
      path: new RegExp(`/channels/${channel}/messages$`),
      answer: { status: 403, code: 50013 },
    });
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++)
        await enqueue(
          trx,
          testPost,
          {
            guildId: guildId(0),
            key: `p${i}`,
            payload: { channel, text: `post ${i}` },
            channelId: channel,
          },
          clock.now(),
        );
    });
    await runUntil(() => discord.postedIn(LOG).length === 1);
    await drain();
    const states = await db.selectFrom('outbox').select(['kind', 'state', 'last_error']).execute();
    expect(states.filter((s) => s.kind === 'test.post')).toEqual(
      Array.from({ length: 5 }, () => ({
        kind: 'test.post',
        state: 'failed',
        last_error: 'discord:50013',
      })),
    );
    // One refused request: the other four were given up with it, not tried.
    expect(discord.requests.filter((r) => r.path === `/channels/${channel}/messages`)).toHaveLength(
      1,
    );
    expect(discord.postedIn(LOG)).toHaveLength(1);
    expect(String(discord.postedIn(LOG)[0]!.body.content)).toMatch(
      /^Hearth could not carry out a task in <#200000000000000009>: it lacks a permission/,
    );
    const health = await outboxHealth(db, clock.now());
    expect(health).toMatchObject({ pending: 0, due: 0, failedLastDay: 5 });
  });

  it('a crashed worker’s claims are taken over by the next one, and a lost answer is not sent twice', async () => {
    const channel = '200000000000000001';
    discord.latencyMs = 100;
    discord.latency = (ms) => clock.sleep(ms);
    await post(guildId(0), channel, 'hello');
    // Discord made the post; the answer is on its way when the process dies.
    await runUntil(() => discord.postedIn(channel).length === 1);
    expect(
      await db.selectFrom('outbox').select(['state', 'claimed_by']).executeTakeFirstOrThrow(),
    ).toEqual({ state: 'pending', claimed_by: outbox.worker.owner });
    const dead = outbox;
    dead.close();
    void dead.worker.stop(0);
    startWorker();
    await runUntil(() => discord.requests.filter((r) => r.method === 'POST').length === 2);
    await drain();
    // The retry carried the same nonce: Discord answered with the first message.
    expect(discord.postedIn(channel)).toHaveLength(1);
    expect((await db.selectFrom('outbox').select('state').executeTakeFirstOrThrow()).state).toBe(
      'done',
    );
  });

  it('claims fairly: a server with 1,000 due rows does not crowd out 50 others', async () => {
    await outbox.worker.stop(0);
    for (let i = 0; i < 1_000; i++)
      await post(guildId(0), `2000000000000${String(i % 3).padStart(5, '0')}`, `h${i}`);
    for (let g = 1; g <= 50; g++)
      await post(guildId(g), `3000000000000${String(g).padStart(5, '0')}`, `n${g}`);
    const claimed = await claimDue(db, {
      owner: 'test',
      now: clock.now(),
      leaseMs: 60_000,
      perChannel: 2,
      perGuild: 8,
      limit: 64,
    });
    const normal = claimed.filter((c) => c.guildId !== guildId(0));
    expect(normal).toHaveLength(50);
    // The hostile server gets its share: its channels' first rows, not its whole backlog.
    expect(claimed.filter((c) => c.guildId === guildId(0)).length).toBeLessThanOrEqual(8);
  });

  it('claims round-robin: a server just served waits behind every server not served since', async () => {
    await outbox.worker.stop(0);
    // Six servers with three rows each, enqueued server after server: by age alone, server 0's
    // second row (older than every other server's first) would be claimed right after its first.
    for (let g = 0; g < 6; g++)
      for (let n = 0; n < 3; n++)
        await post(guildId(g), `3000000000000${String(g).padStart(5, '0')}`, `g${g}n${n}`);
    const order: string[] = [];
    for (let round = 0; round < 9; round++) {
      const claimed = await claimDue(db, {
        owner: 'test',
        now: clock.now(),
        leaseMs: 60_000,
        perChannel: 2,
        perGuild: 8,
        limit: 2,
      });
      for (const row of claimed) {
        order.push((JSON.parse(row.payload) as { text: string }).text);
        await db.updateTable('outbox').set({ state: 'done' }).where('id', '=', row.id).execute();
      }
    }
    // Every server's first row, then every server's second, then every third.
    expect(order).toEqual([0, 1, 2].flatMap((n) => [0, 1, 2, 3, 4, 5].map((g) => `g${g}n${n}`)));
  });

  it('keeps the round across a restart: the turns are in the database', async () => {
    await outbox.worker.stop(0);
    for (let g = 0; g < 4; g++)
      for (let n = 0; n < 2; n++)
        await post(guildId(g), `3000000000000${String(g).padStart(5, '0')}`, `g${g}n${n}`);
    const claim = (owner: string) =>
      claimDue(db, {
        owner,
        now: clock.now(),
        leaseMs: 60_000,
        perChannel: 1,
        perGuild: 1,
        limit: 2,
      });
    const first = await claim('before');
    for (const row of first)
      await db.updateTable('outbox').set({ state: 'done' }).where('id', '=', row.id).execute();
    // Another process now: servers 2 and 3 have waited longest, so they go first.
    const next = await claim('after');
    expect(next.map((r) => r.guildId)).toEqual([guildId(2), guildId(3)]);
  });
});
