/**
 * Segments: named groups of members by what they answered, their roles, activity, join date and
 * seat, compiled to one SQL query each and cached with their count (`/segment`).
 */
import { GatewayDispatchEvents } from 'discord.js';
import * as segment from '../../../commands/segment.js';
import { onDispatch, type Feature } from '../../core/feature.js';
import {
  onMemberGone,
  onMemberPresent,
  reconcileRosters,
  refreshAllSegments,
  segmentEffects,
} from './discord.js';
import { segmentsColumns } from './member-data.js';
import './messages.js';

export const segments: Feature = {
  name: 'segments',
  commands: [segment],
  gatewayHandlers: [
    onDispatch(GatewayDispatchEvents.GuildMemberAdd, ({ app }, data) =>
      onMemberPresent(app, data.guild_id, data),
    ),
    onDispatch(GatewayDispatchEvents.GuildMemberUpdate, ({ app }, data) =>
      onMemberPresent(app, data.guild_id, data),
    ),
    onDispatch(GatewayDispatchEvents.GuildMemberRemove, ({ app }, data) =>
      onMemberGone(app, data.guild_id, data.user.id),
    ),
  ],
  effects: segmentEffects,
  jobs: [
    { name: 'segment-recounts', schedule: '* * * * *', run: ({ app }) => refreshAllSegments(app) },
  ],
  start: ({ app, client }) => reconcileRosters(app, client),
  memberData: { columns: segmentsColumns },
};
