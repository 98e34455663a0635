/**
 * Fairness of the outbox across servers, against the stand-in: one server with a large backlog of
 * due effects (a manager raised the seat cap, and everyone on a long waitlist is offered a seat at
 * once, by DM with a Confirm button) does not hold up another server's single effect (a prompt a
 * manager posts now) for more than a few of the busy server's requests, however long its backlog.
 *
 * Real services, the real worker with Discord's pacing (5 posts per channel in 5 s, 48 requests a
 * second in all), on a simulated clock that moves only while no request is under way: the figures
 * are counts and orders of stand-in requests, the same on a loaded machine as on an idle one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/core/context.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { createOutbox, type OutboxWorker } from '../../src/core/outbox/index.js';
import { features } from '../../src/features/index.js';
import {
  requestAdmission,
  setCap,
  setConfirmation,
} from '../../src/features/membership/service.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { claimNow, createSchedule } from '../../src/features/prompts/schedules.js';
import { outboxApp, testRest, type TestRest } from '../helpers/outbox-rest.js';
import { standInsInUse } from '../helpers/refusals.js';
import { SimClock } from '../helpers/sim-clock.js';
import { DiscordStandIn, type RecordedRequest } from '../stand-in/server.js';

/** People offered a seat at once in the busy server: a DM each, each to its own recipient. */
const WAITING = 400;
/**
 * The most of the busy server's requests that may reach Discord between the quiet server's
 * decision and its post: the busy server's effects already under way (two at a time) and the ones
 * started in the same turns, each a request or two; never a share of the backlog.
 */
const BOUND = 12;

let clock: SimClock;
let standIn: DiscordStandIn;
let db: Db;
let app: AppDeps;
let rest: TestRest;
let outbox: { worker: OutboxWorker; close(): void } | undefined;
let busy: string;
let announcements: string;
let members: string[];
let quiet: string;
let prompts: string;
let schedule: number;

