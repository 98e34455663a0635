/**
 * Faults on each kind of effect Hearth makes on its own, against the stand-in: the decision is
 * made through the real service (it enqueues its effect in its own transaction), the real outbox
 * worker carries it out over REST, and Discord fails it the four ways that matter:
 * - 500 twice, then it works: done once, after backing off;
 * - 429 with a retry-after: nothing before that time, then once;
 * - 50013: given up at once, managers told once, nothing more sent;
 * - the process gone between the commit and the send: sent by the next one, once.
 *
 * Time is simulated: the worker, its pacer and every service read one clock, which moves only
 * while no request is under way, so backoffs and retry-afters are checked to the millisecond.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType, type APIGuildScheduledEvent, type APIMessage } from 'discord-api-types/v10';
import type { AppDeps } from '../../src/core/context.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import {
  createOutbox,
  failingItems,
  type OutboxRest,
  type OutboxWorker,
} from '../../src/core/outbox/index.js';
import { features } from '../../src/features/index.js';
import { claimDigest } from '../../src/features/insights/service.js';
import { memberLeft, requestAdmission, setCap } from '../../src/features/membership/service.js';
import { pendingApprovals, recordJoin, submitPage } from '../../src/features/onboarding/members.js';
import {
  activeQuestions,
  addQuestion,
  updateOnboardingSettings,
} from '../../src/features/onboarding/questionnaire.js';
import { closePoll, createPoll } from '../../src/features/polls/service.js';
import {
  cancelEvent,
  createEvent,
  editEvent,
  resumeMirroring,
  rsvp,
} from '../../src/features/events/service.js';
import { eventRoutes } from '../../src/features/events/routes.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { claimNow, createSchedule } from '../../src/features/prompts/schedules.js';
import { outboxApp, testRest, type TestRest } from '../helpers/outbox-rest.js';
import { standInsInUse } from '../helpers/refusals.js';
import { SimClock } from '../helpers/sim-clock.js';
import { DiscordStandIn, type RecordedRequest } from '../stand-in/server.js';
import { snowflake } from '../stand-in/payloads.js';

const clock = new SimClock(Date.UTC(2026, 10, 23, 9, 0));
let standIn: DiscordStandIn;
let db: Db;
let app: AppDeps;
let outbox: { worker: OutboxWorker; close(): void } | undefined;

let guild: string;
const channel: Record<'text' | 'forum' | 'polls' | 'log' | 'announcements', string> = {
  text: '',
  forum: '',
  polls: '',
  log: '',
  announcements: '',
};
let memberRole: string;

const handlers = () => features.flatMap((f) => f.effects ?? []);
// Pacing is another test's business: here, Discord's answers decide.
const pacing = { perChannel: { limit: 1_000, windowMs: 1 }, global: { limit: 1_000, windowMs: 1 } };

/** The current worker's REST client; a decision holds its requests back (see {@link Kind}). */
let rest: TestRest | undefined;
const hold = () => rest?.hold();
const release = () => rest?.release();

function startWorker(): void {
  rest = testRest({ token: standIn.token, api: standIn.apiBase });
  outbox = createOutbox({
    app,
    rest,
    handlers: handlers(),
    timers: clock,
    pacing,
  });
  outbox.worker.start();
}

async function stopWorker(): Promise<void> {
  outbox?.close();
  const stopping = outbox?.worker.stop(0);
  outbox = undefined;
  // The grace period is a timer on the simulated clock.
  await clock.advance(0);
  await stopping;
}

const drain = () => outbox!.worker.drain(20_000);

/** Resolves once `condition` holds, looking after each turn of the event loop (real time bounded). */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Nothing is under way: every effect the worker started has finished (its requests answered). */
async function quiet(): Promise<void> {
  for (let calm = 0; calm < 2;) {
    await clock.settle();
    if ((outbox?.worker.inFlight ?? 0) === 0) calm++;
    else {
      calm = 0;
      await until(() => (outbox?.worker.inFlight ?? 0) === 0, 'the effects under way finished');
    }
  }
}

