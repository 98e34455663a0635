/**
 * Members' data rights: `/privacy show`, `export`, `erase`, `hide` (opting out of being named in
 * insights, through insights' api) and `policy`; departures and the retention of departed
 * members' data. What a member's data is comes from every feature's data map (src/core/member-
 * data.ts), so a feature added later is shown, exported and erased without changing this one.
 */
import { GatewayDispatchEvents } from 'discord.js';
import * as privacy from '../../../commands/privacy.js';
import { onDispatch, type Feature } from '../../core/feature.js';
import { eraseDepartedMembers, onMemberLeft, reconcileDepartures } from './discord.js';
import { clearDepartures } from './service.js';
import './messages.js';

export const privacyFeature: Feature = {
  name: 'privacy',
  commands: [privacy],
  gatewayHandlers: [
    onDispatch(GatewayDispatchEvents.GuildMemberRemove, async ({ app, client }, data) => {
      if (data.user.bot === true) return;
      await onMemberLeft(app, client, data.guild_id, data.user.id);
    }),
    onDispatch(GatewayDispatchEvents.GuildMemberAdd, async ({ app }, data) => {
      if (data.user.bot === true) return;
      await clearDepartures(app.db, data.guild_id, [data.user.id]);
    }),
  ],
  jobs: [
    {
      name: 'erase-departed-members',
      schedule: '37 * * * *',
      run: ({ app, client }) => eraseDepartedMembers(app, client).then(() => undefined),
    },
  ],
  // Departures and returns while Hearth was offline, then whatever retention is due.
  start: ({ app, client }) => reconcileDepartures(app, client),
  memberData: {
    columns: [
      {
        table: 'member_departures',
        column: 'user_id',
        erase: 'delete',
        label: 'privacy.data.departure',
      },
    ],
  },
};
