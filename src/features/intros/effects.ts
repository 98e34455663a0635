/**
 * The effects introductions enqueue in the outbox, declared without Discord so the service writes
 * them in the transaction of the decision itself (a round made, a check-in due). Carried out in
 * discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

/** One private thread for a group, with its members and a conversation starter. */
export const introOpenEffect = effectType('intros.open', z.object({ group: z.number().int() }));

/** "Did you meet?" in the group's thread, halfway through the round. */
export const introCheckInEffect = effectType(
  'intros.checkin',
  z.object({ group: z.number().int() }),
);

/** Why a member was placed in no group this round, by DM (they opted in; `outside`: not in the audience now). */
export const introTellEffect = effectType(
  'intros.tell',
  z.object({
    round: z.number().int(),
    user: z.string(),
    why: z.enum(['alone', 'blocked', 'noGroup', 'outside']),
  }),
);

/** "Stay, pause or leave?" after three unanswered check-ins, by DM. */
export const introAskEffect = effectType(
  'intros.ask',
  z.object({ round: z.number().int(), user: z.string() }),
);
