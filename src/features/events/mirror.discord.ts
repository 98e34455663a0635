/**
 * Each event mirrored as a Discord scheduled event, so it shows in the server's event list too:
 * made once the event is posted, updated when it is edited, deleted when it is cancelled; an event
 * that ends is left to Discord (it completes its own). Three outbox effects, each read against the
 * event as it stands when it runs, so their order does not matter:
 * - make: looks for one an earlier attempt made (by the event message's link in its description)
 *   before making it, keeps its id, then catches up with an edit or a cancellation made meanwhile;
 * - update and delete: look it up by the stored id; one gone from Discord is no obstacle.
 * A refusal of the permission (Create Events missing) pauses mirroring in the server with one
 * notice; the event itself, its post and its buttons are never held up by the mirror.
 */
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildScheduledEvent,
} from 'discord-api-types/v10';
import type { AppDeps } from '../../core/context.js';
import { discordErrorCode } from '../../core/discord-actions.js';
import { UserError } from '../../core/errors.js';
import type { NoticeRequest } from '../../core/outbox/effects.js';
import { effect, type EffectContext, type Failure, type Tx } from '../../core/outbox/index.js';
import { clip } from '../../core/text.js';
import { eventLink } from './discord.js';
import {
  eventMirrorCreateEffect,
  eventMirrorDeleteEffect,
  eventMirrorUpdateEffect,
} from './effects.js';
import {
  eventOf,
  mirrorMade,
  mirroringPaused,
  MIRROR_NOTICE,
  pauseMirroring,
  type EventInfo,
} from './service.js';

/** Discord's limits of a scheduled event. */
export const SCHEDULED_LIMITS = { name: 100, description: 1000, location: 100 } as const;

/** Discord refuses Hearth the server's scheduled events: the permission, or access. */
const REFUSED: ReadonlySet<string> = new Set([
  `discord:${RESTJSONErrorCodes.MissingPermissions}`,
  `discord:${RESTJSONErrorCodes.MissingAccess}`,
]);

/** The link to the event message, which marks a scheduled event as this event's mirror. */
function marker(event: EventInfo): string | undefined {
  return event.messageId === null ? undefined : eventLink(event);
}

/**
 * The scheduled event's fields for `event` at `now`: in its voice or stage channel, else EXTERNAL
 * with a place (the organiser's, or the event's link) and an end. The description ends with the
 * link to the event message, where members answer. Times already past are left out of an update
 * (Discord refuses a start in the past; the event may be under way).
 */
export function scheduledEventBody(
  event: EventInfo,
  now: number,
  mode: 'create' | 'update',
): Record<string, unknown> {
  const link = marker(event) ?? eventLink(event);
  const room = SCHEDULED_LIMITS.description - link.length - 2;
  const description =
    event.description.length === 0 ? link : `${clip(event.description, room)}\n\n${link}`;
  const times =
    mode === 'update' && event.startsAt <= now
      ? event.endsAt > now
        ? { scheduled_end_time: new Date(event.endsAt).toISOString() }
        : {}
      : {
          scheduled_start_time: new Date(event.startsAt).toISOString(),
          scheduled_end_time: new Date(event.endsAt).toISOString(),
        };
  const where =
    event.voice === null
      ? {
          entity_type: GuildScheduledEventEntityType.External,
          channel_id: null,
          entity_metadata: {
            location: clip(
              event.location.length === 0 ? link : event.location,
              SCHEDULED_LIMITS.location,
            ),
          },
        }
      : {
          entity_type:
            event.voice.entityType === 1
              ? GuildScheduledEventEntityType.StageInstance
              : GuildScheduledEventEntityType.Voice,
          channel_id: event.voice.channelId,
          entity_metadata: null,
        };
  return {
    name: clip(event.title, SCHEDULED_LIMITS.name),
    description,
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    ...where,
    ...times,
  };
}

