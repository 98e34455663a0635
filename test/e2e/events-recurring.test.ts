/**
 * Recurring events in a server on Rome time: a weekly series keeps 20:00 local across the March
 * change (UTC+1 to UTC+2), each next occurrence is made and posted exactly once when the one
 * before starts, across a restart; reminders of an occurrence are sent exactly once across a
 * restart at the worst moments (claimed and committed but not sent; sent but the answer lost
 * before the outbox row is marked); cancelling one occurrence keeps the series, cancelling the
 * series stops it; bad rules are refused with nothing stored.
 */
import { describe, expect, it } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import type { OptionValue } from '../stand-in/server.js';
import { startBot, until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';
import { localTime } from '../../src/core/local-time.js';
import { eventRoutes } from '../../src/features/events/routes.js';
import { claimReminders, materializeSeries } from '../../src/features/events/service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ZONE = 'Europe/Rome';
// Monday 15 March 2027, 09:00 UTC. Rome changes to summer time on Sunday 28 March.
let clock = Date.UTC(2027, 2, 15, 9, 0);
const now = () => clock;
// Wednesdays at 20:00 in Rome: 19:00 UTC in winter, 18:00 UTC from 28 March.
const STARTS = [
  Date.UTC(2027, 2, 17, 19, 0),
  Date.UTC(2027, 2, 24, 19, 0),
  Date.UTC(2027, 2, 31, 18, 0),
  Date.UTC(2027, 3, 7, 18, 0),
];
let ada: APIUser;
const UNKNOWN = 'That event does not exist in this server.';

const s = e2eSuite({
  a: { name: 'Rome Club' },
  now: () => now(),
  setup: () => ({ timezone: ZONE }),
  seed: ({ standIn, a }) => {
    standIn.now = now;
    ada = standIn.addMember(a.guild, 'ada', [a.memberRole]);
  },
});

async function event(subcommand: string, options: Record<string, OptionValue>) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'event',
    subcommand,
    options,
  });
  return String((await s.standIn.answer(interaction)).content);
}

const series = (seriesId: number) =>
  s.db
    .selectFrom('events')
    .select(['id', 'starts_at', 'occurrence_at', 'status', 'message_id'])
    .where('series_id', '=', seriesId)
    .orderBy('occurrence_at')
    .execute();
/** The messages posted for an event (its Going button names it). */
const postsOf = (eventId: number): APIMessage[] => {
  const going = eventRoutes.rsvp.build({ event: eventId, choice: 'going' });
  return s.standIn
    .postedIn(s.a.announcements)
    .filter((m) =>
      ((m.components ?? []) as { components: { custom_id?: string }[] }[]).some((r) =>
        r.components.some((c) => c.custom_id === going),
      ),
    );
};
const postRequestsOf = (eventId: number) => {
  const going = eventRoutes.rsvp.build({ event: eventId, choice: 'going' });
  return s.standIn.requests.filter(
    (r) =>
      r.method === 'POST' &&
      r.path === `/channels/${s.a.announcements}/messages` &&
      JSON.stringify(r.body).includes(going),
  );
};
const remindersFor = (startsAt: number) =>
  s.standIn
    .dmsTo(ada.id)
    .filter(
      (m) => m.content.startsWith('Reminder:') && m.content.includes(`<t:${startsAt / 1000}:F>`),
    );

async function restart(): Promise<void> {
  await s.bot.stop();
  s.bot = await startBot(s.standIn, { db: s.db, now });
}

async function goingTo(eventId: number): Promise<void> {
  const [message] = postsOf(eventId);
  const click = s.standIn.click({
    guild: s.a.guild,
    user: ada.id,
    message: message!,
    customId: eventRoutes.rsvp.build({ event: eventId, choice: 'going' }),
  });
  expect(String((await s.standIn.answer(click)).content)).toContain('You’re going');
}

let seriesId = 0;

