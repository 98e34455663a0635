/**
 * One side of B7, run in its own process (with --expose-gc) so the two measurements cannot
 * disturb each other: logs a discord.js client into the stand-in holding GUILDS guilds of
 * MEMBERS members each, and prints the heap the client's caches hold once ready.
 */
import { Client, Events } from 'discord.js';
import { createDiscordClient, INTENTS } from '../src/core/client.js';
import { DiscordStandIn } from '../test/stand-in/server.js';

const mode = process.argv[2] === 'defaults' ? 'defaults' : 'ours';
const GUILDS = Number(process.argv[3] ?? 1000);
const MEMBERS = Number(process.argv[4] ?? 100);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const standIn = await new DiscordStandIn().start();
for (let g = 0; g < GUILDS; g++) {
  const guild = standIn.addGuild({ name: `community ${g}` });
  for (let m = 1; m < MEMBERS; m++) standIn.addMember(guild, `member-${g}-${m}`);
  for (let c = 0; c < 5; c++) standIn.addChannel(guild, { name: `channel-${c}` });
  for (let r = 0; r < 5; r++) standIn.addRole(guild, { name: `role-${r}` });
}
const before = settledHeap();
const client =
  mode === 'ours'
    ? createDiscordClient({ apiBase: standIn.apiBase })
    : new Client({ intents: [...INTENTS], rest: { api: standIn.apiBase } });
const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
await client.login(standIn.token);
await ready;
const after = settledHeap();
const members = client.guilds.cache.reduce((sum, guild) => sum + guild.members.cache.size, 0);
process.stdout.write(
  `${JSON.stringify({ mode, guilds: client.guilds.cache.size, members, users: client.users.cache.size, heapBytes: after - before })}\n`,
);
await client.destroy();
await standIn.stop();
process.exit(0);
