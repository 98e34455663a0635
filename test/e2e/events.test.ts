import { describe, expect, it, onTestFinished } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { isEphemeral, type OptionValue } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { eventRoutes } from '../../src/features/events/routes.js';
import { e2eSuite } from '../helpers/suite.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 1 December 2026, 09:00 UTC; the servers keep Hearth's default time zone, UTC.
let clock = Date.UTC(2026, 11, 1, 9, 0);
const now = () => clock;
const START = Date.UTC(2026, 11, 5, 18, 30);
/** Edits of one channel's messages are paced as Discord asks (5 per 5 s): a count can lag that long. */
const PACED = 15_000;
const people: APIUser[] = [];
const crowd: APIUser[] = [];

async function event(
  subcommand: string,
  options: Record<string, OptionValue>,
  { guild = s.a.guild, user = s.a.owner.id }: { guild?: string; user?: string } = {},
) {
  const interaction = s.standIn.command({ guild, user, command: 'event', subcommand, options });
  return { interaction, answer: await s.standIn.answer(interaction) };
}
const posted = (channel: string, id: string) =>
  s.standIn.postedIn(channel).find((m) => m.id === id)!;
const rows = (m: APIMessage) =>
  (m.components ?? []) as { components: { custom_id: string; label: string }[] }[];
const buttons = (m: APIMessage) => rows(m).flatMap((r) => r.components);
const places = (m: APIMessage) => m.embeds[0]!.fields!.find((f) => f.name === 'Places')!.value;

async function press(message: APIMessage, user: APIUser, label: string, guild = s.a.guild) {
  const button = buttons(message).find((x) => x.label === label)!;
  const click = s.standIn.click({ guild, user: user.id, message, customId: button.custom_id });
  const reply = await s.standIn.answer(click);
  expect(isEphemeral(reply)).toBe(true);
  return String(reply.content);
}

const s = e2eSuite({
  a: { name: 'Brand Lab' },
  b: { name: 'Other Lab' },
  now: () => now(),
  seed: ({ standIn, a }) => {
    // Discord checks a scheduled event's start (the mirror) against the bot's simulated time.
    standIn.now = now;
    for (const name of ['ada', 'bo', 'cy', 'di', 'ed'])
      people.push(standIn.addMember(a.guild, name, [a.memberRole]));
    for (let i = 0; i < 100; i++) crowd.push(standIn.addMember(a.guild, `fan${i}`, [a.memberRole]));
  },
});