describe('a weekly series across the change to summer time', () => {
  it('is created with its first occurrence, and says how it repeats', async () => {
    const content = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Wednesday chess',
      start: '2027-03-17 20:00',
      reminders: '1h',
      repeats: 'weekly',
    });
    const lines = content.split('\n');
    expect(lines[0]).toMatch(/^Event #\d+ is posted in <#\d+>\.$/);
    expect(lines[1]).toBe(
      'It repeats every week on Wednesday at 20:00; each next date is posted when the one before starts.',
    );
    const id = Number(/#(\d+)/.exec(content)![1]);
    const row = await s.db
      .selectFrom('events')
      .select(['series_id', 'starts_at', 'occurrence_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    seriesId = row.series_id!;
    expect(row).toMatchObject({ starts_at: STARTS[0], occurrence_at: STARTS[0] });
    expect(postsOf(id)).toHaveLength(1);
    const places = postsOf(id)[0]!.embeds[0]!.fields!.find((f) => f.name === 'Places')!.value;
    expect(places.split('\n')).toContain('↻ Repeats every week on Wednesday at 20:00');
  });

  it('cannot be stopped from another server', async () => {
    const [first] = await series(seriesId);
    const interaction = s.standIn.command({
      guild: s.b.guild,
      user: s.b.owner.id,
      command: 'event',
      subcommand: 'cancel',
      options: { event: first!.id, series: true },
    });
    expect(String((await s.standIn.answer(interaction)).content)).toBe(UNKNOWN);
    const row = await s.db
      .selectFrom('event_series')
      .select('status')
      .where('id', '=', seriesId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect((await series(seriesId))[0]!.status).toBe('open');
  });

  it('makes each next occurrence once when the one before starts, at 20:00 in Rome before and after the change, across a restart', async () => {
    for (const k of [0, 1]) {
      // A minute early: nothing yet.
      clock = STARTS[k]! - MINUTE;
      await s.bot.hearth.tick();
      expect(await series(seriesId)).toHaveLength(k + 1);
      clock = STARTS[k]!;
      if (k === 0) {
        // Two processes at once: the unique series and start lets one make it.
        const made = await Promise.all([
          materializeSeries(s.db, clock),
          materializeSeries(s.db, clock),
        ]);
        expect(made.flat()).toHaveLength(1);
      } else {
        // The worst moment: made and committed with its post's outbox row, then Hearth dies.
        await s.bot.stop();
        expect(await materializeSeries(s.db, clock)).toHaveLength(1);
        s.bot = await startBot(s.standIn, { db: s.db, now });
      }
      await s.bot.hearth.tick();
      await s.bot.hearth.tick();
      if (k === 1) {
        await restart();
        await s.bot.hearth.tick();
      }
      clock = STARTS[k]! + 5 * MINUTE;
      await s.bot.hearth.tick();
      const rows = await series(seriesId);
      expect(rows.map((r) => r.starts_at)).toEqual(STARTS.slice(0, k + 2));
      expect(rows.map((r) => r.occurrence_at)).toEqual(STARTS.slice(0, k + 2));
      for (const r of rows) {
        const local = localTime(ZONE, r.starts_at);
        expect([local.weekday, local.hour, local.minute]).toEqual([3, 20, 0]);
        // Posted once (an ended occurrence's message loses its buttons, so the requests tell).
        expect(r.message_id).not.toBeNull();
        expect(postRequestsOf(r.id)).toHaveLength(1);
      }
    }
  });

  it('reminds ada of the first occurrence after the change once, though Hearth restarted after committing the reminder and before sending it', async () => {
    const rows = await series(seriesId);
    const third = rows[2]!;
    expect(third.starts_at).toBe(STARTS[2]);
    await goingTo(third.id);
    // Hearth is down at 17:00 UTC (19:00 in Rome), the reminder's time; a process claims it,
    // commits, and dies before carrying out its outbox rows.
    await s.bot.stop();
    clock = STARTS[2]! - HOUR;
    expect(await claimReminders(s.db, clock)).toBe(1);
    expect(remindersFor(STARTS[2]!)).toHaveLength(0);
    s.bot = await startBot(s.standIn, { db: s.db, now });
    await s.bot.hearth.tick();
    await until(() => remindersFor(STARTS[2]!).length === 1);
    clock += 10 * MINUTE;
    await s.bot.hearth.tick();
    await restart();
    await s.bot.hearth.tick();
    expect(remindersFor(STARTS[2]!)).toHaveLength(1);
    expect(remindersFor(STARTS[2]!)[0]!.content).toContain(`<t:${STARTS[2]! / 1000}:R>`);
  });

  it('reminds ada of the next occurrence once, though the DM was sent and its answer lost, and Hearth restarted before marking it', async () => {
    clock = STARTS[2]!;
    await s.bot.hearth.tick();
    const fourth = (await series(seriesId))[3]!;
    expect(fourth.starts_at).toBe(STARTS[3]);
    expect(localTime(ZONE, fourth.starts_at).hour).toBe(20);
    await goingTo(fourth.id);
    s.standIn.fault({
      method: 'POST',
      path: /^\/channels\/[^/]+\/messages$/,
      match: (r) => {
        const content = (r.body as { content?: unknown }).content;
        return typeof content === 'string' && content.startsWith('Reminder:');
      },
      status: 500,
      afterHandling: true,
      hangUp: true,
      times: 1,
    });
    clock = STARTS[3]! - HOUR;
    await s.bot.hearth.tick();
    // Discord has the DM; Hearth never heard so, and its row is not marked done.
    expect(remindersFor(STARTS[3]!)).toHaveLength(1);
    await restart();
    for (let i = 0; i < 10; i++) {
      clock += MINUTE;
      await s.bot.hearth.tick();
    }
    const left = await s.db
      .selectFrom('outbox')
      .select(['kind', 'state'])
      .where('guild_id', '=', s.a.guild)
      .where('state', '!=', 'done')
      .execute();
    expect(left).toEqual([]);
    expect(remindersFor(STARTS[3]!)).toHaveLength(1);
    // Each occurrence's reminder was claimed once.
    const rows = await series(seriesId);
    const claims = await s.db
      .selectFrom('event_reminders')
      .select(['event_id', 'minutes_before', 'outcome'])
      .where('event_id', 'in', [rows[2]!.id, rows[3]!.id])
      .orderBy('event_id')
      .execute();
    expect(claims).toEqual([
      { event_id: rows[2]!.id, minutes_before: 60, outcome: 'sent' },
      { event_id: rows[3]!.id, minutes_before: 60, outcome: 'sent' },
    ]);
  });
});

describe('cancelling', () => {
  it('one occurrence keeps the series; the list shows the series; cancelling the series stops it', async () => {
    clock = STARTS[3]!;
    await s.bot.hearth.tick();
    const fifth = (await series(seriesId))[4]!;
    expect(fifth.starts_at).toBe(Date.UTC(2027, 3, 14, 18, 0));
    expect(await event('cancel', { event: fifth.id })).toContain('Cancelled “Wednesday chess”.');
    // Its start passes: the series goes on with the week after.
    clock = fifth.starts_at;
    await s.bot.hearth.tick();
    const rows = await series(seriesId);
    expect(rows).toHaveLength(6);
    const sixth = rows[5]!;
    expect(sixth.starts_at).toBe(Date.UTC(2027, 3, 21, 18, 0));
    expect(postsOf(sixth.id)).toHaveLength(1);
    const list = await event('list', {});
    expect(list).toContain(
      `#${sixth.id} **Wednesday chess** · <t:${sixth.starts_at / 1000}:f> · open · ↻ series ${seriesId}: every week on Wednesday at 20:00`,
    );
    expect(await event('cancel', { event: sixth.id, series: true })).toBe(
      'Stopped the series of “Wednesday chess”: no more dates. Nobody had a place.',
    );
    expect((await series(seriesId))[5]!.status).toBe('cancelled');
    expect(await event('list', {})).toContain('↻ series ' + seriesId + ': series stopped');
    clock = sixth.starts_at + HOUR;
    await s.bot.hearth.tick();
    expect(await series(seriesId)).toHaveLength(6);
    expect(await event('cancel', { event: sixth.id, series: true })).toBe(
      'That series is already stopped.',
    );
  });

  it('a one-off event as a series is refused', async () => {
    const content = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Once',
      start: '2027-05-01 10:00',
    });
    const id = Number(/#(\d+)/.exec(content)![1]);
    expect(await event('cancel', { event: id, series: true })).toBe(
      'That event does not repeat: cancel it without `series`.',
    );
    expect(await event('cancel', { event: id })).toContain('Cancelled “Once”.');
  });
});

describe('bad rules', () => {
  it('are refused with clear messages, and nothing is stored', async () => {
    const count = async () => ({
      events: (await s.db.selectFrom('events').select('id').execute()).length,
      series: (await s.db.selectFrom('event_series').select('id').execute()).length,
      outbox: (await s.db.selectFrom('outbox').select('id').execute()).length,
    });
    const before = await count();
    const base = {
      channel: { channel: s.a.announcements },
      title: 'Bad',
      // Tuesday 11 May 2027: the 2nd Tuesday.
      start: '2027-05-11 20:00',
    };
    const cases: [string, string][] = [
      ['every 0 weeks', 'An event can repeat every 1 to 52 weeks.'],
      [
        'monthly 2nd Funday',
        'Write the day of the month as an ordinal and a weekday: `monthly 2nd Tuesday`, `monthly last Friday` (1st to 4th, or last).',
      ],
      [
        'monthly 3rd Tuesday',
        'The start is not on that day of its month. Pick a start on that day, or write just `monthly` to repeat on the start’s own weekday.',
      ],
      [
        'fortnightly',
        'Write how the event repeats as `weekly`, `every 2 weeks`, `monthly` or `monthly 2nd Tuesday`, or `none`.',
      ],
    ];
    for (const [repeats, message] of cases)
      expect(await event('create', { ...base, repeats })).toBe(message);
    expect(await count()).toEqual(before);
    // In Italian too.
    const it = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      locale: 'it',
      command: 'event',
      subcommand: 'create',
      options: { ...base, repeats: 'ogni 0 settimane' },
    });
    expect((await s.standIn.answer(it)).content).toBe(
      'Un evento può ripetersi ogni 1–52 settimane.',
    );
    expect(await count()).toEqual(before);
  });
});
