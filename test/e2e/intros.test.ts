import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { DiscordStandIn, isEphemeral, type OptionValue } from '../stand-in/server.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

const clock = Date.UTC(2026, 11, 1, 9, 0);
const now = () => clock;
let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;

async function intros(
  subcommand: string,
  options: Record<string, OptionValue>,
  { guild = a.guild, user = a.owner.id }: { guild?: string; user?: string } = {},
) {
  const interaction = standIn.command({ guild, user, command: 'intros', subcommand, options });
  const answer = await standIn.answer(interaction);
  expect(isEphemeral(answer)).toBe(true);
  return String(answer.content);
}

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Brand Lab' });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now });
});

afterAll(async () => {
  await bot.stop();
  await db.destroy();
  await standIn.stop();
});

afterEach(() => {
  expect(standIn.unknownRequests).toEqual([]);
  expect(standIn.refusals).toEqual([]);
  expect(bot.logs.errors).toEqual([]);
});

describe('introductions, driven as members and a manager would', () => {
  it('a member cannot set them up; a manager can, and members join and avoid', async () => {
    const refused = await intros(
      'setup',
      { channel: { channel: a.announcements }, cadence: 'weekly', day: '2', hour: 10 },
      { user: a.member.id },
    );
    expect(refused).toContain('Only managers');
    expect(await db.selectFrom('intro_settings').selectAll().execute()).toEqual([]);
    const done = await intros('setup', {
      channel: { channel: a.announcements },
      cadence: 'weekly',
      day: '2',
      hour: 10,
    });
    expect(done).toContain('Introductions are on');
    expect(await intros('join', {}, { user: a.member.id })).toContain('You are in');
    expect(await intros('join', {}, { user: a.manager.id })).toContain('You are in');
    expect(
      await intros('avoid', { member: { user: a.manager.id } }, { user: a.member.id }),
    ).toContain('never be matched');
    const stored = await db.selectFrom('intro_exclusions').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(a.manager.id);
  });
});
