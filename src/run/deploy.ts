/**
 * Slash command deployment: at every start when the definitions (or where they go) changed since
 * the last deploy, and by hand with `npm run deploy-commands`. A hash of what was deployed is kept
 * in the database, per scope (globally, or the DEV_GUILD_ID server), so upgrades need nothing.
 */
import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import type { Db } from '../core/db/database.js';

export interface DeployTarget {
  readonly applicationId: string;
  /** DEV_GUILD_ID: deploy to that one server (instant) instead of globally. */
  readonly guildId: string | undefined;
}

/** What a deploy is keyed by: `global` or the server's id. */
export function scopeOf(target: DeployTarget): string {
  return target.guildId ?? 'global';
}

/** The hash of a deploy: the application and the exact JSON Discord receives. */
export function definitionsHash(target: DeployTarget, body: readonly unknown[]): string {
  return createHash('sha256')
    .update(target.applicationId)
    .update('\0')
    .update(JSON.stringify(body))
    .digest('hex');
}

/** Registers the commands (replacing the whole list) and records the hash. Returns the count. */
export async function deployCommands(
  rest: REST,
  target: DeployTarget,
  body: readonly unknown[],
  db: Db | undefined,
  now: number,
): Promise<number> {
  const route =
    target.guildId === undefined
      ? Routes.applicationCommands(target.applicationId)
      : Routes.applicationGuildCommands(target.applicationId, target.guildId);
  const deployed = (await rest.put(route, { body })) as unknown[];
  if (db !== undefined) {
    const hash = definitionsHash(target, body);
    await db
      .insertInto('command_deploys')
      .values({ scope: scopeOf(target), hash, deployed_at: now })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ hash, deployed_at: now }))
      .execute();
  }
  return deployed.length;
}

/** Deploys only when the stored hash differs. Returns the count deployed, or undefined if unchanged. */
export async function deployIfChanged(
  rest: REST,
  target: DeployTarget,
  body: readonly unknown[],
  db: Db,
  now: number,
): Promise<number | undefined> {
  const stored = await db
    .selectFrom('command_deploys')
    .select('hash')
    .where('scope', '=', scopeOf(target))
    .executeTakeFirst();
  if (stored?.hash === definitionsHash(target, body)) return undefined;
  return deployCommands(rest, target, body, db, now);
}
