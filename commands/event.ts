import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { managerCommand, option, pickedChannel, subcommand } from '../src/core/command-options.js';
import type { InteractionContext } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { component, defineCommand } from '../src/core/handlers.js';
import { fromLocal, localTime } from '../src/core/local-time.js';
import { outboxOf, reasonOf, render } from '../src/core/outbox/index.js';
import { listMessage } from '../src/core/pages.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import { calendarOf, describeRule, stamp } from '../src/features/events/discord.js';
// Registers the strings the definition below reads.
import '../src/features/events/messages.js';
import type { Translate } from '../src/features/events/messages.js';
import { parseRepeats } from '../src/features/events/recurrence.js';
import { eventRoutes } from '../src/features/events/routes.js';
import {
  LIMITS,
  admitAhead,
  attendeesOf,
  cancelEvent,
  checkIn,
  countsOf,
  createEvent,
  editEvent,
  eventOf,
  feedbackOf,
  listEvents,
  parseReminders,
  rateEvent,
  remindersOn,
  resumeMirroring,
  rsvp,
  seriesOf,
  setAttendance,
  setReminders,
  type EventInfo,
  type RsvpChoice,
} from '../src/features/events/service.js';
import { isInSegment, listSegments, segmentOf } from '../src/features/segments/api.js';

const HOUR = 3_600_000;
const EVENT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
const VOICE_CHANNELS = [ChannelType.GuildVoice, ChannelType.GuildStageVoice] as const;
/** How long a command waits for the post it asked for before answering anyway. */
const SETTLE_MS = 8_000;

const eventOption = option.integer('event', 'cmd.opt.event', {
  required: true,
  autocomplete: true,
});
const memberOption = option.user('member', 'cmd.opt.member', { required: true });
const detailOptions = [
  option.integer('duration', 'cmd.opt.duration', {
    min_value: LIMITS.durationMinutes.min,
    max_value: LIMITS.durationMinutes.max,
  }),
  option.integer('capacity', 'cmd.opt.capacity', { min_value: 1, max_value: LIMITS.capacity }),
  option.string('where', 'cmd.opt.where', { max_length: LIMITS.location }),
  option.string('details', 'cmd.opt.details', { max_length: LIMITS.description }),
  option.channel(
    'voice',
    { name: 'cmd.opt.voice.name', description: 'cmd.opt.voice.description' },
    { channel_types: [...VOICE_CHANNELS] },
  ),
] as const;

const data = {
  ...managerCommand('event', 'cmd.event'),
  options: [
    subcommand('create', 'cmd.event.create', [
      option.channel(
        'channel',
        { name: 'cmd.opt.channel.name', description: 'cmd.opt.eventChannel.description' },
        { required: true, channel_types: [...EVENT_CHANNELS] },
      ),
      option.string('title', 'cmd.opt.title', { required: true, max_length: LIMITS.title }),
      option.string('start', 'cmd.opt.start', { required: true, max_length: 40 }),
      ...detailOptions,
      option.role('audience', 'cmd.opt.eventAudience'),
      option.integer('segment', 'cmd.opt.eventSegment', { autocomplete: true }),
      option.string('reminders', 'cmd.opt.reminders', { max_length: 40 }),
      option.integer('offer_hours', 'cmd.opt.offerHours', {
        min_value: 0,
        max_value: LIMITS.offerHours,
      }),
      option.integer('close_before', 'cmd.opt.closeBefore', { min_value: 1, max_value: 720 }),
      option.string('repeats', 'cmd.opt.repeats', { max_length: 40 }),
    ]),
    subcommand('edit', 'cmd.event.edit', [
      eventOption,
      option.string('title', 'cmd.opt.title', { max_length: LIMITS.title }),
      option.string('start', 'cmd.opt.start', { max_length: 40 }),
      ...detailOptions,
    ]),
    subcommand('cancel', 'cmd.event.cancel', [
      eventOption,
      option.boolean('series', 'cmd.opt.wholeSeries'),
    ]),
    subcommand('list', 'cmd.event.list'),
    subcommand('attendees', 'cmd.event.attendees', [eventOption]),
    subcommand('admit', 'cmd.event.admit', [eventOption, memberOption]),
    subcommand('attendance', 'cmd.event.attendance', [
      eventOption,
      memberOption,
      option.boolean('present', 'cmd.opt.present', { required: true }),
    ]),
  ],
} as const;

