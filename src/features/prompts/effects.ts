/**
 * The effects prompt decisions enqueue in the outbox, declared without Discord so the services
 * that decide can write them in their own transactions. Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

/** Post one claimed run (a message with its thread, or a forum post). Keyed by the run's id. */
export const promptPost = effectType('prompts.post', z.object({ occurrence: z.number().int() }));

/** A member's suggestion, in the manager log with Approve and Reject. Keyed by the prompt's id. */
export const promptReview = effectType('prompts.review', z.object({ prompt: z.number().int() }));
