/**
 * Fairness between servers under attack, against the stand-in (issue 13): a hostile server with
 * 1,000 due effects (its whole waitlist offered a seat at once, a DM each) and a channel that fails
 * every request (its 20 prompt schedules, the most a server may have, all post there), beside 50
 * normal servers whose one prompt falls due just after the hostile backlog was queued.
 *
 * What must hold: every normal server's prompt is posted within 2 minutes of its time, and the
 * hostile server's effects drain at its share: one effect per round while the others have work,
 * all the rest of Discord's rate when they have none (the queue is not throttled to a trickle to
 * be fair, nor does the failing channel's retrying take more than its own items' attempts).
 *
 * Real services (membership, prompts and their scheduler tick), the real worker with Discord's
 * pacing, on a simulated clock that moves only while no request is under way: every figure is a
 * count of stand-in requests or a simulated time, the same on a loaded machine as on an idle one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/core/context.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { createOutbox, GLOBAL_WINDOW, type OutboxWorker } from '../../src/core/outbox/index.js';
import { MAX_ATTEMPTS } from '../../src/core/outbox/worker.js';
import { features } from '../../src/features/index.js';
import {
  requestAdmission,
  setCap,
  setConfirmation,
} from '../../src/features/membership/service.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { runPromptTick } from '../../src/features/prompts/discord.js';
import { createSchedule, LIMITS } from '../../src/features/prompts/schedules.js';
import { outboxApp, testRest, type TestRest } from '../helpers/outbox-rest.js';
import { standInsInUse } from '../helpers/refusals.js';
import { SimClock } from '../helpers/sim-clock.js';
import { DiscordStandIn, type RecordedRequest } from '../stand-in/server.js';

const HOSTILE_DMS = 1_000;
const NORMAL = 50;
const MINUTE = 60_000;
/** The normal servers' prompts fall due at 09:00; the hostile backlog is queued at 08:59:50. */
const DUE = Date.UTC(2026, 10, 23, 9, 0);
const ON_TIME_MS = 2 * MINUTE;

let clock: SimClock;
let standIn: DiscordStandIn;
let db: Db;
let app: AppDeps;
let rest: TestRest;
let outbox: { worker: OutboxWorker; close(): void } | undefined;
/** The simulated time each stand-in request was answered at, by its sequence number. */
const simAt = new Map<number, number>();

let hostile: string;
let broken: string;
let waiting: string[];
const normals: { guild: string; prompts: string }[] = [];