/**
 * Simulated time moves on by `ms`. The worker wakes on its own timers on the way, and time moves
 * only while nothing is under way, so no timer fires in the middle of a request.
 */
const pass = (ms: number) => clock.advance(ms, quiet);

/** One intended effect, made by a real decision, with how to see it on Discord. */
interface Intended {
  readonly method: string;
  /** The route of the request that carries the effect out (where the faults go). */
  readonly path: RegExp;
  /** This effect's own requests on that route (not another effect's in the same channel). */
  readonly mine?: (r: RecordedRequest) => boolean;
  /** The stand-in's first request that may be this effect's (made after the decision began). */
  readonly fromSeq: number;
  /** How many times Discord shows it. */
  shown(): number;
}

/** Requests that tried to carry out `intended`. */
const attempts = (intended: Intended) =>
  standIn.requests.filter(
    (r) =>
      r.seq >= intended.fromSeq &&
      r.method === intended.method &&
      intended.path.test(r.path) &&
      (intended.mine === undefined || intended.mine(r)),
  ).length;
const bodyHas = (text: string) => (r: RecordedRequest) => JSON.stringify(r.body).includes(text);

interface Kind {
  readonly name: string;
  /** Its outbox kind, as `/hearth status` lists it. */
  readonly kind: string;
  /** Makes the decision through its service, calling `hold()` just before the one that counts. */
  decide(hold: () => void): Promise<Omit<Intended, 'fromSeq'>>;
  /** After a 50013: what managers see (the one notice), or what shows it is stuck. */
  refused(): Promise<void> | void;
}

const logPosts = () => standIn.postedIn(channel.log).map((m) => m.content);
/** A message carrying a component with exactly this custom id. */
const carries = (m: APIMessage, customId: string) =>
  JSON.stringify(m.components ?? []).includes(`"${customId}"`);

let scheduleCount = 0;
async function promptRun(
  where: 'text' | 'forum',
  hold: () => void,
): Promise<Omit<Intended, 'fromSeq'>> {
  const schedule = await createSchedule(
    db,
    guild,
    {
      channelId: channel[where],
      rule: { kind: 'cron', expression: `${scheduleCount++ % 60} 3 * * *` },
      tag: null,
      pick: 'queue',
    },
    'UTC',
    clock.now(),
  );
  pausedSchedule = schedule.id;
  hold();
  const { occurrenceId } = await claimNow(db, guild, schedule.id, clock.now());
  const id = `prompt.suggest:${occurrenceId}`;
  const mine = bodyHas(`"${id}"`);
  return where === 'text'
    ? {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.text}/messages$`),
        mine,
        shown: () => standIn.postedIn(channel.text).filter((m) => carries(m, id)).length,
      }
    : {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.forum}/threads$`),
        mine,
        shown: () =>
          [...standIn.guilds.get(guild)!.channels.values()]
            .filter((c) => (c as { parent_id?: string }).parent_id === channel.forum)
            .filter((t) => standIn.postedIn(t.id).some((m) => carries(m, id))).length,
      };
}

let pausedSchedule = 0;
let eventTitle = '';
let approvalUser = '';

/** A member who joins and waits for the seat of the current holder, who then leaves. */
async function promotion(hold: () => void): Promise<{ user: string; dm: string }> {
  const user = standIn.addMember(guild, `w${snowflake()}`);
  const dm = snowflake();
  standIn.dmChannels.set(user.id, dm);
  await requestAdmission(db, guild, user.id, clock.now());
  const holder = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('guild_id', '=', guild)
    .where('state', '=', 'admitted')
    .executeTakeFirstOrThrow();
  hold();
  await memberLeft(db, guild, holder.user_id, clock.now());
  return { user: user.id, dm };
}

const mirrorsNamed = (name: string) =>
  [...standIn.scheduledEvents.values()].filter((e) => e.name === name).length;

const mirrorNotices = () =>
  logPosts().filter((c) => c.startsWith('Hearth cannot list events in the server’s Events')).length;
