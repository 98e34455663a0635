/**
 * The Discord side of events: the event message (its counts and buttons), edited when answers
 * change, and what Hearth tells a member (an offered place, a reminder, a cancellation, the
 * feedback question), by DM where they allow it, else with a mention in the event's channel. All
 * three are outbox effects, enqueued with the decision that needs them (service.ts), carried out
 * once by the outbox worker. The minute job makes the time-driven decisions.
 */
import {
  ButtonStyle,
  ComponentType,
  RESTJSONErrorCodes,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord-api-types/v10';
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../core/context.js';
import { discordErrorCode } from '../../core/discord-actions.js';
import { fitEmbed } from '../../core/embeds.js';
import { UserError } from '../../core/errors.js';
import { getGuild } from '../../core/guilds.js';
import { effect, PermanentFailure, type EffectContext } from '../../core/outbox/index.js';
import { hasCustomId, postOnce, tellMember } from '../../core/outbox/post.js';
import { clip, DISCORD_LIMITS } from '../../core/text.js';
import { segmentOf } from '../segments/api.js';
import {
  eventPostEffect,
  eventRenderEffect,
  eventTellEffect,
  type TellPurpose,
} from './effects.js';
import { calendarFile } from './ics.js';
import type { RecurrenceRule } from './recurrence.js';
import { translator, type Translate } from './messages.js';
import { eventRoutes } from './routes.js';
import {
  attachMessage,
  claimReminders,
  countsOf,
  endDueEvents,
  eventOf,
  expireOffers,
  materializeSeries,
  remindersOn,
  renderStarted,
  rsvpOf,
  seriesRuleOf,
  withdrawEvent,
  type EventInfo,
} from './service.js';

/** A Discord timestamp: every member sees it in their own time zone. */
export const stamp = (ms: number, style: 'F' | 'R' | 't' | 'f' = 'F') =>
  `<t:${Math.floor(ms / 1000)}:${style}>`;

export function eventLink(event: Pick<EventInfo, 'guildId' | 'channelId' | 'messageId'>): string {
  return event.messageId === null
    ? `<#${event.channelId}>`
    : `https://discord.com/channels/${event.guildId}/${event.channelId}/${event.messageId}`;
}

/** A series' rule in words: "every 2 weeks on Tuesday at 20:00". */
export function describeRule(rule: RecurrenceRule, t: Translate): string {
  const time = `${String(rule.hour).padStart(2, '0')}:${String(rule.minute).padStart(2, '0')}`;
  const weekday = t(`events.weekday.${rule.weekday as 0 | 1 | 2 | 3 | 4 | 5 | 6}`);
  if (rule.kind === 'monthly')
    return t('events.repeats.monthly', {
      ordinal: t(`events.ordinal.${rule.ordinal}`),
      weekday,
      time,
    });
  return rule.everyWeeks === 1
    ? t('events.repeats.weekly', { weekday, time })
    : t('events.repeats.everyWeeks', { n: rule.everyWeeks, weekday, time });
}

/** How the event repeats, while its series goes on (or nothing). */
async function repeatsLine(app: AppDeps, event: EventInfo, t: Translate): Promise<string> {
  if (event.seriesId === null || event.status !== 'open') return '';
  const rule = await seriesRuleOf(app.db, event.seriesId);
  return rule === undefined ? '' : t('events.repeatsLine', { repeats: describeRule(rule, t) });
}

/** Who may answer, in words: a role, a segment, or nobody said (everyone). */
async function audienceLine(app: AppDeps, event: EventInfo, t: Translate): Promise<string> {
  if (event.audienceRoleId !== null)
    return t('events.forRole', { role: `<@&${event.audienceRoleId}>` });
  if (event.audienceSegmentId === null) return '';
  const segment = await segmentOf(app.db, event.guildId, event.audienceSegmentId).catch(
    () => undefined,
  );
  return t('events.forRole', { role: `**${segment?.name ?? '—'}**` });
}

function buttonRow(
  buttons: readonly { id: string; label: string; style: ButtonStyle }[],
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: buttons.map((b) => ({
      type: ComponentType.Button,
      style: b.style as ButtonStyle.Primary,
      custom_id: b.id,
      label: clip(b.label, DISCORD_LIMITS.buttonLabel),
    })),
  };
}

