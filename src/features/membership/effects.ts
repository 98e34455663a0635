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

/**
 * What an admission shows once its member role is granted: the greeting, and optionally a message
 * to the person (a promotion's news). Enqueued by the role grant itself, so someone who turned
 * out to have left is neither greeted nor told, and their seat passes on.
 */
const admissionNews = z.object({
  /** When they were admitted. */
  at: z.number(),
  /**
   * The admission's decision (`newDecision`): the greeting's and message's keys, one per
   * admission however often the grant runs. Absent on rows from before (then `at` names it).
   */
  decision: z.string().optional(),
  tell: z.object({ dm: phrase, fallback: phrase.optional() }).optional(),
});
export type AdmissionNews = z.infer<typeof admissionNews>;

/**
 * The member role, granted (an admission, with its news) or removed (a seat taken away). A
 * reconciliation's grant has no news: it only puts back a role Discord lost.
 */
export const memberRoleEffect = effectType(
  'membership.role',
  z.object({ user: z.string(), grant: z.boolean(), admission: admissionNews.optional() }),
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
