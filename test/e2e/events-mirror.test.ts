/**
 * Events in the server's Events (Discord scheduled events) and as calendar files: the mirror is
 * made when the event is posted, follows its edits, goes when it is cancelled; a server where
 * Discord refuses Hearth the permission still gets its event, with one notice, and `/hearth
 * status` says what is missing. "Add to calendar" answers with an .ics file that parses.
 */
import { describe, expect, it } from 'vitest';
import {
  ChannelType,
  GatewayDispatchEvents,
  GuildScheduledEventEntityType,
  PermissionFlagsBits,
  type APIGuildScheduledEvent,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { isEphemeral, type OptionValue } from '../stand-in/server.js';
import { ALL_PERMISSIONS } from '../stand-in/payloads.js';
import { until } from '../helpers/bot.js';
import { parseCalendar } from '../helpers/ics.js';
import { takeRefusals } from '../helpers/refusals.js';
import { e2eSuite } from '../helpers/suite.js';

const HOUR = 3_600_000;
// 1 December 2026, 09:00 UTC; the servers keep Hearth's default time zone, UTC.
const clock = Date.UTC(2026, 11, 1, 9, 0);
const now = () => clock;
const START = Date.UTC(2026, 11, 5, 18, 30);
const NO_EVENTS =
  ALL_PERMISSIONS &
  ~(
    PermissionFlagsBits.Administrator |
    PermissionFlagsBits.CreateEvents |
    PermissionFlagsBits.ManageEvents
  );
let ada: APIUser;
let voice = '';

const s = e2eSuite({
  a: { name: 'Brand Lab' },
  b: { name: 'No Events Club', botPermissions: NO_EVENTS },
  now: () => now(),
  setup: (c) => ({ log_channel: { channel: c.log } }),
  seed: ({ standIn, a }) => {
    // Discord checks a scheduled event's start against the bot's (simulated) time.
    standIn.now = now;
    ada = standIn.addMember(a.guild, 'ada', [a.memberRole]);
    voice = standIn.addChannel(a.guild, { name: 'Lounge', type: ChannelType.GuildVoice });
  },
});

async function event(
  subcommand: string,
  options: Record<string, OptionValue>,
  guild: string = s.a.guild,
  user: string = guild === s.a.guild ? s.a.owner.id : s.b.owner.id,
) {
  const interaction = s.standIn.command({ guild, user, command: 'event', subcommand, options });
  const answer = await s.standIn.answer(interaction);
  return { interaction, content: String(answer.content) };
}
const idOf = (content: string) => Number(/#(\d+)/.exec(content)![1]);
const stored = (id: number) =>
  s.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const mirrorOf = async (id: number) => {
  const row = await stored(id);
  return row.scheduled_event_id === null
    ? undefined
    : s.standIn.scheduledEvents.get(row.scheduled_event_id);
};
const mirrorsIn = (guild: string) =>
  [...s.standIn.scheduledEvents.values()].filter((e) => e.guild_id === guild);
const buttons = (m: APIMessage) =>
  ((m.components ?? []) as { components: { custom_id: string; label: string }[] }[]).flatMap(
    (r) => r.components,
  );
const logPosts = (log: string) => s.standIn.postedIn(log).map((m) => m.content);

describe('the mirror in the server’s Events', () => {
  let id = 0;
  let message: APIMessage;

  it('is made when the event is posted: its name, description with the link, times and place', async () => {
    const created = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Board games night',
      start: '2026-12-05 18:30',
      duration: 120,
      where: 'The Lab, 2nd floor',
      details: 'Bring a game; snacks provided.',
    });
    id = idOf(created.content);
    message = s.standIn.postedIn(s.a.announcements).at(-1)!;
    const mirror = await until(() => mirrorOf(id));
    const link = `https://discord.com/channels/${s.a.guild}/${s.a.announcements}/${message.id}`;
    expect(mirror).toMatchObject({
      name: 'Board games night',
      description: `Bring a game; snacks provided.\n\n${link}`,
      scheduled_start_time: new Date(START).toISOString(),
      scheduled_end_time: new Date(START + 2 * HOUR).toISOString(),
      privacy_level: 2,
      entity_type: 3,
      channel_id: null,
      entity_metadata: { location: 'The Lab, 2nd floor' },
      creator_id: s.standIn.botUser.id,
    } satisfies Partial<APIGuildScheduledEvent>);
    expect(mirrorsIn(s.a.guild)).toHaveLength(1);
  });

  it('follows an edit of the title, time and place, and moves into a voice channel', async () => {
    const edited = await event('edit', {
      event: id,
      title: 'Board games marathon',
      start: '2026-12-06 15:00',
      duration: 240,
    });
    expect(edited.content).toBe(`Event #${id} is updated.`);
    const start = Date.UTC(2026, 11, 6, 15, 0);
    await until(async () => (await mirrorOf(id))?.name === 'Board games marathon');
    expect(await mirrorOf(id)).toMatchObject({
      scheduled_start_time: new Date(start).toISOString(),
      scheduled_end_time: new Date(start + 4 * HOUR).toISOString(),
      entity_metadata: { location: 'The Lab, 2nd floor' },
    });
    await event('edit', { event: id, voice: { channel: voice } });
    await until(
      async () => (await mirrorOf(id))?.entity_type === GuildScheduledEventEntityType.Voice,
    );
    expect(await mirrorOf(id)).toMatchObject({ channel_id: voice, entity_metadata: null });
    // Still the one mirror, edited in place.
    expect(mirrorsIn(s.a.guild)).toHaveLength(1);
    expect((await stored(id)).sequence).toBe(2);
  });

  it('gives a member the event as a calendar file that parses, with its SEQUENCE', async () => {
    const posted = s.standIn.postedIn(s.a.announcements).find((m) => m.id === message.id)!;
    const calendar = buttons(posted).find((b) => b.label === 'Add to calendar')!;
    const click = s.standIn.click({
      guild: s.a.guild,
      user: ada.id,
      message: posted,
      customId: calendar.custom_id,
    });
    const reply = await s.standIn.answer(click);
    // Only the member who pressed sees it (deferred or not, the first answer says so).
    expect(isEphemeral((await s.standIn.callback(click)).data)).toBe(true);
    expect(reply.content).toContain('**Board games marathon**');
    const upload = s.standIn.requests.find(
      (r) => r.path.includes(`/${click.token}`) && r.files.length > 0,
    )!;
    expect(upload.files.map((f) => f.filename)).toEqual([`event-${id}.ics`]);
    const ics = parseCalendar(upload.files[0]!.content.toString('utf8'));
    const link = `https://discord.com/channels/${s.a.guild}/${s.a.announcements}/${message.id}`;
    expect(ics).toMatchObject({
      UID: `event-${id}-${s.a.guild}@hearth`,
      DTSTART: '20261206T150000Z',
      DTEND: '20261206T190000Z',
      DTSTAMP: '20261201T090000Z',
      SUMMARY: 'Board games marathon',
      DESCRIPTION: `Bring a game; snacks provided.\n\n${link}`,
      LOCATION: 'The Lab, 2nd floor',
      URL: link,
      SEQUENCE: '2',
      STATUS: 'CONFIRMED',
    });
  });

  it('is deleted when the event is cancelled; the calendar file then says CANCELLED', async () => {
    const cancelled = await event('cancel', { event: id });
    expect(cancelled.content).toContain('Cancelled “Board games marathon”');
    await until(async () => (await mirrorOf(id)) === undefined);
    expect(mirrorsIn(s.a.guild)).toEqual([]);
    const posted = await until(() => {
      const m = s.standIn.postedIn(s.a.announcements).find((x) => x.id === message.id)!;
      return buttons(m).length === 1 ? m : undefined;
    }, 15_000);
    const click = s.standIn.click({
      guild: s.a.guild,
      user: ada.id,
      message: posted,
      customId: buttons(posted)[0]!.custom_id,
    });
    await s.standIn.answer(click);
    const upload = s.standIn.requests.find(
      (r) => r.path.includes(`/${click.token}`) && r.files.length > 0,
    )!;
    expect(parseCalendar(upload.files[0]!.content.toString('utf8'))).toMatchObject({
      UID: `event-${id}-${s.a.guild}@hearth`,
      STATUS: 'CANCELLED',
      SEQUENCE: '3',
    });
  });
});

