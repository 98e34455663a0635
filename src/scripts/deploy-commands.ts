/**
 * `npm run deploy-commands`: registers Hearth's slash commands with Discord, in one server when
 * DEV_GUILD_ID is set (instant, for testing) or globally. Uses the same command list as the bot.
 */
import { REST } from '@discordjs/rest';
import { config as loadDotenv } from 'dotenv';
import { Routes, type APIApplication } from 'discord.js';
import { commands } from '../features/index.js';
import { parseConfig } from '../core/config.js';

function fail(line: string): never {
  process.stderr.write(`hearth: ${line}\n`);
  process.exit(1);
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
  const route =
    config.DEV_GUILD_ID === undefined
      ? Routes.applicationCommands(application.id)
      : Routes.applicationGuildCommands(application.id, config.DEV_GUILD_ID);
  const deployed = (await rest.put(route, { body })) as unknown[];
  process.stdout.write(
    config.DEV_GUILD_ID === undefined
      ? `hearth: deployed ${deployed.length} commands globally\n`
      : `hearth: deployed ${deployed.length} commands to server ${config.DEV_GUILD_ID}\n`,
  );
} catch (error) {
  const status =
    typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (status === 401)
    fail(
      'DISCORD_TOKEN was refused by Discord: reset the token in the Developer Portal (Bot > Reset Token) and update .env',
    );
  fail(`could not deploy commands: ${error instanceof Error ? error.message : String(error)}`);
}
