/**
 * What the crash test asks of Hearth, kind by kind: the world it seeds, the decisions each
 * simulated minute makes (in the child process, through the real services), and what Discord
 * must show at the end: every intended effect exactly once.
 */
import { ChannelType } from 'discord-api-types/v10';
import type { AppDeps } from '../../src/core/context.js';
import type { Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { createSchedule } from '../../src/features/prompts/schedules.js';
import type { DiscordStandIn } from '../stand-in/server.js';

export const START = Date.UTC(2026, 10, 23, 9, 0);

export interface World {
  readonly guilds: readonly string[];
  /** Prompt channels: two text channels and a forum. */
  readonly text: readonly string[];
  readonly forum: string;
  readonly logs: readonly string[];
}

/**
 * Three servers with 20 hourly schedules each, at distinct minutes: one prompt run every
 * simulated minute, in text channels (a message and its thread) and in a forum (a post).
 */
export async function seed(db: Db, standIn: DiscordStandIn): Promise<World> {
  const guilds = [standIn.addGuild(), standIn.addGuild(), standIn.addGuild()];
  const text = [
    standIn.addChannel(guilds[0]!, { name: 'prompts' }),
    standIn.addChannel(guilds[1]!, { name: 'prompts' }),
  ];
  const forum = standIn.addChannel(guilds[2]!, { name: 'prompts', type: ChannelType.GuildForum });
  const logs = guilds.map((g) => standIn.addChannel(g, { name: 'hearth-log' }));
  for (const [i, guild] of guilds.entries()) {
    await ensureGuild(db, guild, { now: START });
    await updateSettings(db, guild, { timezone: 'Europe/Rome', log_channel_id: logs[i]! }, START);
    for (let p = 0; p < 20; p++) await addPrompt(db, guild, { text: `Prompt ${p} of ${i}` }, START);
    const channel = i < 2 ? text[i]! : forum;
    for (let s = 0; s < 20; s++)
      await createSchedule(
        db,
        guild,
        {
          channelId: channel,
          rule: { kind: 'cron', expression: `${i * 20 + s} * * * *` },
          tag: null,
          pick: 'queue',
        },
        'Europe/Rome',
        START,
      );
  }
  return { guilds, text, forum, logs };
}

/** The decisions of one simulated minute besides the schedules' own. */
export async function scenarioStep(_app: AppDeps, _clock: number): Promise<void> {}