/** The event message: when, where, the live count, and the buttons while it is open. */
export async function eventMessage(
  app: AppDeps,
  event: EventInfo,
  t: Translate,
): Promise<{ embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] }> {
  const counts = await countsOf(app.db, event.id);
  const taken = counts.going + counts.offered;
  const places =
    event.capacity === null
      ? t('events.placesOpen', { going: counts.going })
      : t('events.placesCapped', { taken, capacity: event.capacity, waiting: counts.waiting });
  const facts = [
    counts.maybe > 0 ? t('events.maybeCount', { count: counts.maybe }) : '',
    await audienceLine(app, event, t),
    await repeatsLine(app, event, t),
    event.status === 'open' && event.rsvpClosesAt < event.startsAt
      ? t('events.closesAt', { at: stamp(event.rsvpClosesAt, 'R') })
      : '',
    event.status === 'cancelled' ? t('events.cancelledNote') : '',
    event.status === 'ended' ? t('events.endedNote', { count: counts.attended }) : '',
  ].filter((line) => line.length > 0);
  const fields = [
    {
      name: t('events.when'),
      value: t('events.whenValue', {
        start: stamp(event.startsAt, 'F'),
        end: stamp(event.endsAt, 't'),
        relative: stamp(event.startsAt, 'R'),
      }),
    },
    ...(event.location.length === 0 && event.voice === null
      ? []
      : [
          {
            name: t('events.where'),
            value: [event.voice === null ? '' : `<#${event.voice.channelId}>`, event.location]
              .filter((part) => part.length > 0)
              .join(' · '),
          },
        ]),
    { name: t('events.places'), value: [places, ...facts].join('\n') },
  ];
  const calendar = {
    id: eventRoutes.calendar.build({ event: event.id }),
    label: t('events.calendar'),
    style: ButtonStyle.Secondary,
  };
  // A cancelled event keeps its calendar file: it tells calendars that had it.
  const components =
    event.status === 'cancelled'
      ? [buttonRow([calendar])]
      : event.status !== 'open'
        ? []
        : [
            buttonRow([
              {
                id: eventRoutes.rsvp.build({ event: event.id, choice: 'going' }),
                label: t('events.going'),
                style: ButtonStyle.Success,
              },
              {
                id: eventRoutes.rsvp.build({ event: event.id, choice: 'maybe' }),
                label: t('events.maybe'),
                style: ButtonStyle.Secondary,
              },
              {
                id: eventRoutes.rsvp.build({ event: event.id, choice: 'declined' }),
                label: t('events.declined'),
                style: ButtonStyle.Secondary,
              },
            ]),
            buttonRow([
              {
                id: eventRoutes.checkIn.build({ event: event.id }),
                label: t('events.checkIn'),
                style: ButtonStyle.Primary,
              },
              {
                id: eventRoutes.reminders.build({ event: event.id }),
                label: t('events.remindersButton'),
                style: ButtonStyle.Secondary,
              },
              calendar,
            ]),
          ];
  return {
    embeds: [
      fitEmbed({
        title: event.title,
        ...(event.description.length === 0 ? {} : { description: event.description }),
        fields,
        color: event.status === 'open' ? 0x3ba55c : 0x99aab5,
      }),
    ],
    components,
  };
}