describe('an event with 3 places, from creation to feedback', () => {
  const ada = () => people[0]!;
  const bo = () => people[1]!;
  const cy = () => people[2]!;
  const di = () => people[3]!;
  const ed = () => people[4]!;
  let message: APIMessage;
  let eventId: number;

  it('is posted with its time as a Discord timestamp, its places and its buttons', async () => {
    const created = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Board games night',
      start: '2026-12-05 18:30',
      duration: 120,
      capacity: 3,
      where: 'The Lab, 2nd floor',
    });
    expect(created.answer.content).toMatch(/^Event #(\d+) is posted in <#\d+>\.$/);
    eventId = Number(/#(\d+)/.exec(String(created.answer.content))![1]);
    message = s.standIn.postedIn(s.a.announcements).at(-1)!;
    const embed = message.embeds[0]!;
    expect(embed.title).toBe('Board games night');
    expect(embed.fields![0]).toEqual({
      name: 'When',
      value: `<t:${START / 1000}:F> to <t:${(START + 2 * HOUR) / 1000}:t> (<t:${START / 1000}:R>)`,
    });
    expect(embed.fields![1]).toEqual({ name: 'Where', value: 'The Lab, 2nd floor' });
    expect(places(message)).toBe('0 of 3 places taken, nobody waiting');
    expect(buttons(message).map((x) => x.label)).toEqual([
      'Going',
      'Maybe',
      'Can’t go',
      'Check in',
      'Reminders on/off',
      'Add to calendar',
    ]);
    const stored = await s.db.selectFrom('events').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ starts_at: START, capacity: 3, message_id: message.id });
  });

  it('seats the first three who press Going, puts the next ones on the waitlist with their place, and keeps the count live', async () => {
    expect(await press(message, ada(), 'Going')).toBe(
      `You’re going to **Board games night** (<t:${START / 1000}:F>). See you there!`,
    );
    await press(message, bo(), 'Going');
    await press(message, cy(), 'Going');
    expect(await press(message, di(), 'Going')).toBe(
      '**Board games night** is full: you are number 1 on the waitlist. When a place frees up it is offered to the first person waiting, and Hearth tells you.',
    );
    expect(await press(message, ed(), 'Going')).toMatch(/you are number 2 on the waitlist/);
    expect(await press(message, ed(), 'Going')).toBe('You are already on the waitlist: number 2.');
    await until(
      () => places(posted(s.a.announcements, message.id)) === '3 of 3 places taken, 2 waiting',
      PACED,
    );
  });

  it('gives a cancelled place to the first person waiting, who is told once and takes it with Going', async () => {
    expect(await press(message, bo(), 'Can’t go')).toBe(
      'Noted: you can’t go. Your place goes to the next person waiting.',
    );
    await until(() => s.standIn.dmsTo(di().id).length === 1);
    const offer = s.standIn.dmsTo(di().id)[0]!;
    const deadline = (clock + 12 * HOUR) / 1000;
    expect(offer.content).toBe(
      `A place at **Board games night** (<t:${START / 1000}:F>) in Brand Lab freed up and is offered to you first. Press **Going** on the event by <t:${deadline}:F> to take it; after that it passes to the next person. https://discord.com/channels/${s.a.guild}/${s.a.announcements}/${message.id}`,
    );
    await s.bot.hearth.tick();
    expect(s.standIn.dmsTo(di().id)).toHaveLength(1);
    expect(s.standIn.dmsTo(ed().id)).toHaveLength(0);
    expect(await press(message, di(), 'Going')).toBe(
      `The place is yours: you’re going to **Board games night** (<t:${START / 1000}:F>).`,
    );
    await until(
      () => places(posted(s.a.announcements, message.id)) === '3 of 3 places taken, 1 waiting',
      PACED,
    );
  });

  it('passes an offer nobody takes to the next person when it expires', async () => {
    expect(await press(message, cy(), 'Maybe')).toBe(
      'Noted: maybe. Your place goes to the next person waiting.',
    );
    await until(() => s.standIn.dmsTo(ed().id).length === 1);
    clock += 12 * HOUR;
    await s.bot.hearth.tick();
    await until(() => s.standIn.dmsTo(ed().id).length === 2);
    expect(s.standIn.dmsTo(ed().id)[1]!.content).toMatch(
      /^The place at \*\*Board games night\*\* offered to you was not taken in time/,
    );
    // Nobody else waits: the place stays free, and the next to press Going takes it.
    expect(await press(message, cy(), 'Going')).toMatch(/^You’re going/);
    await s.bot.hearth.tick();
    expect(s.standIn.dmsTo(ed().id)).toHaveLength(2);
    await until(
      () => places(posted(s.a.announcements, message.id)) === '3 of 3 places taken, nobody waiting',
      PACED,
    );
  });

  it('reminds those going once, 24 hours and 1 hour before, except a member who turned reminders off', async () => {
    expect(await press(message, cy(), 'Reminders on/off')).toBe(
      'You won’t get event reminders in this server any more. Press again to turn them back on.',
    );
    clock = START - 24 * HOUR;
    await s.bot.hearth.tick();
    await s.bot.hearth.tick();
    const reminders = (user: APIUser) =>
      s.standIn.dmsTo(user.id).filter((m) => m.content.startsWith('Reminder:'));
    await until(() => reminders(ada()).length === 1 && reminders(di()).length === 1);
    expect(reminders(ada())[0]!.content).toBe(
      `Reminder: **Board games night** starts <t:${START / 1000}:R> (<t:${START / 1000}:F>). Where: The Lab, 2nd floor. https://discord.com/channels/${s.a.guild}/${s.a.announcements}/${message.id}\nTo stop event reminders, press **Reminders on/off** on the event.`,
    );
    clock = START - HOUR;
    await s.bot.hearth.tick();
    await s.bot.hearth.tick();
    await until(() => reminders(ada()).length === 2 && reminders(di()).length === 2);
    clock = START - 30 * MINUTE;
    await s.bot.hearth.tick();
    expect(reminders(ada())).toHaveLength(2);
    expect(reminders(cy())).toHaveLength(0);
    expect(reminders(bo())).toHaveLength(0);
  });

  it('takes check-ins during the event, counts no-shows at the end, and asks only those who came for feedback', async () => {
    clock = START + 5 * MINUTE;
    expect(await press(message, ada(), 'Check in')).toBe('You’re checked in. Enjoy!');
    expect(await press(message, ada(), 'Check in')).toBe('You’re already checked in.');
    expect(await press(message, bo(), 'Check in')).toBe(
      'Only people with a place can check in; the organisers can mark you present.',
    );
    const marked = await event('attendance', {
      event: eventId,
      member: { user: di().id },
      present: true,
    });
    expect(marked.answer.content).toBe(`<@${di().id}> is marked present.`);
    clock = START + 2 * HOUR;
    await s.bot.hearth.tick();
    await until(() => buttons(posted(s.a.announcements, message.id)).length === 0, PACED);
    expect(places(posted(s.a.announcements, message.id))).toBe(
      '3 of 3 places taken, nobody waiting\nThis event is over: 2 people came.',
    );
    const feedback = (user: APIUser) =>
      s.standIn.dmsTo(user.id).filter((m) => m.content.startsWith('Thank you for coming'));
    await until(() => feedback(ada()).length === 1 && feedback(di()).length === 1);
    expect(feedback(cy())).toHaveLength(0);
    const ask = feedback(ada())[0]!;
    expect(buttons(ask).map((x) => x.label)).toEqual(['1 ★', '2 ★', '3 ★', '4 ★', '5 ★']);
    const rate = (user: APIUser, score: number) =>
      s.standIn.answer(
        s.standIn.clickInDm({
          user: user.id,
          message: ask,
          customId: buttons(ask)[score - 1]!.custom_id,
        }),
      );
    expect((await rate(ada(), 5)).content).toBe('Thank you for your feedback!');
    expect((await rate(ada(), 4)).content).toBe('Your rating is updated.');
    // Cy had a place and did not come: their press on the same buttons counts for nothing.
    expect((await rate(cy(), 1)).content).toBe('Only people who were at the event can rate it.');
    expect(await s.db.selectFrom('event_feedback').select(['user_id', 'rating']).execute()).toEqual(
      [{ user_id: ada().id, rating: 4 }],
    );
    await s.bot.hearth.tick();
    expect(feedback(ada())).toHaveLength(1);
  });

  it('shows the organiser who came, the no-shows and the feedback, never to members', async () => {
    const { answer } = await event('attendees', { event: eventId });
    const content = String(answer.content);
    expect(content.split('\n')[0]).toBe(
      '**Board games night**: 3 going, 0 offered, 0 waiting, 0 maybe. Attended 2, no-shows 1. Feedback: 4.0 of 5 (1 rating).',
    );
    expect(content).toContain(`place 1: <@${ada().id}> ✅`);
    expect(content).toContain(`<@${cy().id}> · no-show`);
    expect(isEphemeral(answer)).toBe(true);
    // The public message never names a no-show.
    expect(JSON.stringify(posted(s.a.announcements, message.id))).not.toContain(cy().id);
  });
});

