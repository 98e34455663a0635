/**
 * The effects seat decisions enqueue in the outbox, declared without Discord so the service writes
 * them in the transaction of the decision itself (an admission, a promotion, an expired offer).
 * Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

const phrase = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Phrase = z.infer<typeof phrase>;

/** The member role, granted (an admission) or removed (a seat taken away). */
export const memberRoleEffect = effectType(
  'membership.role',
  z.object({ user: z.string(), grant: z.boolean() }),
);

/** The greeting of a new member in the announcements channel. */
export const greetingEffect = effectType('membership.greeting', z.object({ user: z.string() }));

/**
 * A message for one member, by DM, or (when their DMs are closed and there is one) with a
 * mention in the welcome channel; optionally with the button that confirms a seat offer.
 */
export const tellEffect = effectType(
  'membership.tell',
  z.object({
    user: z.string(),
    dm: phrase,
    fallback: phrase.optional(),
    confirm: z.boolean(),
  }),
);
