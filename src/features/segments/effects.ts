/**
 * The effects segments enqueue in the outbox, declared without Discord so the service writes them
 * in the transaction of the recount that decided them. Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

/**
 * A segment's linked role given to a member who joined the segment (`add`), or taken back from one
 * who left it. `grant` is the grant row it is about: each grant is added once and removed once.
 */
export const segmentRoleEffect = effectType(
  'segments.role',
  z.object({
    user: z.string(),
    role: z.string(),
    segment: z.number().int(),
    grant: z.number().int(),
    add: z.boolean(),
  }),
);