/** The mirror notices in the log when the current case began (earlier cases' stay there). */
let mirrorNoticesBefore = 0;

/** After a 50013: one notice, and mirroring paused in the server (the event itself stands). */
async function mirrorRefused(): Promise<void> {
  expect(mirrorNotices() - mirrorNoticesBefore).toBe(1);
  expect(
    await db
      .selectFrom('event_mirror_pauses')
      .select('guild_id')
      .where('guild_id', '=', guild)
      .execute(),
  ).toEqual([{ guild_id: guild }]);
}

/**
 * An event already posted and listed (as the worker would have left it), so that only the effect
 * under test is carried out, by whichever worker runs.
 */
async function listedEvent(): Promise<{ id: number; scheduled: string }> {
  await resumeMirroring(db, guild, clock.now());
  mirrorNoticesBefore = mirrorNotices();
  // Nothing of this event reaches Discord before the test releases it.
  hold();
  const title = `Event ${snowflake()}`;
  const start = clock.now() + 3 * 86_400_000;
  const event = await createEvent(
    db,
    guild,
    { channelId: channel.polls, title, startsAt: start, durationMinutes: 60, capacity: null },
    clock.now(),
  );
  const scheduled = snowflake();
  standIn.scheduledEvents.set(scheduled, {
    id: scheduled,
    guild_id: guild,
    channel_id: null,
    creator_id: standIn.botUser.id,
    name: title,
    description: null,
    scheduled_start_time: new Date(start).toISOString(),
    scheduled_end_time: new Date(start + 3_600_000).toISOString(),
    privacy_level: 2,
    status: 1,
    entity_type: 3,
    entity_id: null,
    entity_metadata: { location: 'Here' },
  } as APIGuildScheduledEvent);
  // Posted (the post effect finds its message and stops) and listed.
  await db
    .updateTable('events')
    .set({ message_id: snowflake(), scheduled_event_id: scheduled })
    .where('id', '=', event.id)
    .execute();
  return { id: event.id, scheduled };
}

const DIGEST_TITLE = 'Your week in the community';
const digestsShown = () =>
  standIn.postedIn(channel.log).filter((m) => m.embeds[0]?.title === DIGEST_TITLE).length;

