/**
 * Introductions (`/intros`): members who opt in are matched each round by what they told Hearth
 * in onboarding (shared interests, give/get, different levels), in a private thread per group,
 * with a check-in halfway through; never the same pair twice within the window, never someone
 * who opted out or asked not to be matched with the other.
 */
import * as intros from '../../../commands/intros.js';
import { GatewayDispatchEvents } from 'discord.js';
import { onDispatch, type Feature } from '../../core/feature.js';
import { introEffects, onIntroReply, reconcileIntros, runIntrosTick } from './discord.js';
import { introsMemberData } from './member-data.js';
import { memberLeftServer, pruneReplyPairs } from './service.js';
import './messages.js';

export const introsFeature: Feature = {
  name: 'intros',
  commands: [intros],
  memberData: introsMemberData,
  effects: introEffects,
  // A member who leaves the server no longer takes part: never matched, asked or told again.
  gatewayHandlers: [
    onDispatch(GatewayDispatchEvents.GuildMemberRemove, ({ app }, data) =>
      memberLeftServer(app.db, data.guild_id, data.user.id, app.now()),
    ),
    // The first reply between two members who take part (for /insights intros' connections).
    onDispatch(GatewayDispatchEvents.MessageCreate, ({ app }, message) =>
      onIntroReply(app, message),
    ),
  ],
  // Rounds due (each server in its zone, once per due time) and check-ins; at start too, so a
  // round that fell due while Hearth was offline is made once, the latest one only.
  jobs: [
    {
      name: 'intros-rounds',
      schedule: '* * * * *',
      run: ({ app, client }) => runIntrosTick(app, client),
    },
    // First replies between members are kept six months (PRIVACY.md).
    {
      name: 'intros-reply-retention',
      schedule: '25 3 * * *',
      run: async ({ app }) => {
        const gone = await pruneReplyPairs(app.db, app.now());
        if (gone > 0) app.logger.info({ gone }, 'introductions: old first replies deleted');
      },
    },
  ],
  // Departures missed while offline first, then any round due.
  async start({ app, client }) {
    await reconcileIntros(app, client);
    await runIntrosTick(app, client);
  },
};