/** Nothing is under way at Discord: time may move. */
async function calm(): Promise<void> {
  for (let settled = 0; settled < 2;) {
    await clock.settle();
    if (rest.underWay === 0) settled++;
    else {
      settled = 0;
      const deadline = Date.now() + 60_000;
      while (rest.underWay > 0) {
        if (Date.now() > deadline) throw new Error('a request to the stand-in never finished');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}

const run = (done: () => boolean | Promise<boolean>, limitMs = 30 * MINUTE) =>
  clock.run(done, limitMs, calm);

/** The prompt scheduler's minute tick, as the job runner calls it, on the simulated clock. */
function tickEveryMinute(): void {
  const next = Math.ceil((clock.now() + 1) / MINUTE) * MINUTE;
  clock.setTimer(next - clock.now(), () => {
    void runPromptTick(app).finally(tickEveryMinute);
  });
}

const isPostIn = (channel: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${channel}/messages` && r.status === 200;
const offers = (user: string) =>
  standIn.dmsTo(user).filter((m) => m.content.startsWith('A seat opened in'));
const normalsPosted = () => normals.every((n) => standIn.requests.some(isPostIn(n.prompts)));
const hostileOffered = () => waiting.every((u) => offers(u).length > 0);

async function pendingOf(guild: string): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guild)
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeEach(async () => {
  clock = new SimClock(DUE - 10 * MINUTE);
  standIn = await new DiscordStandIn().start();
  standInsInUse.add(standIn);
  simAt.clear();
  standIn.beforeResponse = (r) => void simAt.set(r.seq, clock.now());
  rest = testRest({ token: standIn.token, api: standIn.apiBase });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  app = outboxApp(standIn, db, () => clock.now());

  // The hostile server: a long waitlist, and 20 schedules posting in a channel that always fails.
  hostile = standIn.addGuild({ name: 'Hostile' });
  broken = standIn.addChannel(hostile, { name: 'broken' });
  const memberRole = standIn.addRole(hostile, { name: 'Member', position: 2 });
  await ensureGuild(db, hostile, { now: clock.now() });
  await updateSettings(
    db,
    hostile,
    {
      logChannelId: standIn.addChannel(hostile, { name: 'hearth-log' }),
      memberRoleId: memberRole,
    },
    clock.now(),
  );
  await setCap(db, hostile, 1, clock.now());
  await setConfirmation(db, hostile, 48, 'keep', clock.now());
  await requestAdmission(db, hostile, standIn.addMember(hostile, 'holder').id, clock.now());
  waiting = [];
  for (let i = 0; i < HOSTILE_DMS; i++) {
    const user = standIn.addMember(hostile, `waiting${i}`).id;
    waiting.push(user);
    await requestAdmission(db, hostile, user, clock.now());
  }
  for (let i = 0; i < LIMITS.schedules; i++)
    await addPrompt(db, hostile, { text: `Anything ${i}?` }, clock.now());
  for (let i = 0; i < LIMITS.schedules; i++)
    await createSchedule(
      db,
      hostile,
      {
        channelId: broken,
        rule: { kind: 'cron', expression: '0 9 * * *' },
        tag: null,
        pick: 'queue',
      },
      'UTC',
      clock.now(),
    );

  // Fifty normal servers, one daily prompt each, due at 09:00.
  normals.length = 0;
  for (let i = 0; i < NORMAL; i++) {
    const guild = standIn.addGuild({ name: `Normal ${i}` });
    const prompts = standIn.addChannel(guild, { name: 'prompts' });
    await ensureGuild(db, guild, { now: clock.now() });
    await updateSettings(
      db,
      guild,
      { logChannelId: standIn.addChannel(guild, { name: 'hearth-log' }) },
      clock.now(),
    );
    await addPrompt(db, guild, { text: `What did server ${i} make this week?` }, clock.now());
    await createSchedule(
      db,
      guild,
      {
        channelId: prompts,
        rule: { kind: 'cron', expression: '0 9 * * *' },
        tag: null,
        pick: 'queue',
      },
      'UTC',
      clock.now(),
    );
    normals.push({ guild, prompts });
  }

  outbox = createOutbox({
    app,
    rest,
    handlers: features.flatMap((f) => f.effects ?? []),
    timers: clock,
  });
  outbox.worker.start();
  // The holder's admission, carried out before the case begins.
  await run(async () => (await pendingOf(hostile)) === 0);
  // A thousand admissions and seventy schedules: seconds on an idle machine, more on a busy one.
}, 180_000);

afterEach(async () => {
  standIn.clearFaults();
  await outbox?.worker.drain(30_000);
  const stopping = outbox?.worker.stop(0);
  outbox?.close();
  outbox = undefined;
  await clock.advance(0);
  await stopping;
  await db.destroy();
  standIn.beforeResponse = undefined;
  await standIn.stop();
  expect(standIn.unknownRequests).toEqual([]);
  standInsInUse.delete(standIn);
}, 60_000);

describe('a hostile server beside 50 normal ones', () => {
  it('every normal prompt is posted within 2 minutes of its time; the hostile backlog drains at its share', async () => {
    // Everything to and in the broken channel fails, however often it is tried.
    standIn.fault({ path: new RegExp(`^/channels/${broken}/`), status: 500 });
    await clock.advance(DUE - 10_000 - clock.now(), calm);
    const before = standIn.requests.length;
    // 08:59:50: the whole waitlist is offered a seat at once; 1,000 DMs are due, all older than
    // any normal server's prompt.
    await setCap(db, hostile, HOSTILE_DMS + 1, clock.now());
    expect(await pendingOf(hostile)).toBe(HOSTILE_DMS);
    tickEveryMinute();

    await run(normalsPosted);
    const requests = () => standIn.requests.slice(before);
    const delays = normals.map((n) => {
      const post = requests().find(isPostIn(n.prompts))!;
      return simAt.get(post.seq)! - DUE;
    });
    const lastNormal = Math.max(
      ...requests().map((r, i) => (normals.some((n) => isPostIn(n.prompts)(r)) ? i : -1)),
    );
    const hostileBeforeLast = requests()
      .slice(0, lastNormal)
      .filter(
        (r) =>
          simAt.get(r.seq)! >= DUE &&
          !normals.some((n) => r.path.includes(n.prompts) || r.path.includes(n.guild)),
      ).length;
    const dueNow = await pendingOf(hostile);

    await run(hostileOffered);
    const offered = requests();
    const hostileRequests = offered.filter(
      (r) => !normals.some((n) => r.path.includes(n.prompts) || r.path.includes(n.guild)),
    );
    const firstAt = simAt.get(offered[0]!.seq)!;
    const lastAt = simAt.get(offered.at(-1)!.seq)!;
    const seconds = (lastAt - firstAt) / 1000 + 1;
    const rate = offered.length / seconds;
    if (process.env.HEARTH_FIGURES !== undefined)
      console.info(
        `fairness (hostile): ${NORMAL} normal prompts posted ${Math.min(...delays) / 1000}-${Math.max(...delays) / 1000} s after their time (target <= ${ON_TIME_MS / 1000} s); ` +
          `${hostileBeforeLast} hostile requests between 09:00 and the last of them, ${dueNow} hostile effects still due then; ` +
          `the hostile backlog drained in ${seconds.toFixed(0)} s: ${offered.length} requests (${hostileRequests.length} hostile) = ${rate.toFixed(1)}/s of the pacer's ${GLOBAL_WINDOW.limit}/s`,
      );

    // Every normal server's prompt, within 2 minutes of its time, once.
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(ON_TIME_MS);
    for (const n of normals) expect(standIn.postedIn(n.prompts)).toHaveLength(1);
    // Its share while the others wait: a round's worth (its two effects in flight and one per
    // round, two requests each), never a share of the backlog.
    expect(hostileBeforeLast).toBeLessThanOrEqual(12);
    expect(dueNow).toBeGreaterThan(HOSTILE_DMS / 2);
    // And all the rest when they have none: the backlog went at nearly Discord's rate.
    expect(rate).toBeGreaterThanOrEqual(0.9 * GLOBAL_WINDOW.limit);
    for (const user of waiting) expect(offers(user)).toHaveLength(1);

    // The failing channel cost its own items' attempts, no more: each of its 20 runs was tried
    // MAX_ATTEMPTS times with backoff, then given up (the schedules pause, managers are told).
    await run(async () => (await pendingOf(hostile)) === 0);
    const failed = await db
      .selectFrom('outbox')
      .select(['state', 'attempts'])
      .where('guild_id', '=', hostile)
      .where('channel_id', '=', broken)
      .execute();
    expect(failed).toHaveLength(LIMITS.schedules);
    for (const row of failed) expect(row).toEqual({ state: 'failed', attempts: MAX_ATTEMPTS });
    const toBroken = standIn.requests
      .slice(before)
      .filter((r) => r.path.startsWith(`/channels/${broken}/`));
    expect(toBroken.length).toBeLessThanOrEqual(LIMITS.schedules * MAX_ATTEMPTS * 2);
  }, 240_000);
});
