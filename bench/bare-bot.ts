/**
 * B13's baseline: a bare discord.js client with Hearth's intents that answers /help, and nothing
 * else. Bundled and run by plain node, as Hearth's build is.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

const client = new Client({
  intents: [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMembers,
    GatewayIntentBits.GuildMessages,
  ],
  rest: { api: process.env.DISCORD_API_BASE ?? '' },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand() && interaction.commandName === 'help')
    void interaction.reply({ content: 'Help', flags: MessageFlags.Ephemeral });
});
client.once(Events.ClientReady, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