const kinds: Kind[] = [
  {
    name: 'a prompt in a text channel',
    kind: 'prompts.post',
    decide: (hold) => promptRun('text', hold),
    async refused() {
      expect(
        logPosts().filter((c) => c.startsWith(`Schedule #${pausedSchedule} is paused`)),
      ).toEqual([
        `Schedule #${pausedSchedule} is paused: Hearth cannot post or open threads in <#${channel.text}>. Give it Send Messages and Create Public Threads there, then \`/schedule resume\`.`,
      ]);
      const state = await db
        .selectFrom('schedules')
        .select(['state', 'paused_reason'])
        .where('id', '=', pausedSchedule)
        .executeTakeFirstOrThrow();
      expect(state).toEqual({ state: 'paused', paused_reason: 'permissions' });
    },
  },
  {
    name: 'a prompt in a forum',
    kind: 'prompts.post',
    decide: (hold) => promptRun('forum', hold),
    refused() {
      expect(
        logPosts().filter((c) => c.startsWith(`Schedule #${pausedSchedule} is paused`)),
      ).toHaveLength(1);
    },
  },
  {
    name: 'a poll’s results',
    kind: 'polls.results',
    async decide(hold) {
      const poll = await createPoll(
        db,
        guild,
        {
          channelId: channel.polls,
          title: `Poll ${snowflake()}`,
          questions: [{ kind: 'single', label: 'Which?', required: true, options: ['A', 'B'] }],
          anonymous: false,
          results: 'live',
          audience: [],
          closesAt: null,
          remindAt: null,
        },
        clock.now(),
      );
      // The poll message itself goes out first, untouched by the fault below.
      await outbox?.worker.settle([poll.effectId], 10_000);
      hold();
      await closePoll(db, guild, poll.id, clock.now());
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.polls}/messages$`),
        mine: bodyHas(`Results: ${poll.title}`),
        shown: () =>
          standIn
            .postedIn(channel.polls)
            .filter((m) => m.embeds[0]?.title === `Results: ${poll.title}`).length,
      };
    },
    refused() {
      expect(
        logPosts().filter((c) => c.startsWith('Hearth could not post the results of')),
      ).toHaveLength(1);
    },
  },
  {
    name: 'an approval request',
    kind: 'onboarding.approval',
    async decide(hold) {
      const user = standIn.addMember(guild, `a${snowflake()}`);
      await recordJoin(db, guild, user.id, {
        joinedAt: clock.now(),
        pending: false,
        now: clock.now(),
      });
      const [question] = await activeQuestions(db, guild);
      hold();
      await submitPage(db, {
        guildId: guild,
        userId: user.id,
        mode: 'join',
        page: 0,
        fields: [{ questionId: question!.id, revision: question!.revision, raw: { text: 'Hi' } }],
        now: clock.now(),
      });
      approvalUser = user.id;
      const approve = `onb.decide:${user.id}:approve`;
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.log}/messages$`),
        mine: bodyHas(`"${approve}"`),
        shown: () => standIn.postedIn(channel.log).filter((m) => carries(m, approve)).length,
      };
    },
    async refused() {
      // The manager log itself refuses: the request is given up visibly, and the member is listed.
      const failing = await failingItems(db, guild);
      expect(failing.filter((f) => f.kind === 'onboarding.approval')).toMatchObject([
        { state: 'failed', lastError: 'discord:50013' },
      ]);
      expect((await pendingApprovals(db, guild)).map((p) => p.userId)).toContain(approvalUser);
    },
  },
  {
    name: 'a greeting',
    kind: 'membership.greeting',
    async decide(hold) {
      const { user } = await promotion(hold);
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.announcements}/messages$`),
        mine: bodyHas(`<@${user}>`),
        shown: () =>
          standIn.postedIn(channel.announcements).filter((m) => m.content.includes(`<@${user}>`))
            .length,
      };
    },
    refused() {
      expect(
        logPosts().filter((c) =>
          c.startsWith(`Hearth could not greet a new member in <#${channel.announcements}>`),
        ),
      ).toHaveLength(1);
    },
  },
  {
    name: 'a promotion DM',
    kind: 'membership.tell',
    async decide(hold) {
      const { user, dm } = await promotion(hold);
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${dm}/messages$`),
        shown: () =>
          standIn.dmsTo(user).filter((m) => m.content.startsWith('A seat opened in')).length,
      };
    },
    refused() {
      expect(
        logPosts().filter((c) => c.startsWith('Hearth could not tell a member about their seat')),
      ).toHaveLength(1);
    },
  },
  {
    name: 'a member role grant',
    kind: 'membership.role',
    async decide(hold) {
      const { user } = await promotion(hold);
      const path = new RegExp(`^/guilds/${guild}/members/${user}/roles/${memberRole}$`);
      return {
        method: 'PUT',
        path,
        // Granting twice shows the same; what counts is the grants Discord accepted.
        shown: () =>
          standIn.requests.filter((r) => r.method === 'PUT' && path.test(r.path) && r.status < 300)
            .length,
      };
    },
    refused() {
      expect(
        logPosts().filter((c) =>
          c.startsWith(`Hearth could not grant or remove <@&${memberRole}>`),
        ),
      ).toHaveLength(1);
    },
  },
  {
    name: 'an event’s post',
    kind: 'events.post',
    async decide(hold) {
      hold();
      const title = `Event ${snowflake()}`;
      const event = await createEvent(
        db,
        guild,
        {
          channelId: channel.polls,
          title,
          startsAt: clock.now() + 3 * 86_400_000,
          durationMinutes: 60,
          capacity: 1,
        },
        clock.now(),
      );
      eventTitle = title;
      const going = eventRoutes.rsvp.build({ event: event.id, choice: 'going' });
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.polls}/messages$`),
        mine: bodyHas(`"${going}"`),
        shown: () => standIn.postedIn(channel.polls).filter((m) => carries(m, going)).length,
      };
    },
    refused() {
      expect(
        logPosts().filter((c) => c.startsWith(`The event “${eventTitle}” could not be posted`)),
      ).toHaveLength(1);
    },
  },
  {
    name: 'an event place offered by DM',
    kind: 'events.tell',
    async decide(hold) {
      const event = await createEvent(
        db,
        guild,
        {
          channelId: channel.polls,
          title: `Event ${snowflake()}`,
          startsAt: clock.now() + 3 * 86_400_000,
          durationMinutes: 60,
          capacity: 1,
        },
        clock.now(),
      );
      await outbox?.worker.settle([event.effectId], 10_000);
      const [holder, waiting] = [0, 1].map(() => standIn.addMember(guild, `e${snowflake()}`));
      const dm = snowflake();
      standIn.dmChannels.set(waiting!.id, dm);
      for (const user of [holder!, waiting!])
        await rsvp(db, {
          guildId: guild,
          eventId: event.id,
          userId: user.id,
          choice: 'going',
          now: clock.now(),
        });
      hold();
      await rsvp(db, {
        guildId: guild,
        eventId: event.id,
        userId: holder!.id,
        choice: 'declined',
        now: clock.now(),
      });
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${dm}/messages$`),
        shown: () =>
          standIn.dmsTo(waiting!.id).filter((m) => m.content.startsWith('A place at')).length,
      };
    },
    refused() {
      expect(
        logPosts().filter((c) => c.startsWith('Hearth could not write to a member about an event')),
      ).toHaveLength(1);
    },
  },
  {
    name: 'an event listed in the server’s Events',
    kind: 'events.mirror-create',
    async decide(hold) {
      await resumeMirroring(db, guild, clock.now());
      mirrorNoticesBefore = mirrorNotices();
      hold();
      const title = `Listed ${snowflake()}`;
      await createEvent(
        db,
        guild,
        {
          channelId: channel.polls,
          title,
          startsAt: clock.now() + 3 * 86_400_000,
          durationMinutes: 60,
          capacity: null,
        },
        clock.now(),
      );
      eventTitle = title;
      return {
        method: 'POST',
        path: new RegExp(`^/guilds/${guild}/scheduled-events$`),
        mine: bodyHas(title),
        shown: () => mirrorsNamed(title),
      };
    },
    refused: mirrorRefused,
  },
  {
    name: 'an event’s listing updated',
    kind: 'events.mirror-update',
    async decide(hold) {
      const { id } = await listedEvent();
      const title = `Renamed ${snowflake()}`;
      hold();
      await editEvent(db, guild, id, { title }, clock.now());
      return {
        method: 'PATCH',
        path: new RegExp(`^/guilds/${guild}/scheduled-events/\\d+$`),
        mine: bodyHas(title),
        shown: () => mirrorsNamed(title),
      };
    },
    refused: mirrorRefused,
  },
  {
    name: 'a cancelled event’s listing deleted',
    kind: 'events.mirror-delete',
    async decide(hold) {
      const { id, scheduled } = await listedEvent();
      hold();
      await cancelEvent(db, guild, id, clock.now());
      return {
        method: 'DELETE',
        path: new RegExp(`^/guilds/${guild}/scheduled-events/${scheduled}$`),
        shown: () => (standIn.scheduledEvents.has(scheduled) ? 0 : 1),
      };
    },
    refused: mirrorRefused,
  },
  {
    name: 'a weekly digest',
    kind: 'insights.digest',
    async decide(hold) {
      const before = digestsShown();
      // A week of its own for each case: the claim is once per server and week.
      hold();
      expect(await claimDigest(db, guild, clock.now(), clock.now())).toBe(true);
      return {
        method: 'POST',
        path: new RegExp(`^/channels/${channel.log}/messages$`),
        mine: bodyHas(DIGEST_TITLE),
        shown: () => digestsShown() - before,
      };
    },
    async refused() {
      // The manager log itself refuses: `/hearth status` lists the digest, given up.
      const failing = await failingItems(db, guild);
      expect(failing.filter((f) => f.kind === 'insights.digest')).toMatchObject([
        { state: 'failed', lastError: 'discord:50013' },
      ]);
    },
  },
];

/**
 * Makes the decision of `kind`, noting where in the stand-in's log its requests may begin. Its
 * requests wait until the test calls {@link release}.
 */
async function decide(kind: Kind): Promise<Intended> {
  const fromSeq = standIn.requests.length;
  return { ...(await kind.decide(hold)), fromSeq };
}

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  standInsInUse.add(standIn);
  // Discord checks a scheduled event's start against the simulated time.
  standIn.now = () => clock.now();
  guild = standIn.addGuild({ name: 'Fault Line' });
  channel.text = standIn.addChannel(guild, { name: 'prompts' });
  channel.forum = standIn.addChannel(guild, { name: 'forum', type: ChannelType.GuildForum });
  channel.polls = standIn.addChannel(guild, { name: 'polls' });
  channel.log = standIn.addChannel(guild, { name: 'hearth-log' });
  channel.announcements = standIn.addChannel(guild, { name: 'announcements' });
  memberRole = standIn.addRole(guild, { name: 'Member', position: 2 });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  app = outboxApp(standIn, db, () => clock.now());
  await ensureGuild(db, guild, { now: clock.now() });
  await updateSettings(
    db,
    guild,
    {
      logChannelId: channel.log,
      announcementsChannelId: channel.announcements,
      memberRoleId: memberRole,
    },
    clock.now(),
  );
  for (let i = 0; i < 5; i++) await addPrompt(db, guild, { text: `Prompt ${i}` }, clock.now());
  await addQuestion(db, guild, { kind: 'short', label: 'Why?', required: true }, clock.now());
  await updateOnboardingSettings(
    db,
    guild,
    { enabled: true, admissionMode: 'approval' },
    clock.now(),
  );
  await setCap(db, guild, 1, clock.now());
  await requestAdmission(db, guild, standIn.addMember(guild, 'holder').id, clock.now());
  startWorker();
  await pass(1_000);
});

afterEach(async () => {
  release();
  standIn.clearFaults();
  if (outbox === undefined) startWorker();
  // Each case starts from a quiet outbox, with the log's earlier notices cleared.
  await db.deleteFrom('manager_notices').execute();
  await pass(3_600_000);
  await drain();
  expect(standIn.unknownRequests).toEqual([]);
});

afterAll(async () => {
  await stopWorker();
  await db.destroy();
  await standIn.stop();
});

describe.each(kinds)('$name', (kind) => {
  it('500 twice, then it works: carried out once, after backing off', async () => {
    const intended = await decide(kind);
    standIn.fault({
      method: intended.method,
      path: intended.path,
      match: intended.mine,
      status: 500,
      times: 2,
    });
    release();
    await pass(0);
    expect(intended.shown()).toBe(0);
    expect(attempts(intended)).toBe(1);
    // The first retry waits 30 s, the second 60 s more: nothing is tried in between.
    await pass(29_999);
    expect(attempts(intended)).toBe(1);
    await pass(1);
    expect(attempts(intended)).toBe(2);
    expect(intended.shown()).toBe(0);
    await pass(59_999);
    expect(attempts(intended)).toBe(2);
    await pass(1);
    expect(attempts(intended)).toBe(3);
    expect(intended.shown()).toBe(1);
    await pass(3_600_000);
    expect(attempts(intended)).toBe(3);
    expect(intended.shown()).toBe(1);
  });

  it('429 with a retry-after: nothing before that time, then once', async () => {
    const intended = await decide(kind);
    standIn.fault({
      method: intended.method,
      path: intended.path,
      match: intended.mine,
      status: 429,
      retryAfterSeconds: 5,
      times: 1,
    });
    release();
    await pass(0);
    expect(attempts(intended)).toBe(1);
    expect(intended.shown()).toBe(0);
    await pass(4_999);
    expect(attempts(intended)).toBe(1);
    // Discord's 5 s, and the REST client's margin of 50 ms.
    await pass(51);
    expect(attempts(intended)).toBe(2);
    expect(intended.shown()).toBe(1);
    await pass(3_600_000);
    expect(attempts(intended)).toBe(2);
    expect(intended.shown()).toBe(1);
  });

  it('50013: given up at once, managers told once, nothing more sent', async () => {
    const intended = await decide(kind);
    standIn.fault({
      method: intended.method,
      path: intended.path,
      match: intended.mine,
      status: 403,
      code: 50013,
    });
    release();
    await pass(0);
    expect(attempts(intended)).toBe(1);
    expect(intended.shown()).toBe(0);
    // `/hearth status` lists it as given up, with why.
    expect((await failingItems(db, guild)).find((f) => f.kind === kind.kind)).toMatchObject({
      state: 'failed',
      lastError: 'discord:50013',
      attempts: 1,
    });
    await kind.refused();
    await pass(6 * 3_600_000);
    expect(attempts(intended)).toBe(1);
    // Told once: hours later, still the one notice.
    await kind.refused();
  });

  it('the process gone between the commit and the send: sent by the next one, once', async () => {
    await stopWorker();
    // The process that commits the decision claims its effects and begins them (each attempt is
    // counted before anything is sent), and is gone before any request leaves.
    let hung = 0;
    const never = (): Promise<unknown> => {
      hung++;
      return new Promise(() => undefined);
    };
    const gone: OutboxRest = { get: never, post: never, put: never, patch: never, delete: never };
    const dying = createOutbox({ app, rest: gone, handlers: handlers(), timers: clock, pacing });
    dying.worker.start();
    const { last } = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('last'))
      .executeTakeFirstOrThrow();
    const intended = await decide(kind);
    release();
    await until(async () => {
      const pending = await db
        .selectFrom('outbox')
        .select(['claimed_by', 'attempts'])
        .where('id', '>', last ?? 0)
        .where('state', '=', 'pending')
        .execute();
      return (
        hung > 0 &&
        pending.length > 0 &&
        pending.every((r) => r.claimed_by === dying.worker.owner) &&
        pending.some((r) => r.attempts > 0)
      );
    }, 'the dying process held the effects');
    dying.close();
    // Its loop ends; what it had in flight never returns.
    void dying.worker.stop(0);
    expect(intended.shown()).toBe(0);
    expect(attempts(intended)).toBe(0);
    startWorker();
    await pass(0);
    expect(intended.shown()).toBe(1);
    expect(attempts(intended)).toBe(1);
    await pass(3_600_000);
    expect(intended.shown()).toBe(1);
    expect(attempts(intended)).toBe(1);
  });
});

describe('an event’s listing whose answer is lost', () => {
  it('made on Discord but the answer lost: the retry finds it by the event’s link, never a second', async () => {
    await resumeMirroring(db, guild, clock.now());
    const title = `Lost answer ${snowflake()}`;
    standIn.fault({
      method: 'POST',
      path: new RegExp(`^/guilds/${guild}/scheduled-events$`),
      match: bodyHas(title),
      status: 500,
      times: 1,
      afterHandling: true,
    });
    const event = await createEvent(
      db,
      guild,
      {
        channelId: channel.polls,
        title,
        startsAt: clock.now() + 3 * 86_400_000,
        durationMinutes: 60,
        capacity: null,
      },
      clock.now(),
    );
    await pass(0);
    expect(mirrorsNamed(title)).toBe(1);
    await pass(3_600_000);
    const row = await db
      .selectFrom('events')
      .select('scheduled_event_id')
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(mirrorsNamed(title)).toBe(1);
    expect(standIn.scheduledEvents.get(row.scheduled_event_id!)?.name).toBe(title);
    expect(
      standIn.requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path === `/guilds/${guild}/scheduled-events` &&
          bodyHas(title)(r),
      ),
    ).toHaveLength(1);
  });
});