/**
 * "2026-12-31 18:30" in the server's time zone, as a UTC instant. A time the clocks skip (inside a
 * spring-forward gap) becomes the first minute after the change, and `moved` says so in words the
 * reply gives the organiser: the time they typed and the one the event now has.
 */
export function parseStart(
  text: string,
  zone: string,
): { at: number; moved?: { day: string; asked: string; starts: string } } {
  const match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (match === null) throw new UserError('events.startFormat');
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59
  )
    throw new UserError('events.startFormat');
  const start = fromLocal(zone, year, month, day, hour, minute);
  if (start.kind !== 'gap') return { at: start.utc };
  const local = localTime(zone, start.utc);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    at: start.utc,
    moved: {
      day: `${year}-${pad(month)}-${pad(day)}`,
      asked: `${pad(hour)}:${pad(minute)}`,
      starts: `${pad(local.hour)}:${pad(local.minute)}`,
    },
  };
}

/** The line that tells the organiser their start fell in a gap and was moved (or nothing). */
function movedLine(start: ReturnType<typeof parseStart>, zone: string, t: Translate): string {
  return start.moved === undefined ? '' : t('events.startInGap', { ...start.moved, zone });
}

async function attendeesPayload(ctx: InteractionContext, eventId: number, page: number) {
  const { app, guild, t } = ctx;
  const event = await eventOf(app.db, guild.id, eventId);
  const counts = await countsOf(app.db, event.id);
  const feedback = await feedbackOf(app.db, event.id);
  const people = await attendeesOf(app.db, event.id);
  let position = 0;
  const mark = (attended: number | null) =>
    attended === 1 ? t('events.mark.present') : attended === 0 ? t('events.mark.absent') : '';
  const lines = people.map((p) => {
    const member = `<@${p.userId}>`;
    switch (p.status) {
      case 'going':
        return t('events.line.going', { seat: p.seat ?? 0, member, attended: mark(p.attended) });
      case 'offered':
        return t('events.line.offered', { at: stamp(p.offerExpiresAt ?? 0, 'f'), member });
      case 'waiting':
        return t('events.line.waiting', { position: ++position, member });
      case 'maybe':
        return t('events.line.maybe', { member, attended: mark(p.attended) });
      case 'declined':
        return t('events.line.declined', { member });
      case 'expired':
        return t('events.line.expired', { member });
    }
  });
  const { content, components } = listMessage({
    header: t('events.attendeesHeader', {
      title: event.title,
      ...counts,
      feedback:
        feedback.average === null
          ? t('events.feedbackNone')
          : t('events.feedbackAverage', {
              average: feedback.average.toFixed(1),
              count: feedback.count,
            }),
    }),
    lines,
    empty: t('events.nobodyYet'),
    page,
    customIdOf: (n) => eventRoutes.page.build({ event: event.id, page: n }),
    t,
  });
  return { content, components };
}

function statusWord(event: EventInfo, t: Translate): string {
  return t(`events.status.${event.status}`);
}

async function listPayload(ctx: InteractionContext, page: number) {
  const { app, guild, t } = ctx;
  const events = await listEvents(app.db, guild.id);
  const series = await seriesOf(app.db, guild.id);
  const { content, components } = listMessage({
    header: t('cmd.event.list.description'),
    lines: events.map((e) => {
      const line = t('events.listLine', {
        id: e.id,
        title: e.title,
        start: stamp(e.startsAt, 'f'),
        status: statusWord(e, t),
      });
      const of = e.seriesId === null ? undefined : series.get(e.seriesId);
      if (of === undefined) return line;
      const repeats =
        of.status === 'active' ? describeRule(of.rule, t) : t('events.repeats.stopped');
      return `${line} · ${t('events.listSeries', { series: of.id, repeats })}`;
    }),
    empty: t('events.listEmpty'),
    page,
    customIdOf: (n) => eventRoutes.list.build({ page: n }),
    t,
  });
  return { content, components };
}