describe('what attackers try', () => {
  it('100 members pressing Going at once on 10 places: exactly 10 seated, 90 waiting, each told their true place', async () => {
    s.standIn.interactionWindowMs = 120_000;
    onTestFinished(() => {
      s.standIn.interactionWindowMs = 3_000;
    });
    clock = Date.UTC(2026, 11, 10, 9, 0);
    const created = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Workshop',
      start: '2026-12-20 10:00',
      capacity: 10,
    });
    const id = Number(/#(\d+)/.exec(String(created.answer.content))![1]);
    const message = s.standIn.postedIn(s.a.announcements).at(-1)!;
    const going = buttons(message).find((x) => x.label === 'Going')!.custom_id;
    const clicks = crowd.map((fan) =>
      s.standIn.click({ guild: s.a.guild, user: fan.id, message, customId: going }),
    );
    const replies = await Promise.all(clicks.map((c) => s.standIn.answer(c, 60_000)));
    const seated = replies.filter((r) => String(r.content).startsWith('You’re going'));
    expect(seated).toHaveLength(10);
    const told = new Map(
      replies.flatMap((r, i) => {
        const m = /number (\d+) on the waitlist/.exec(String(r.content));
        return m === null ? [] : [[crowd[i]!.id, Number(m[1])] as const];
      }),
    );
    expect([...told.values()].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 90 }, (_, i) => i + 1),
    );
    const stored = await s.db
      .selectFrom('event_rsvps')
      .select(['user_id', 'status', 'seat', 'ticket'])
      .where('event_id', '=', id)
      .execute();
    expect(stored.filter((r) => r.status === 'going')).toHaveLength(10);
    expect(new Set(stored.map((r) => r.seat).filter((s) => s !== null)).size).toBe(10);
    // The stored queue is the order members were told: first come, first served.
    const queue = stored
      .filter((r) => r.status === 'waiting')
      .sort((x, y) => x.ticket! - y.ticket!)
      .map((r) => r.user_id);
    expect(queue.map((user) => told.get(user))).toEqual(
      Array.from({ length: 90 }, (_, i) => i + 1),
    );
    await until(
      () => places(posted(s.a.announcements, message.id)) === '10 of 10 places taken, 90 waiting',
      20_000,
    );
    // A seated member leaving offers the place to the first in the queue, once.
    const leaver = crowd.find((fan) =>
      stored.some((r) => r.user_id === fan.id && r.seat !== null),
    )!;
    await press(message, leaver, 'Can’t go');
    const first = crowd.find((fan) => fan.id === queue[0])!;
    await until(() => s.standIn.dmsTo(first.id).length === 1);
    await s.bot.hearth.tick();
    expect(s.standIn.dmsTo(first.id)).toHaveLength(1);
    expect(crowd.filter((fan) => s.standIn.dmsTo(fan.id).length > 0)).toEqual([first]);
  }, 120_000);

  it('refuses a member forging a custom id for another server’s event, and changes nothing', async () => {
    const target = await s.db
      .selectFrom('events')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const before = await s.db.selectFrom('event_rsvps').selectAll().execute();
    // A message of the other server, with a button forged to name server A's event.
    const decoy = s.standIn.postedIn(s.a.announcements).at(-1)!;
    for (const customId of [
      eventRoutes.rsvp.build({ event: target.id, choice: 'going' }),
      eventRoutes.checkIn.build({ event: target.id }),
      eventRoutes.reminders.build({ event: target.id }),
    ]) {
      const click = s.standIn.click({
        guild: s.b.guild,
        user: s.b.member.id,
        message: { ...decoy, channel_id: s.b.announcements },
        customId,
      });
      expect((await s.standIn.answer(click)).content).toBe(
        'That event does not exist in this server.',
      );
    }
    // A rating button naming server A, pressed in server B.
    const rate = s.standIn.click({
      guild: s.b.guild,
      user: s.b.member.id,
      message: { ...decoy, channel_id: s.b.announcements },
      customId: eventRoutes.rate.build({ guild: s.a.guild, event: target.id, score: 5 }),
    });
    expect((await s.standIn.answer(rate)).content).toBe(
      'This button or menu no longer works. Run the command again to get a fresh one.',
    );
    // And a manager of server B naming A's event in a command.
    const cancel = await event(
      'cancel',
      { event: target.id },
      { guild: s.b.guild, user: s.b.owner.id },
    );
    expect(cancel.answer.content).toBe('That event does not exist in this server.');
    expect(await s.db.selectFrom('event_rsvps').selectAll().execute()).toEqual(before);
    expect(
      await s.db
        .selectFrom('event_member_prefs')
        .selectAll()
        .where('guild_id', '=', s.b.guild)
        .execute(),
    ).toEqual([]);
  });

  it('refuses manager subcommands to a member, and stores nothing', async () => {
    const count = async () => (await s.db.selectFrom('events').select('id').execute()).length;
    const before = await count();
    for (const [subcommand, options] of [
      [
        'create',
        { channel: { channel: s.a.announcements }, title: 'Mine', start: '2026-12-30 10:00' },
      ],
      ['cancel', { event: 1 }],
      ['admit', { event: 2, member: { user: s.a.member.id } }],
      ['attendees', { event: 1 }],
    ] as const) {
      const { answer } = await event(subcommand, options, { user: s.a.member.id });
      expect(String(answer.content)).toMatch(/^Only managers can do this/);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a start in the past, a malformed start and a capacity of 0 or 10,000, with a clear message and nothing stored', async () => {
    const count = async () => (await s.db.selectFrom('events').select('id').execute()).length;
    const before = await count();
    const base = { channel: { channel: s.a.announcements }, title: 'Bad' };
    const cases: [Record<string, OptionValue>, string][] = [
      [{ start: '2020-01-01 10:00' }, 'That start time has already passed.'],
      [{ start: 'next friday' }, 'Write the start as `2026-12-31 18:30`'],
      [{ start: '2026-02-30 10:00' }, 'Write the start as `2026-12-31 18:30`'],
      [
        { start: '2026-12-30 10:00', capacity: 0 },
        'The capacity must be between 1 and 1000 places.',
      ],
      [
        { start: '2026-12-30 10:00', capacity: 10_000 },
        'The capacity must be between 1 and 1000 places.',
      ],
      [{ start: '2026-12-30 10:00', reminders: 'often' }, 'Write reminders like'],
    ];
    for (const [options, message] of cases) {
      const { answer } = await event('create', { ...base, ...options });
      expect(String(answer.content)).toContain(message);
    }
    expect(await count()).toBe(before);
  });
});

