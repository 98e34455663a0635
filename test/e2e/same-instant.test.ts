/**
 * Decisions taken in the same millisecond are still two decisions. Hearth names each decision's
 * outbox effects by a number of its own (not by the time it was taken), so with a frozen clock a
 * manager who admits, removes and admits again gets the member role back, and a member who leaves
 * and rejoins at the same instant is welcomed again. A retried effect still happens once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { DiscordStandIn, type CommandInvocation } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

// The clock never moves: every decision below is taken at the same instant.
const FROZEN = Date.now();
const now = () => FROZEN;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;

async function cmd(invocation: Omit<CommandInvocation, 'guild' | 'user'> & { user?: string }) {
  const interaction = standIn.command({ guild: a.guild, user: a.owner.id, ...invocation });
  return (await standIn.answer(interaction)).content as string;
}
const outbox = (kind: string, user: APIUser) =>
  db
    .selectFrom('outbox')
    .select(['dedupe_key', 'state'])
    .where('kind', '=', kind)
    .where('subject_id', '=', user.id)
    .execute();

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Frozen Circle' });
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now });
  await cmd({
    command: 'hearth',
    subcommand: 'setup',
    options: {
      manager_role: { role: a.managerRole },
      member_role: { role: a.memberRole },
      welcome_channel: { channel: a.welcome },
      announcements_channel: { channel: a.announcements },
      log_channel: { channel: a.log },
    },
  });
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

describe('two decisions about one member in the same millisecond', () => {
  it('admit, remove, admit again: the member role is back, each grant and removal carried out once', async () => {
    const kit = standIn.addMember(a.guild, 'kit', []);
    const hasRole = () => standIn.rolesOf(a.guild, kit.id).includes(a.memberRole);
    const admit = () =>
      cmd({ command: 'seats', subcommand: 'admit', options: { member: { user: kit.id } } });
    expect(await admit()).toMatch(/^<@\d+> is admitted \(seat \d+\)\.$/);
    await until(hasRole);
    await cmd({ command: 'seats', subcommand: 'remove', options: { member: { user: kit.id } } });
    await until(() => !hasRole());
    expect(await admit()).toMatch(/^<@\d+> is admitted \(seat \d+\)\.$/);
    await until(hasRole);
    await until(async () =>
      (await outbox('membership.role', kit)).every((r) => r.state === 'done'),
    );
    const rows = await outbox('membership.role', kit);
    // Two grants and one removal, three effects: none taken for a repeat of another.
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(3);
    // A second tick (a retry) adds nothing.
    await bot.hearth.tick();
    expect(await outbox('membership.role', kit)).toHaveLength(3);
    expect(hasRole()).toBe(true);
  });

  it('join, leave, rejoin: welcomed twice, each welcome once', async () => {
    const add = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'onboarding',
      subcommand: 'add',
      options: { kind: 'short' },
    });
    await standIn.answer(
      await standIn.fillModal({
        guild: a.guild,
        user: a.owner.id,
        opened: add,
        answers: { 'Question (up to 45 characters)': 'Why are you here?' },
      }),
    );
    await cmd({ command: 'onboarding', subcommand: 'settings', options: { enabled: true } });
    const welcomes = (user: APIUser) =>
      standIn.postedIn(a.welcome).filter((m) => m.content.includes(user.id));
    const lea = standIn.join(a.guild, 'lea');
    await until(() => welcomes(lea).length === 1);
    standIn.leave(a.guild, lea.id);
    standIn.rejoin(a.guild, lea);
    await until(() => welcomes(lea).length === 2);
    await until(async () =>
      (await outbox('onboarding.welcome', lea)).every((r) => r.state === 'done'),
    );
    expect(await outbox('onboarding.welcome', lea)).toHaveLength(2);
    await bot.hearth.tick();
    expect(welcomes(lea)).toHaveLength(2);
  });
});
