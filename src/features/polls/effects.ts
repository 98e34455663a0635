/**
 * The effects poll decisions enqueue in the outbox, declared without Discord so the services that
 * decide write them in their own transactions. Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

const poll = z.object({ poll: z.number().int() });

/** The poll message itself, with its buttons, when the poll is created. */
export const pollMessageEffect = effectType('polls.message', poll);
/** The results with charts when the poll closes, and the poll message shown closed. */
export const pollResultsEffect = effectType('polls.results', poll);
/** The one reminder before the poll closes. */
export const pollReminderEffect = effectType('polls.reminder', poll);
/** The poll message shown again after a manager edited the poll (one per version: idempotent). */
export const pollEditEffect = effectType('polls.edit', poll);
/** A member's suggested option, posted in the manager log with Approve and Reject, once. */
export const pollSuggestionEffect = effectType(
  'polls.suggestion',
  z.object({ suggestion: z.number().int() }),
);
