import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { UserError } from '../../src/core/errors.js';
import {
  ensureGuild,
  getGuild,
  markAbsentGuildsLeft,
  markGuildLeft,
  purgeDepartedGuilds,
  updateSettings,
} from '../../src/core/guilds.js';

const G1 = '111111111111111111';
const G2 = '222222222222222222';
const ROLE = '333333333333333333';
const DAY = 86_400_000;

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
});

describe('guild settings', () => {
  it('creates a guild once, in its preferred language, with defaults', async () => {
    const first = await ensureGuild(db, G1, { now: 1000, preferredLocale: 'it' });
    const again = await ensureGuild(db, G1, { now: 2000, preferredLocale: 'en' });
    expect(first).toMatchObject({
      guildId: G1,
      language: 'it',
      timezone: 'UTC',
      joinedAt: 1000,
      leftAt: null,
      settingsVersion: 0,
    });
    expect(again).toEqual(first);
  });

  it('stores a canonical time zone and bumps the version', async () => {
    await ensureGuild(db, G1, { now: 0 });
    const updated = await updateSettings(
      db,
      G1,
      { timezone: ' america/new_york ', managerRoleId: ROLE },
      5,
    );
    expect(updated).toMatchObject({
      timezone: 'America/New_York',
      managerRoleId: ROLE,
      updatedAt: 5,
      settingsVersion: 1,
    });
  });

  it.each([
    ['an unknown zone', { timezone: 'Mars/Base' }, 'setup.invalidTimezone'],
    ['an offset instead of a zone', { timezone: '+02:00' }, 'setup.invalidTimezone'],
    ['an empty zone', { timezone: '' }, 'setup.invalidTimezone'],
    ['SQL in the zone', { timezone: "UTC'; drop table guilds; --" }, 'setup.invalidTimezone'],
    ['an unsupported language', { language: 'fr' }, 'setup.invalidLanguage'],
    ['a role that is not an id', { managerRoleId: '<@&1>' }, 'error.invalidReference'],
  ])('refuses %s and writes nothing', async (_name, patch, key) => {
    await ensureGuild(db, G1, { now: 0 });
    const before = await getGuild(db, G1);
    const attempt = updateSettings(db, G1, patch, 9);
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({ key });
    expect(await getGuild(db, G1)).toEqual(before);
  });

  it('changes only the guild it is given', async () => {
    await ensureGuild(db, G1, { now: 0 });
    await ensureGuild(db, G2, { now: 0 });
    await updateSettings(db, G1, { timezone: 'Europe/Rome', language: 'it' }, 1);
    expect(await getGuild(db, G2)).toMatchObject({
      timezone: 'UTC',
      language: 'en',
      settingsVersion: 0,
    });
  });

  it('refuses to update a guild it has never seen', async () => {
    await expect(updateSettings(db, G1, { language: 'it' }, 1)).rejects.toMatchObject({
      key: 'error.guildUnknown',
    });
  });
});

describe('departure and purge', () => {
  it('marks a departed guild, forgets the mark when the bot is invited back, and purges after the window', async () => {
    await ensureGuild(db, G1, { now: 0 });
    await ensureGuild(db, G2, { now: 0 });
    await markGuildLeft(db, G1, 10 * DAY);
    expect((await getGuild(db, G1))?.leftAt).toBe(10 * DAY);

    // Invited back within the window: nothing is lost.
    await ensureGuild(db, G1, { now: 11 * DAY });
    expect((await getGuild(db, G1))?.leftAt).toBeNull();

    await markGuildLeft(db, G1, 20 * DAY);
    expect(await purgeDepartedGuilds(db, 20 * DAY + 30 * DAY - 1, 30 * DAY)).toEqual([]);
    expect(await purgeDepartedGuilds(db, 20 * DAY + 30 * DAY, 30 * DAY)).toEqual([G1]);
    expect(await getGuild(db, G1)).toBeUndefined();
    expect(await getGuild(db, G2)).toBeDefined();
  });

  it('marks guilds absent at start-up as departed, once', async () => {
    await ensureGuild(db, G1, { now: 0 });
    await ensureGuild(db, G2, { now: 0 });
    expect(await markAbsentGuildsLeft(db, [G2], 7)).toBe(1);
    expect(await markAbsentGuildsLeft(db, [G2], 8)).toBe(0);
    expect((await getGuild(db, G1))?.leftAt).toBe(7);
    expect((await getGuild(db, G2))?.leftAt).toBeNull();
    expect(await markAbsentGuildsLeft(db, [], 9)).toBe(1);
  });
});