/** Nothing is under way at Discord: time may move. */
async function calm(): Promise<void> {
  for (let settled = 0; settled < 2;) {
    await clock.settle();
    if (rest.underWay === 0) settled++;
    else {
      settled = 0;
      const deadline = Date.now() + 20_000;
      while (rest.underWay > 0) {
        if (Date.now() > deadline) throw new Error('a request to the stand-in never finished');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}

const run = (done: () => boolean) => clock.run(done, 15 * 60_000, calm);

function startWorker(): void {
  // Discord's pacing, as in production: the busy server's backlog fills the global window.
  outbox = createOutbox({
    app,
    rest,
    handlers: features.flatMap((f) => f.effects ?? []),
    timers: clock,
  });
  outbox.worker.start();
}

const isQuiet = (r: RecordedRequest) =>
  r.path.includes(quiet) || r.path.startsWith(`/channels/${prompts}/`);
const quietPost = (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${prompts}/messages` && r.status === 200;

/** The busy server's effects not carried out yet. */
async function busyDue(): Promise<number> {
  const due = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', busy)
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(due.n);
}

/** Everyone on the busy server's waitlist is offered a seat at once: WAITING DMs, all due. */
async function raiseTheCap(): Promise<void> {
  await setCap(db, busy, WAITING + 1, clock.now());
  expect(await busyDue()).toBe(WAITING);
}

const offers = (user: string) =>
  standIn.dmsTo(user).filter((m) => m.content.startsWith('A seat opened in'));
/** Every offer reached Discord. */
const busyServerFinished = () => members.every((u) => offers(u).length > 0);

/** Every member waiting was offered the seat exactly once. */
function busyServerDoneOnce(): void {
  for (const user of members) expect(offers(user)).toHaveLength(1);
}

beforeEach(async () => {
  clock = new SimClock(Date.UTC(2026, 10, 23, 9, 0));
  standIn = await new DiscordStandIn().start();
  standInsInUse.add(standIn);
  rest = testRest({ token: standIn.token, api: standIn.apiBase });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  app = outboxApp(standIn, db, () => clock.now());

  busy = standIn.addGuild({ name: 'Crowded' });
  announcements = standIn.addChannel(busy, { name: 'announcements' });
  const memberRole = standIn.addRole(busy, { name: 'Member', position: 2 });
  await ensureGuild(db, busy, { now: clock.now() });
  await updateSettings(
    db,
    busy,
    {
      logChannelId: standIn.addChannel(busy, { name: 'hearth-log' }),
      announcementsChannelId: announcements,
      memberRoleId: memberRole,
    },
    clock.now(),
  );
  await setCap(db, busy, 1, clock.now());
  // A seat goes to whoever confirms it within two days.
  await setConfirmation(db, busy, 48, 'keep', clock.now());
  await requestAdmission(db, busy, standIn.addMember(busy, 'holder').id, clock.now());
  members = [];
  for (let i = 0; i < WAITING; i++) {
    const user = standIn.addMember(busy, `waiting${i}`).id;
    members.push(user);
    await requestAdmission(db, busy, user, clock.now());
  }

  quiet = standIn.addGuild({ name: 'Quiet' });
  prompts = standIn.addChannel(quiet, { name: 'prompts' });
  await ensureGuild(db, quiet, { now: clock.now() });
  await updateSettings(
    db,
    quiet,
    { logChannelId: standIn.addChannel(quiet, { name: 'hearth-log' }) },
    clock.now(),
  );
  await addPrompt(db, quiet, { text: 'What did you make this week?' }, clock.now());
  schedule = (
    await createSchedule(
      db,
      quiet,
      {
        channelId: prompts,
        rule: { kind: 'cron', expression: '0 3 * * *' },
        tag: null,
        pick: 'queue',
      },
      'UTC',
      clock.now(),
    )
  ).id;

  // The holder's admission, carried out before the case begins.
  startWorker();
  await run(() => standIn.postedIn(announcements).length === 1);
});

afterEach(async () => {
  await outbox?.worker.drain(20_000);
  const stopping = outbox?.worker.stop(0);
  outbox?.close();
  outbox = undefined;
  await clock.advance(0);
  await stopping;
  await db.destroy();
  await standIn.stop();
  expect(standIn.unknownRequests).toEqual([]);
  standInsInUse.delete(standIn);
});

describe('one server’s backlog and another server’s single effect', () => {
  it('decided while the backlog is being carried out: posted after a few of its requests', async () => {
    await raiseTheCap();
    const start = standIn.requests.length;
    await run(() => standIn.requests.length - start >= 100);
    // Much of the backlog is still due when the other server's manager asks for a post.
    const left = await busyDue();
    expect(left).toBeGreaterThan(WAITING / 2);

    const decided = standIn.requests.length;
    await claimNow(db, quiet, schedule, clock.now());
    await run(() => standIn.requests.some(quietPost));
    const posted = standIn.requests.findIndex(quietPost);
    const busyBefore = standIn.requests.slice(decided, posted).filter((r) => !isQuiet(r)).length;
    if (process.env.HEARTH_FIGURES !== undefined)
      console.info(
        `fairness (mid-backlog): ${busyBefore} of the busy server's requests between the decision and the post; ${left} of its effects were due`,
      );
    expect(busyBefore).toBeLessThanOrEqual(BOUND);

    await run(busyServerFinished);
    busyServerDoneOnce();
  });

  it('queued behind the whole backlog: among the first requests once the worker starts', async () => {
    const stopping = outbox!.worker.stop(0);
    outbox!.close();
    outbox = undefined;
    await clock.advance(0);
    await stopping;
    await raiseTheCap();
    // Decided last: every one of the busy server's effects is older.
    await claimNow(db, quiet, schedule, clock.now());
    const start = standIn.requests.length;
    startWorker();
    await run(() => standIn.requests.some(quietPost));
    const posted = standIn.requests.findIndex(quietPost);
    const busyBefore = standIn.requests.slice(start, posted).filter((r) => !isQuiet(r)).length;
    if (process.env.HEARTH_FIGURES !== undefined)
      console.info(
        `fairness (queued last): ${busyBefore} of the busy server's requests before the post, ${WAITING} of its effects due`,
      );
    expect(busyBefore).toBeLessThanOrEqual(BOUND);

    await run(busyServerFinished);
    busyServerDoneOnce();
  });
});