/** A bot never takes a place or attends. */
function memberOf(user: { id: string; bot?: boolean }): string {
  if (user.bot === true) throw new UserError('error.invalidReference');
  return user.id;
}

/** A voice or stage channel of this server, as the mirror lists it (Discord: 1 stage, 2 voice). */
function pickedVoice(ctx: InteractionContext, picked: { readonly id: string }) {
  const cached = ctx.guild.channels.cache.get(picked.id);
  if (cached === undefined || !(VOICE_CHANNELS as readonly ChannelType[]).includes(cached.type))
    throw new UserError('error.invalidReference');
  return {
    channelId: cached.id,
    entityType: cached.type === ChannelType.GuildStageVoice ? (1 as const) : (2 as const),
  };
}

/**
 * Mirroring in the server's Events was paused by a refusal, and Hearth has the permission again:
 * it resumes (the upcoming events get their mirror); the line that says so, or nothing.
 */
async function resumeIfFixed(ctx: InteractionContext): Promise<string> {
  const me = ctx.guild.members.me;
  if (
    me === null ||
    !me.permissions.any([PermissionFlagsBits.CreateEvents, PermissionFlagsBits.ManageEvents], true)
  )
    return '';
  const resumed = await resumeMirroring(ctx.app.db, ctx.guild.id, ctx.app.now());
  return resumed === undefined ? '' : ctx.t('events.mirrorResumed', { count: resumed });
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async create(ctx, args) {
      const { app, guild, settings, t } = ctx;
      const now = app.now();
      const start = parseStart(args.start, settings.timezone);
      const startsAt = start.at;
      const audienceRole = args.audience;
      const segmentId = args.segment ?? null;
      if (audienceRole !== undefined && segmentId !== null)
        throw new UserError('events.audienceAndSegment');
      // A segment of this server (a forged id from another one is refused here).
      if (segmentId !== null) await segmentOf(app.db, guild.id, segmentId);
      if (
        audienceRole !== undefined &&
        (audienceRole.id === guild.id || !guild.roles.cache.has(audienceRole.id))
      )
        throw new UserError('error.invalidReference');
      const voice = args.voice === undefined ? null : pickedVoice(ctx, args.voice);
      // Read (and refused) before anything is stored.
      const rule = parseRepeats(args.repeats, startsAt, settings.timezone);
      const resumed = await resumeIfFixed(ctx);
      const event = await createEvent(
        app.db,
        guild.id,
        {
          channelId: pickedChannel(ctx, args.channel, EVENT_CHANNELS),
          voice,
          title: args.title,
          description: args.details ?? '',
          location: args.where ?? '',
          startsAt,
          durationMinutes: args.duration ?? 60,
          capacity: args.capacity ?? null,
          audienceRoleId: audienceRole?.id ?? null,
          audienceSegmentId: segmentId,
          rsvpClosesAt:
            args.close_before === undefined ? null : startsAt - args.close_before * HOUR,
          ...(args.offer_hours === undefined ? {} : { offerHours: args.offer_hours }),
          ...(args.reminders === undefined ? {} : { reminders: parseReminders(args.reminders) }),
          repeats: rule === null ? null : { rule, zone: settings.timezone },
        },
        now,
      );
      const channel = `<#${event.channelId}>`;
      const settled = (await outboxOf(app).settle([event.effectId], SETTLE_MS)).get(event.effectId);
      await ctx.reply({
        content: [
          settled?.state === 'done'
            ? t('events.created', { channel, id: event.id })
            : settled?.state === 'failed'
              ? t('events.postFailedNow', {
                  channel,
                  id: event.id,
                  reason: render(t, reasonOf(settled.lastError)),
                })
              : t('events.createdSoon', { channel, id: event.id }),
          movedLine(start, settings.timezone, t),
          rule === null ? '' : t('events.repeatsCreated', { repeats: describeRule(rule, t) }),
          resumed,
        ]
          .filter((line) => line.length > 0)
          .join('\n'),
      });
    },
    async edit(ctx, args) {
      const { app, guild, settings, t } = ctx;
      const start =
        args.start === undefined ? undefined : parseStart(args.start, settings.timezone);
      // A voice channel sets where it is; a place given without one takes it out of its channel.
      const voice =
        args.voice !== undefined
          ? pickedVoice(ctx, args.voice)
          : args.where !== undefined
            ? null
            : undefined;
      const resumed = await resumeIfFixed(ctx);
      const { event, promoted } = await editEvent(
        app.db,
        guild.id,
        args.event,
        {
          ...(args.title === undefined ? {} : { title: args.title }),
          ...(start === undefined ? {} : { startsAt: start.at }),
          ...(args.duration === undefined ? {} : { durationMinutes: args.duration }),
          ...(args.capacity === undefined ? {} : { capacity: args.capacity }),
          ...(args.where === undefined ? {} : { location: args.where }),
          ...(args.details === undefined ? {} : { description: args.details }),
          ...(voice === undefined ? {} : { voice }),
        },
        app.now(),
      );
      await ctx.reply({
        content:
          [
            t('events.edited', { id: event.id }),
            promoted.length === 0 ? '' : t('events.promotedCount', { count: promoted.length }),
          ]
            .filter((line) => line.length > 0)
            .join(' ') +
          (start === undefined || start.moved === undefined
            ? ''
            : `\n${movedLine(start, settings.timezone, t)}`) +
          (resumed.length === 0 ? '' : `\n${resumed}`),
      });
    },
    async cancel(ctx, args) {
      const { app, guild, t } = ctx;
      const series = args.series === true;
      const result = await cancelEvent(app.db, guild.id, args.event, app.now(), { series });
      await ctx.reply({
        content: series
          ? result.seriesStopped
            ? t('events.seriesCancelled', { title: result.event.title, count: result.told })
            : t('events.seriesAlreadyStopped')
          : result.cancelledNow
            ? t('events.cancelledNow', { title: result.event.title, count: result.told })
            : t('events.notOpen'),
      });
    },
    async list(ctx) {
      await ctx.reply(await listPayload(ctx, 0));
    },
    async attendees(ctx, args) {
      await ctx.reply(await attendeesPayload(ctx, args.event, 0));
    },
    async admit(ctx, args) {
      const { app, guild, t } = ctx;
      const userId = memberOf(args.member);
      const { seat } = await admitAhead(app.db, guild.id, args.event, userId, app.now());
      await ctx.reply({ content: t('events.admittedNow', { member: `<@${userId}>`, seat }) });
    },
    async attendance(ctx, args) {
      const { app, guild, t } = ctx;
      const userId = memberOf(args.member);
      await setAttendance(app.db, guild.id, args.event, userId, args.present, app.now());
      await ctx.reply({
        content: t(args.present ? 'events.markedPresent' : 'events.markedAbsent', {
          member: `<@${userId}>`,
        }),
      });
    },
  },
  autocomplete: {
    async event({ app, guild }) {
      return (await listEvents(app.db, guild.id)).map((e) => ({
        name: clip(`#${e.id} ${e.title} (${e.status})`, DISCORD_LIMITS.autocompleteName),
        value: e.id,
      }));
    },
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed.toLowerCase()))
        .map((s) => ({
          name: clip(`${s.name} (${s.shownCount})`, DISCORD_LIMITS.autocompleteName),
          value: s.id,
        }));
    },
  },
});