describe('a start the clocks skip', () => {
  it('moves a start inside the spring-forward gap to the first minute after it, and says so in English and Italian', async () => {
    const setTimezone = (timezone: string) =>
      s.standIn.answer(
        s.standIn.command({
          guild: s.a.guild,
          user: s.a.owner.id,
          command: 'hearth',
          subcommand: 'setup',
          options: { timezone },
        }),
      );
    await setTimezone('Europe/Rome');
    onTestFinished(async () => {
      await setTimezone('UTC');
    });
    // 28 March 2027: Rome goes from 02:00 CET straight to 03:00 CEST.
    const created = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Night walk',
      start: '2027-03-28 02:30',
    });
    const lines = String(created.answer.content).split('\n');
    expect(lines[0]).toMatch(/^Event #(\d+) is posted in <#\d+>\.$/);
    expect(lines[1]).toBe(
      '02:30 on 2027-03-28 does not exist in Europe/Rome: the clocks go forward then, so the event starts at 03:00, the first minute after the change. To pick another time, use `/event edit`.',
    );
    const id = Number(/#(\d+)/.exec(lines[0]!)![1]);
    const stored = await s.db
      .selectFrom('events')
      .select('starts_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // 03:00 CEST is 01:00 UTC.
    expect(stored.starts_at).toBe(Date.UTC(2027, 2, 28, 1, 0));
    // An edit into the gap, asked in Italian.
    const edit = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      locale: 'it',
      command: 'event',
      subcommand: 'edit',
      options: { event: id, start: '2027-03-28 02:15' },
    });
    const edited = String((await s.standIn.answer(edit)).content).split('\n');
    expect(edited[0]).toBe(`L’evento n. ${id} è aggiornato.`);
    expect(edited[1]).toBe(
      'Il 2027-03-28 alle 02:15 nel fuso Europe/Rome non esiste: a quell’ora gli orologi vanno avanti, quindi l’evento inizia alle 03:00, il primo minuto dopo il cambio. Per scegliere un altro orario usa `/evento modifica`.',
    );
    // An ordinary time says nothing more.
    const ordinary = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'event',
      subcommand: 'edit',
      options: { event: id, start: '2027-03-28 04:00' },
    });
    expect((await s.standIn.answer(ordinary)).content).toBe(`Event #${id} is updated.`);
    await event('cancel', { event: id });
  });
});
