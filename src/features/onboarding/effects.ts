/**
 * The effects onboarding decisions enqueue in the outbox, declared without Discord so the
 * services write them in the transaction of the decision (a join, a completed questionnaire, a
 * manager's verdict). Carried out in discord.ts.
 */
import { z } from 'zod';
import { effectType } from '../../core/outbox/store.js';

const user = z.string();

/** The welcome in the welcome channel and by DM, each with the Start (or Continue) button. */
export const welcomeEffect = effectType(
  'onboarding.welcome',
  z.object({ user, variant: z.enum(['new', 'resume', 'returning']), minutes: z.number().int() }),
);

/** The completed questionnaire in the manager log, with Approve and Reject. */
export const approvalEffect = effectType('onboarding.approval', z.object({ user }));

/** Roles the answers map to, granted and removed one by one. */
export const rolesEffect = effectType(
  'onboarding.roles',
  z.object({ user, grant: z.array(z.string()), revoke: z.array(z.string()) }),
);

/**
 * The admission that follows a completed questionnaire, an approval or a return: a step in the
 * database (membership decides, and enqueues its own effects), retried until it happens. After
 * an approval, the member is then told the outcome; after a return, told only if they wait.
 */
export const admitEffect = effectType(
  'onboarding.admit',
  z.object({
    user,
    tell: z.enum(['approved', 'join', 'none']),
    /** The decision that asked for it (`newDecision`); absent on rows from before. */
    decision: z.string().optional(),
  }),
);

/** A manager's verdict, told to the member. */
export const decisionEffect = effectType(
  'onboarding.decision',
  z.object({ user, approved: z.boolean(), position: z.number().int().optional() }),
);

/**
 * A member whose answers a manager rejected came back: told once, privately (never in public),
 * that the decision stands and when they may answer again (the cooldown after `decidedAt`).
 */
export const stillRejectedEffect = effectType(
  'onboarding.stillRejected',
  z.object({ user, decidedAt: z.number() }),
);