/** The event, or undefined when it is gone (its server's data was purged meanwhile). */
async function eventIfAny(
  app: AppDeps,
  guildId: string,
  eventId: number,
): Promise<EventInfo | undefined> {
  try {
    return await eventOf(app.db, guildId, eventId);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

async function languageOf(app: AppDeps, guildId: string): Promise<Translate> {
  const settings = await getGuild(app.db, guildId);
  if (settings === undefined) throw new PermanentFailure('guild');
  return translator(settings.language);
}

/** The event message, posted once; an event whose message cannot be posted at all is withdrawn. */
export const eventPost = effect(eventPostEffect, {
  label: 'events.effect.post',
  async execute(ctx, { event: eventId }) {
    const event = await eventIfAny(ctx.app, ctx.guildId, eventId);
    if (event === undefined || event.messageId !== null || event.status !== 'open') return;
    const t = await languageOf(ctx.app, ctx.guildId);
    const body = await eventMessage(ctx.app, event, t);
    const marker = eventRoutes.rsvp.build({ event: event.id, choice: 'going' });
    const message = await postOnce(
      ctx,
      event.channelId,
      { ...body, allowed_mentions: { parse: [] } },
      { isMine: (m) => hasCustomId(m, marker) },
    );
    await attachMessage(ctx.app.db, event.id, message.id, ctx.app.now());
  },
  async onGiveUp(trx, { event: eventId }, _failure, { now }) {
    const event = await withdrawEvent(trx, eventId, now);
    if (event === undefined) return null;
    return {
      key: `event-post:${event.id}`,
      message: 'events.postFailed',
      params: { title: event.title, channel: `<#${event.channelId}>` },
    };
  },
});

/** The event message shown as it stands now (counts, or closed). A deleted message is no obstacle. */
export const eventRender = effect(eventRenderEffect, {
  label: 'events.effect.render',
  async execute(ctx, { event: eventId }) {
    // Changes from here on queue the next edit: this one may already be reading older counts.
    await renderStarted(ctx.app.db, eventId);
    const event = await eventIfAny(ctx.app, ctx.guildId, eventId);
    if (event === undefined || event.messageId === null) return;
    const t = await languageOf(ctx.app, ctx.guildId);
    try {
      await ctx.rest.patch(Routes.channelMessage(event.channelId, event.messageId), {
        body: { ...(await eventMessage(ctx.app, event, t)), allowed_mentions: { parse: [] } },
      });
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== RESTJSONErrorCodes.UnknownMessage && code !== RESTJSONErrorCodes.UnknownChannel)
        throw error;
    }
  },
});

/** Whether a message decided earlier still holds when it is sent (an offer taken meanwhile). */
async function stillTrue(
  app: AppDeps,
  event: EventInfo,
  userId: string,
  purpose: TellPurpose,
): Promise<boolean> {
  if (purpose === 'cancelled' || purpose === 'feedback' || purpose === 'expired') return true;
  const row = await rsvpOf(app.db, event.id, userId);
  if (event.status !== 'open') return false;
  if (purpose === 'offered') return row?.status === 'offered';
  if (purpose === 'admitted') return row?.status === 'going';
  // A reminder: still going, reminders still on, and the event not started.
  return (
    row?.status === 'going' &&
    app.now() < event.startsAt &&
    (await remindersOn(app.db, event.guildId, userId))
  );
}

async function tellText(
  ctx: EffectContext,
  t: Translate,
  event: EventInfo,
  purpose: TellPurpose,
  at: number | undefined,
): Promise<string> {
  const common = {
    title: event.title,
    start: stamp(event.startsAt, 'F'),
    link: eventLink(event),
  };
  switch (purpose) {
    case 'admitted':
      return t('events.tell.admitted', { ...common, server: await ctx.guildName() });
    case 'offered':
      return t('events.tell.offered', {
        ...common,
        server: await ctx.guildName(),
        deadline: stamp(at ?? event.startsAt, 'F'),
      });
    case 'expired':
      return t('events.tell.expired', common);
    case 'reminder':
      return t('events.tell.reminder', {
        ...common,
        relative: stamp(event.startsAt, 'R'),
        where: event.location.length === 0 ? '' : t('events.tell.where', { where: event.location }),
      });
    case 'cancelled':
      return t('events.tell.cancelled', { ...common, server: await ctx.guildName() });
    case 'feedback':
      return t('events.tell.feedback', common);
  }
}

/** The five rating buttons of the feedback question. */
export function ratingRow(guildId: string, eventId: number) {
  return buttonRow(
    [1, 2, 3, 4, 5].map((score) => ({
      id: eventRoutes.rate.build({ guild: guildId, event: eventId, score }),
      label: `${score} ★`,
      style: ButtonStyle.Secondary,
    })),
  );
}

/**
 * A message for one member about an event: by DM, or, when their DMs are closed, with a mention
 * in the event's channel (under the event). Checked again when sent, so a place taken meanwhile
 * is not offered, and a reminder turned off is not sent.
 */
export const eventTell = effect(eventTellEffect, {
  label: 'events.effect.tell',
  async execute(ctx, { event: eventId, user, purpose, at }) {
    const event = await eventIfAny(ctx.app, ctx.guildId, eventId);
    if (event === undefined || !(await stillTrue(ctx.app, event, user, purpose))) return;
    const t = await languageOf(ctx.app, ctx.guildId);
    const text = clip(await tellText(ctx, t, event, purpose, at), 1_900);
    const components = purpose === 'feedback' ? [ratingRow(ctx.guildId, event.id)] : [];
    await tellMember(ctx, user, { content: text, components }, () => ({
      channelId: event.channelId,
      body: {
        content: clip(t('events.tell.public', { member: `<@${user}>`, text }), 2_000),
        components,
        ...(event.messageId === null
          ? {}
          : { message_reference: { message_id: event.messageId, fail_if_not_exists: false } }),
      },
    }));
  },
});

export const eventEffects = [eventPost, eventRender, eventTell];

/**
 * The minute's event decisions, each in its own transaction with what it must tell, each failure
 * its own: offers past their deadline pass on, reminders due are claimed, events past their end
 * close (no-shows counted, attendees asked for feedback). Series whose latest occurrence started
 * get their next one first.
 */
export async function runEventTick(app: AppDeps): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['make the next occurrences of series', () => materializeSeries(app.db, app.now())],
    ['expire event offers', () => expireOffers(app.db, app.now())],
    ['claim event reminders', () => claimReminders(app.db, app.now())],
    ['end events', () => endDueEvents(app.db, app.now())],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      app.logger.error({ err: error, ref: randomBytes(4).toString('hex') }, `could not ${what}`);
    }
  }
}

/** The event as a calendar file (.ics): the same UID every time, SEQUENCE bumped by each edit. */
export function calendarOf(event: EventInfo, now: number): { name: string; text: string } {
  const url =
    event.messageId === null
      ? `https://discord.com/channels/${event.guildId}/${event.channelId}`
      : eventLink(event);
  const voice =
    event.voice === null
      ? ''
      : `https://discord.com/channels/${event.guildId}/${event.voice.channelId}`;
  const text = calendarFile({
    uid: `event-${event.id}-${event.guildId}@hearth`,
    stamp: now,
    start: event.startsAt,
    end: event.endsAt,
    title: event.title,
    description: event.description.length === 0 ? url : `${event.description}\n\n${url}`,
    location: event.location.length === 0 ? voice : event.location,
    url,
    sequence: event.sequence,
    cancelled: event.status === 'cancelled',
  });
  return { name: `event-${event.id}.ics`, text };
}
