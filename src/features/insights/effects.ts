/**
 * The effect insights decisions enqueue in the outbox: the weekly digest, claimed once per server
 * and week and enqueued with its claim. Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

/** The digest of the week starting `weekOf`, with figures up to `day` (days since 1970). */
export const digestEffect = effectType(
  'insights.digest',
  z.object({ weekOf: z.number(), day: z.number().int() }),
);