/** Only the event's audience may answer: holders of its role, or members of its segment now. */
async function checkAudience(ctx: InteractionContext, event: EventInfo): Promise<void> {
  const { app, guild } = ctx;
  if (event.audienceSegmentId !== null) {
    const segment = await segmentOf(app.db, guild.id, event.audienceSegmentId).catch(
      () => undefined,
    );
    if (
      segment === undefined ||
      !(await isInSegment(app.db, guild.id, segment.id, ctx.userId, app.now()))
    )
      throw new UserError('events.notAudience', { role: `**${segment?.name ?? '—'}**` });
    return;
  }
  if (event.audienceRoleId === null) return;
  const member = ctx.interaction.member;
  const roles =
    member === null
      ? []
      : Array.isArray(member.roles)
        ? member.roles
        : [...member.roles.cache.keys()];
  if (!roles.includes(event.audienceRoleId))
    throw new UserError('events.notAudience', { role: `<@&${event.audienceRoleId}>` });
}

const CHOICES: readonly RsvpChoice[] = ['going', 'maybe', 'declined'];

export const components = [
  component({
    kind: 'button',
    route: eventRoutes.rsvp,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild, t } = ctx;
      const choice = CHOICES.find((c) => c === args.choice);
      if (choice === undefined) throw new UserError('error.unknownInteraction');
      // Reloaded in the guild Discord named: another server's event id is "no such event".
      const event = await eventOf(app.db, guild.id, args.event);
      if (choice !== 'declined') await checkAudience(ctx, event);
      const result = await rsvp(app.db, {
        guildId: guild.id,
        eventId: event.id,
        userId: ctx.userId,
        choice,
        now: app.now(),
      });
      const common = { title: event.title, start: stamp(event.startsAt, 'F') };
      const content = (() => {
        switch (result.outcome) {
          case 'going':
            return t(result.accepted ? 'events.youAccepted' : 'events.youAreGoing', common);
          case 'waiting':
            return t('events.youAreWaiting', { ...common, position: result.position });
          case 'maybe':
          case 'declined':
            return [
              t(result.outcome === 'maybe' ? 'events.youAreMaybe' : 'events.youDeclined'),
              result.promoted.length > 0 ? t('events.placePassedOn') : '',
            ]
              .filter((line) => line.length > 0)
              .join(' ');
          case 'unchanged':
            return result.status === 'waiting'
              ? t('events.alreadyWaiting', { position: result.position ?? 0 })
              : t('events.alreadyYours');
        }
      })();
      await ctx.reply({ content });
    },
  }),
  // The event as a calendar file, for whoever pressed it (only they see the reply).
  component({
    kind: 'button',
    route: eventRoutes.calendar,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild, t } = ctx;
      const event = await eventOf(app.db, guild.id, args.event);
      const file = calendarOf(event, app.now());
      await ctx.reply({
        content: t('events.calendarFile', { title: event.title }),
        files: [{ attachment: Buffer.from(file.text, 'utf8'), name: file.name }],
      });
    },
  }),
  component({
    kind: 'button',
    route: eventRoutes.checkIn,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { already } = await checkIn(
        ctx.app.db,
        ctx.guild.id,
        args.event,
        ctx.userId,
        ctx.app.now(),
      );
      await ctx.reply({ content: ctx.t(already ? 'events.alreadyCheckedIn' : 'events.checkedIn') });
    },
  }),
  component({
    kind: 'button',
    route: eventRoutes.reminders,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild } = ctx;
      // The event is only where the button was: it must still be this server's.
      await eventOf(app.db, guild.id, args.event);
      const on = !(await remindersOn(app.db, guild.id, ctx.userId));
      await setReminders(app.db, guild.id, ctx.userId, on, app.now());
      await ctx.reply({ content: ctx.t(on ? 'events.remindersNowOn' : 'events.remindersNowOff') });
    },
  }),
  // A rating from the feedback question, in a DM (the guild is named in the id, and checked:
  // only someone who attended that server's event can rate it) or in the event's channel.
  component({
    kind: 'button',
    route: eventRoutes.rate,
    audience: 'everyone',
    defer: 'ephemeral',
    guildFromArgs: (args) => args.guild,
    async execute(ctx, args) {
      const { replaced } = await rateEvent(
        ctx.app.db,
        ctx.guild.id,
        args.event,
        ctx.userId,
        args.score,
        ctx.app.now(),
      );
      await ctx.reply({ content: ctx.t(replaced ? 'events.rateChanged' : 'events.rated') });
    },
  }),
  component({
    kind: 'button',
    route: eventRoutes.page,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await attendeesPayload(ctx, args.event, args.page)),
  }),
  component({
    kind: 'button',
    route: eventRoutes.list,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await listPayload(ctx, args.page)),
  }),
];
