/**
 * `npm run deploy-commands`: registers Hearth's slash commands with Discord now, in one server when
 * DEV_GUILD_ID is set (instant, for testing) or globally. Hearth also does this by itself at start
 * whenever the definitions changed; this forces it. Uses the same command list as the bot, and
 * records the deploy in the database (when it exists) so the next start does not repeat it.
 */
import { existsSync } from 'node:fs';
import { REST } from '@discordjs/rest';
import { config as loadDotenv } from 'dotenv';
import { Routes, type APIApplication } from 'discord.js';
import { sql } from 'kysely';
import { commands } from '../features/index.js';
import { parseConfig } from '../core/config.js';
import { openDatabase, type Db } from '../core/db/database.js';
import { deployCommands } from '../run/deploy.js';
import { TOKEN_REFUSED } from '../run/discord-connect.js';

function fail(line: string): never {
  process.stderr.write(`hearth: ${line}\n`);
  process.exit(1);
}

/** The database, when there is one with the deploy table (a bot of this version started on it). */
async function deployRecord(path: string): Promise<Db | undefined> {
  if (path === ':memory:' || !existsSync(path)) return undefined;
  try {
    const db = openDatabase(path);
    const { rows } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name = 'command_deploys'`.execute(
      db,
    );
    if (rows.length > 0) return db;
    await db.destroy();
  } catch {
    // Recording is a convenience; the deploy itself does not depend on the database.
  }
  return undefined;
}

loadDotenv({ quiet: true });
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) process.stderr.write(`hearth: ${problem}\n`);
  process.exit(1);
}
const config = parsed.config;
const rest = new REST(
  config.DISCORD_API_BASE === undefined ? {} : { api: config.DISCORD_API_BASE },
).setToken(config.DISCORD_TOKEN);

try {
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const body = commands.map((command) => command.data);
  const db = await deployRecord(config.DATABASE_PATH);
  const count = await deployCommands(
    rest,
    { applicationId: application.id, guildId: config.DEV_GUILD_ID },
    body,
    db,
    Date.now(),
  );
  await db?.destroy();
  process.stdout.write(
    config.DEV_GUILD_ID === undefined
      ? `hearth: deployed ${count} commands globally\n`
      : `hearth: deployed ${count} commands to server ${config.DEV_GUILD_ID}\n`,
  );
} catch (error) {
  const status =
    typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (status === 401) fail(TOKEN_REFUSED);
  fail(`could not deploy commands: ${error instanceof Error ? error.message : String(error)}`);
}