/** The event, or undefined when it is gone (its server's data was purged meanwhile). */
async function eventIfAny(app: AppDeps, guildId: string, eventId: number) {
  try {
    return await eventOf(app.db, guildId, eventId);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

const isUnknown = (error: unknown) =>
  discordErrorCode(error) === RESTJSONErrorCodes.UnknownGuildScheduledEvent;

/** The scheduled event with this id, or undefined when Discord no longer has it. */
async function fetchMirror(
  ctx: EffectContext,
  id: string,
): Promise<APIGuildScheduledEvent | undefined> {
  try {
    return (await ctx.rest.get(
      Routes.guildScheduledEvent(ctx.guildId, id),
    )) as APIGuildScheduledEvent;
  } catch (error) {
    if (isUnknown(error)) return undefined;
    throw error;
  }
}

/** A mirror an earlier attempt made (cut short before its id was kept), if any. */
async function findEarlier(
  ctx: EffectContext,
  event: EventInfo,
): Promise<APIGuildScheduledEvent | undefined> {
  const link = marker(event);
  if (link === undefined) return undefined;
  const me = await ctx.botUserId();
  const all = (await ctx.rest.get(
    Routes.guildScheduledEvents(ctx.guildId),
  )) as APIGuildScheduledEvent[];
  const isMarked = (text: string) => text === link || text.endsWith(`\n${link}`);
  return all.find(
    (s) => (me === undefined || s.creator_id === me) && isMarked(s.description ?? ''),
  );
}

async function patchMirror(ctx: EffectContext, event: EventInfo, id: string): Promise<void> {
  try {
    await ctx.rest.patch(Routes.guildScheduledEvent(ctx.guildId, id), {
      body: scheduledEventBody(event, ctx.app.now(), 'update'),
    });
  } catch (error) {
    // Deleted on Discord by a manager: nothing to update (and nothing made again behind them).
    if (!isUnknown(error)) throw error;
  }
}

async function deleteMirror(ctx: EffectContext, id: string): Promise<void> {
  try {
    await ctx.rest.delete(Routes.guildScheduledEvent(ctx.guildId, id));
  } catch (error) {
    if (!isUnknown(error)) throw error;
  }
}

/**
 * Given up: a refusal of the permission pauses mirroring in the server, with one notice for it
 * (until a manager's event command finds it fixed); anything else gets the usual notice.
 */
async function mirrorGiveUp(
  trx: Tx,
  failure: Failure,
  guildId: string,
  now: number,
): Promise<NoticeRequest | undefined> {
  if (!REFUSED.has(failure.code)) return undefined;
  await pauseMirroring(trx, guildId, failure.code, now);
  return { key: MIRROR_NOTICE, message: 'events.mirrorPaused' };
}

export const eventMirrorCreate = effect(eventMirrorCreateEffect, {
  label: 'events.effect.mirrorCreate',
  async execute(ctx, { event: eventId }) {
    const event = await eventIfAny(ctx.app, ctx.guildId, eventId);
    if (event === undefined || event.status !== 'open' || event.scheduledEventId !== null) return;
    if (await mirroringPaused(ctx.app.db, ctx.guildId)) return;
    // Too late to list: Discord takes no start in the past.
    if (event.startsAt <= ctx.app.now()) return;
    const made =
      (ctx.retried ? await findEarlier(ctx, event) : undefined) ??
      ((await ctx.rest.post(Routes.guildScheduledEvents(ctx.guildId), {
        body: scheduledEventBody(event, ctx.app.now(), 'create'),
      })) as APIGuildScheduledEvent);
    await mirrorMade(ctx.app.db, ctx.guildId, event.id, made.id);
    // Edited or cancelled while it was being made: catch up now.
    const current = await eventIfAny(ctx.app, ctx.guildId, eventId);
    if (current === undefined) return;
    if (current.status === 'cancelled') await deleteMirror(ctx, made.id);
    else if (current.status === 'open' && current.sequence !== event.sequence)
      await patchMirror(ctx, current, made.id);
  },
  onGiveUp: (trx, _payload, failure, { guildId, now }) => mirrorGiveUp(trx, failure, guildId, now),
});

export const eventMirrorUpdate = effect(eventMirrorUpdateEffect, {
  label: 'events.effect.mirrorUpdate',
  async execute(ctx, { event: eventId }) {
    const event = await eventIfAny(ctx.app, ctx.guildId, eventId);
    // No mirror yet: the one being made reads the edit when it is done.
    if (event === undefined || event.status !== 'open' || event.scheduledEventId === null) return;
    if (await mirroringPaused(ctx.app.db, ctx.guildId)) return;
    if (ctx.retried && (await fetchMirror(ctx, event.scheduledEventId)) === undefined) return;
    await patchMirror(ctx, event, event.scheduledEventId);
  },
  onGiveUp: (trx, _payload, failure, { guildId, now }) => mirrorGiveUp(trx, failure, guildId, now),
});

export const eventMirrorDelete = effect(eventMirrorDeleteEffect, {
  label: 'events.effect.mirrorDelete',
  async execute(ctx, { event: eventId }) {
    const event = await eventIfAny(ctx.app, ctx.guildId, eventId);
    // No mirror yet: the one being made deletes itself when it sees the cancellation.
    if (event?.scheduledEventId === null || event === undefined) return;
    // Tried even while mirroring is paused: a cancelled event must not stay listed if it can go.
    if (ctx.retried && (await fetchMirror(ctx, event.scheduledEventId)) === undefined) return;
    await deleteMirror(ctx, event.scheduledEventId);
  },
  onGiveUp: (trx, _payload, failure, { guildId, now }) => mirrorGiveUp(trx, failure, guildId, now),
});

export const mirrorEffects = [eventMirrorCreate, eventMirrorUpdate, eventMirrorDelete];