describe('what a member or a manager may try', () => {
  it('a calendar button replayed in another server names no event there', async () => {
    const created = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Private dinner',
      start: '2026-12-10 20:00',
    });
    const id = idOf(created.content);
    const message = s.standIn.postedIn(s.a.announcements).at(-1)!;
    const calendar = buttons(message).find((b) => b.label === 'Add to calendar')!;
    const replay = s.standIn.click({
      guild: s.b.guild,
      user: s.b.member.id,
      message,
      customId: calendar.custom_id,
    });
    const reply = await s.standIn.answer(replay);
    expect(reply.content).toBe('That event does not exist in this server.');
    expect(
      s.standIn.requests.some((r) => r.path.includes(`/${replay.token}`) && r.files.length > 0),
    ).toBe(false);
    await event('cancel', { event: id });
  });

  it('a listing deleted on Discord by a manager is not made again by an edit, and nothing fails', async () => {
    const created = await event('create', {
      channel: { channel: s.a.announcements },
      title: 'Talk',
      start: '2026-12-11 18:00',
    });
    const id = idOf(created.content);
    const mirror = await until(() => mirrorOf(id));
    s.standIn.scheduledEvents.delete(mirror.id);
    await event('edit', { event: id, title: 'Talk, moved' });
    const patched = await until(() =>
      s.standIn.requests.find(
        (r) =>
          r.method === 'PATCH' && r.path === `/guilds/${s.a.guild}/scheduled-events/${mirror.id}`,
      ),
    );
    expect(patched.status).toBe(404);
    expect(mirrorsIn(s.a.guild).filter((e) => e.name.startsWith('Talk'))).toEqual([]);
    await event('cancel', { event: id });
  });
});

