import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Events } from 'discord.js';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { ensureGuild, getGuild, markGuildLeft } from '../../src/core/guilds.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';

// The stand-in is only worth what it refuses: these tests check that it behaves like Discord
// where the bot could otherwise pass a test that real Discord would fail.
let standIn: DiscordStandIn;
let bot: TestBot;
let guild: string;
const DAY = 86_400_000;
const departedLongAgo = '123456789012345678';
const departedRecently = '223456789012345678';

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  guild = standIn.addGuild();
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const now = Date.now();
  for (const [id, leftAgo] of [
    [departedLongAgo, 31 * DAY],
    [departedRecently, 2 * DAY],
  ] as const) {
    await ensureGuild(db, id, { now: now - 60 * DAY });
    await markGuildLeft(db, id, now - leftAgo);
  }
  bot = await startBot(standIn, { db, env: { GUILD_DATA_RETENTION_DAYS: '30' } });
});

afterAll(async () => {
  await bot.stop();
  await bot.db.destroy();
  await standIn.stop();
});

const api = (path: string, init: RequestInit = {}) => fetch(`${standIn.apiBase}/v10${path}`, init);

describe('the Discord stand-in', () => {
  it('withholds events the identified intents do not cover', async () => {
    let typing = 0;
    bot.hearth.client.on(Events.TypingStart, () => void (typing += 1));
    const channel = standIn.addChannel(guild, { name: 'chat' });
    const user = standIn.addUser('typist');
    // Hearth does not ask for GuildMessageTyping: Discord would not send this, so neither do we.
    standIn.dispatch(GatewayDispatchEvents.TypingStart, {
      channel_id: channel,
      guild_id: guild,
      user_id: user.id,
      timestamp: Math.floor(Date.now() / 1000),
    });
    // A dispatch that is covered (Guilds) arrives after it; the withheld one never does.
    standIn.dispatch(GatewayDispatchEvents.GuildRoleCreate, {
      guild_id: guild,
      role: {
        id: '999999999999999999',
        name: 'marker',
        position: 1,
        permissions: '0',
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    });
    await until(() =>
      bot.hearth.client.guilds.cache.get(guild)?.roles.cache.has('999999999999999999'),
    );
    expect(typing).toBe(0);
    expect(standIn.identifies[0]!.intents & GatewayIntentBits.GuildMessageTyping).toBe(0);
  });

  it('records unknown routes and rejects requests without the bot token', async () => {
    const unknown = await api('/no/such/route', {
      headers: { authorization: `Bot ${standIn.token}` },
    });
    expect(unknown.status).toBe(404);
    expect(standIn.unknownRequests.map((r) => r.path)).toEqual(['/no/such/route']);
    standIn.unknownRequests.length = 0;
    expect((await api('/users/@me')).status).toBe(401);
  });

  it('refuses a second acknowledgement (40060) and one after 3 seconds (10062)', async () => {
    const late = standIn.command({
      guild,
      user: standIn.addUser('x').id,
      command: 'no-handler-yet',
    });
    // The bot answers this one itself; a second answer is refused as Discord refuses it.
    await standIn.callback(late);
    const again = await fetch(
      `${standIn.apiBase}/v10/interactions/${late.id}/${late.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
      },
    );
    expect(await again.json()).toMatchObject({ code: 40060 });
    const stale = { ...late, createdAt: Date.now() - 3_001, acknowledged: false };
    standIn.interactions.set(late.id, stale);
    const expired = await fetch(
      `${standIn.apiBase}/v10/interactions/${late.id}/${late.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'late' } }),
      },
    );
    expect(await expired.json()).toMatchObject({ code: 10062 });
  });

  it('returns the first message for a repeated nonce when enforce_nonce is set', async () => {
    const channel = standIn.addChannel(guild, { name: 'prompts' });
    const send = () =>
      api(`/channels/${channel}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${standIn.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          content: 'Question of the week',
          nonce: 'occ-42',
          enforce_nonce: true,
        }),
      }).then((r) => r.json() as Promise<{ id: string }>);
    const first = await send();
    const second = await send();
    expect(second.id).toBe(first.id);
    expect(standIn.messages.get(channel)).toHaveLength(1);
  });
});

describe('start-up purge', () => {
  it('deletes the data of guilds that left longer ago than the retention window, and keeps the rest', async () => {
    expect(await getGuild(bot.db, departedLongAgo)).toBeUndefined();
    expect(await getGuild(bot.db, departedRecently)).toBeDefined();
    expect(await getGuild(bot.db, guild)).toMatchObject({ leftAt: null });
  });
});
