/**
 * What `/hearth status` checks for introductions: while they are on, the intro channel exists and
 * Hearth has there what a round needs. Reads only discord.js's cache, so it makes no API call.
 */
import { PermissionFlagsBits, type Guild } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import type { MessageKey, MessageParams, Translate } from './messages.js';
import { settingsOf } from './service.js';

/**
 * What a round does in the intro channel: see it, open a private thread per group, post the
 * introduction and the check-in in it, and find its own earlier post after a long retry. Manage
 * Threads is not needed: Hearth creates each thread, and a thread's creator may add its members.
 */
export const INTRO_CHANNEL_NEEDS = [
  'ViewChannel',
  'CreatePrivateThreads',
  'SendMessagesInThreads',
  'ReadMessageHistory',
] as const satisfies readonly (keyof typeof PermissionFlagsBits)[];

/** The needs Hearth lacks in `channelId` (none when it cannot tell: no member of its own yet). */
export function missingInIntroChannel(
  guild: Guild,
  channelId: string,
): (typeof INTRO_CHANNEL_NEEDS)[number][] | 'gone' {
  const channel = guild.channels.cache.get(channelId);
  if (channel === undefined) return 'gone';
  const me = guild.members.me;
  if (me === null) return [];
  const granted = channel.permissionsFor(me);
  return INTRO_CHANNEL_NEEDS.filter((name) => !granted.has(PermissionFlagsBits[name], true));
}

/** Introductions' problems for `/hearth status`, each with how to fix it. */
export async function introProblems(
  app: AppDeps,
  guild: Guild,
  t: Translate,
): Promise<{ key: MessageKey; params: MessageParams }[]> {
  const settings = await settingsOf(app.db, guild.id);
  if (settings === undefined || !settings.enabled) return [];
  const missing = missingInIntroChannel(guild, settings.channelId);
  if (missing === 'gone') return [{ key: 'intros.problem.channelGone', params: {} }];
  if (missing.length === 0) return [];
  return [
    {
      key: 'intros.problem.permissions',
      params: {
        channel: `<#${settings.channelId}>`,
        permissions: missing.map((name) => t(`perm.${name}`)).join(', '),
      },
    },
  ];
}
