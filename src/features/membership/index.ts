/**
 * Membership: member caps, seats and the FIFO waitlist (`/seats`, `/waitlist`), confirmation
 * windows for offered seats, and "inactive for N weeks" from when members last wrote.
 */
import { GatewayDispatchEvents } from 'discord.js';
import * as seats from '../../../commands/seats.js';
import * as waitlist from '../../../commands/waitlist.js';
import { onDispatch, perApp, type Feature } from '../../core/feature.js';
import {
  expireSeatOffers,
  markJoinsSeenNow,
  membershipEffects,
  reconcileAllMemberships,
} from './discord.js';
import { membershipColumns, membershipNotes, membershipRoles } from './member-data.js';
import { eraseMembership, recordActivity } from './service.js';
import './messages.js';

const ACTIVITY_EVERY_MS = 3_600_000;
/** When each member last had activity written: activity is written at most hourly. */
const lastSeenOf = perApp(() => new Map<string, number>());
/** Whether start-up has looked for the joins missed offline (onboarding's start, then ours). */
const startedOf = perApp(() => ({ done: false }));

export const membership: Feature = {
  name: 'membership',
  commands: [seats, waitlist],
  gatewayHandlers: [
    // Who wrote when (never what): activity for "inactive for N weeks", written at most hourly.
    onDispatch(GatewayDispatchEvents.MessageCreate, async ({ app }, message) => {
      if (message.guild_id === undefined || message.author.bot === true) return;
      if (message.webhook_id !== undefined) return;
      const lastSeen = lastSeenOf(app);
      const key = `${message.guild_id}:${message.author.id}`;
      const at = app.now();
      if ((lastSeen.get(key) ?? 0) > at - ACTIVITY_EVERY_MS) return;
      lastSeen.set(key, at);
      if (lastSeen.size > 50_000) lastSeen.clear();
      await recordActivity(app.db, message.guild_id, message.author.id, at);
    }),
  ],
  jobs: [
    {
      name: 'expire-seat-offers',
      schedule: '* * * * *',
      run: ({ app }) => expireSeatOffers(app),
    },
    {
      name: 'joins-seen',
      schedule: '* * * * *',
      run: async ({ app }) => {
        if (startedOf(app).done) await markJoinsSeenNow(app);
      },
    },
  ],
  effects: membershipEffects,
  async start({ app, client }) {
    await reconcileAllMemberships(app, client);
    startedOf(app).done = true;
  },
  memberData: {
    columns: membershipColumns,
    notes: membershipNotes,
    rolesGranted: membershipRoles,
    async erase({ trx, guildId, userId, now, keepRoles, stillMember, fingerprint }) {
      const erased = await eraseMembership(trx, guildId, userId, {
        now,
        keepSeat: keepRoles && stillMember,
        barSubject: () => fingerprint('bar'),
      });
      return {
        kept: erased.keptSeat
          ? [{ table: 'memberships', column: 'user_id', rows: 1, reason: 'seats.data.keptSeat' }]
          : [],
        // The freed seat goes to the next person: their role and message are enqueued in the
        // erase's own transaction (see promote), and carried out once it commits.
        passedOn: erased.promoted.length,
      };
    },
  },
};
