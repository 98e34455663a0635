/**
 * The effects event decisions enqueue in the outbox, declared without Discord so the service
 * writes them in the transaction of the decision itself (a place given, an offer, a reminder
 * claimed, the event ended). Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

const event = z.object({ event: z.number().int() });

/** The event message with its Going / Maybe / Can't go buttons, when the event is created. */
export const eventPostEffect = effectType('events.post', event);

/** The event message edited to show the current counts (one queued at a time per event). */
export const eventRenderEffect = effectType('events.render', event);

/** Why Hearth writes to one member about an event; the text is built when it is sent. */
export const TELL_PURPOSES = [
  'admitted',
  'offered',
  'expired',
  'reminder',
  'cancelled',
  'feedback',
] as const;
export type TellPurpose = (typeof TELL_PURPOSES)[number];

/**
 * A message for one member about an event, by DM where they allow it, else with a mention in the
 * event's channel. `at` is the offer's deadline (offered) or the reminder's minutes before.
 */
export const eventTellEffect = effectType(
  'events.tell',
  z.object({
    event: z.number().int(),
    user: z.string(),
    purpose: z.enum(TELL_PURPOSES),
    at: z.number().optional(),
  }),
);

/**
 * The event mirrored as a Discord scheduled event, once it is posted (or when mirroring resumes).
 * Carried out in mirror.discord.ts; each is read against the event as it is when it runs.
 */
export const eventMirrorCreateEffect = effectType('events.mirror-create', event);

/** The mirror shown as the event is now, after an edit. */
export const eventMirrorUpdateEffect = effectType('events.mirror-update', event);

/** The mirror deleted, when the event is cancelled. */
export const eventMirrorDeleteEffect = effectType('events.mirror-delete', event);
