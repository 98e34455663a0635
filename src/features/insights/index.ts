/**
 * Insights: who writes where and when (never what), folded into daily aggregates; `/insights`,
 * the weekly digest and retention. Members opt out of being named with `/privacy hide`, which
 * the privacy feature owns (through api.ts).
 */
import { GatewayDispatchEvents, type Client } from 'discord.js';
import * as insightsCommand from '../../../commands/insights.js';
import { onDispatch, perApp, type Feature } from '../../core/feature.js';
import { digestPost, EventIngester, foldOldEvents, postDigests } from './discord.js';
import { insightsColumns } from './member-data.js';
import { forgetAuthor, keepHiddenOf, keepRetentionOf, recordMemberEvent } from './service.js';
import './messages.js';

const ingesterOf = perApp((app, client: Client) => new EventIngester(app, client));

export const insights: Feature = {
  name: 'insights',
  commands: [insightsCommand],
  gatewayHandlers: [
    onDispatch(GatewayDispatchEvents.MessageCreate, ({ app, client }, message) =>
      ingesterOf(app, client).onMessage(message),
    ),
    onDispatch(GatewayDispatchEvents.ThreadCreate, ({ app, client }, thread) =>
      ingesterOf(app, client).onThreadCreate(thread),
    ),
    onDispatch(GatewayDispatchEvents.GuildMemberAdd, async ({ app }, data) => {
      if (data.user.bot === true) return;
      await recordMemberEvent(app.db, data.guild_id, data.user.id, 'join', app.now());
    }),
    onDispatch(GatewayDispatchEvents.GuildMemberRemove, async ({ app }, data) => {
      if (data.user.bot === true) return;
      await recordMemberEvent(app.db, data.guild_id, data.user.id, 'leave', app.now());
    }),
  ],
  jobs: [
    {
      name: 'weekly-digests',
      schedule: '* * * * *',
      run: ({ app }) => postDigests(app),
    },
    { name: 'fold-events', schedule: '5 3 * * *', run: ({ app }) => foldOldEvents(app) },
  ],
  effects: [digestPost],
  /** Hearth's own posts were once recorded as staff activity: they are not the community's. */
  async start({ app, client }) {
    if (client.user !== null) await forgetAuthor(app.db, client.user.id);
  },
  flush: ({ app, client }) => ingesterOf(app, client).flush(),
  stop: ({ app, client }) => ingesterOf(app, client).flush(),
  memberData: {
    columns: insightsColumns,
    // Events still in the buffer are written first, so an erase finds them.
    prepare: ({ app, client }) => ingesterOf(app, client).flush(),
    // Joins keep their retention weeks before the stand-ins part them from the daily totals; a
    // hidden member's totals stay hidden under their stand-in.
    erase: async ({ trx, guildId, userId, pseudonym }) => {
      await keepRetentionOf(trx, guildId, userId);
      await keepHiddenOf(trx, guildId, userId, pseudonym('member_days'));
    },
  },
};