describe('a server where Discord refuses Hearth its scheduled events', () => {
  it('still gets its events posted, tells managers once, and /hearth status names the permission', async () => {
    const first = await event(
      'create',
      { channel: { channel: s.b.announcements }, title: 'Quiz', start: '2026-12-07 20:00' },
      s.b.guild,
    );
    expect(first.content).toMatch(/^Event #\d+ is posted in <#\d+>\.$/);
    const notice = (p: string) => p.startsWith('Hearth cannot list events in the server’s Events');
    await until(() => logPosts(s.b.log).some(notice));
    // A second event: posted too, nothing more tried, no second notice.
    const tries = () =>
      s.standIn.requests.filter((r) => r.path === `/guilds/${s.b.guild}/scheduled-events`).length;
    expect(tries()).toBe(1);
    const second = await event(
      'create',
      { channel: { channel: s.b.announcements }, title: 'Quiz 2', start: '2026-12-08 20:00' },
      s.b.guild,
    );
    expect(second.content).toMatch(/^Event #\d+ is posted in <#\d+>\.$/);
    expect(tries()).toBe(1);
    expect(logPosts(s.b.log).filter(notice)).toHaveLength(1);
    expect(mirrorsIn(s.b.guild)).toEqual([]);
    expect(takeRefusals(s.standIn)).toMatchObject([
      { method: 'POST', path: `/guilds/${s.b.guild}/scheduled-events`, code: 50013 },
    ]);

    const status = s.standIn.command({
      guild: s.b.guild,
      user: s.b.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    const shown = JSON.stringify(await s.standIn.answer(status));
    expect(shown).toContain(
      'Hearth cannot list events in the server’s Events: give the Hearth role the Create Events permission (Server Settings > Roles).',
    );

    // The permission is given: the next event command resumes, and the waiting events get theirs.
    const role = [...s.standIn.guilds.get(s.b.guild)!.roles.values()].find((r) => r.managed)!;
    role.permissions = String(NO_EVENTS | PermissionFlagsBits.CreateEvents);
    s.standIn.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: s.b.guild, role });
    await until(
      () =>
        s.bot.hearth.client.guilds.cache.get(s.b.guild)?.roles.cache.get(role.id)?.permissions
          .bitfield === BigInt(role.permissions),
    );
    const third = await event(
      'create',
      { channel: { channel: s.b.announcements }, title: 'Quiz 3', start: '2026-12-09 20:00' },
      s.b.guild,
    );
    expect(third.content).toContain('2 upcoming events are being listed');
    await until(() => mirrorsIn(s.b.guild).length === 3, 15_000);
    expect(
      mirrorsIn(s.b.guild)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['Quiz', 'Quiz 2', 'Quiz 3']);
  });
});
