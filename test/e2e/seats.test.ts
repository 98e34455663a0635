import { beforeAll, describe, expect, it } from 'vitest';
import { e2eSuite } from '../helpers/suite.js';
import { GatewayDispatchEvents, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { type Db } from '../../src/core/db/database.js';
import { requestAdmission, standingOf } from '../../src/features/membership/service.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { type CommandInvocation } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import type { seedCommunity } from '../helpers/world.js';
import { messagePayload } from '../stand-in/payloads.js';

const HOUR = 3_600_000;
let clock = Date.now();
const now = () => clock;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;
const people: Record<string, APIUser> = {};

async function restart(): Promise<void> {
  await bot.stop();
  bot = await startBot(standIn, { db, now });
}

async function cmd(invocation: Omit<CommandInvocation, 'user'> & { user?: string }) {
  const interaction = standIn.command({ user: a.owner.id, ...invocation });
  return (await standIn.answer(interaction)).content as string;
}
const seats = (
  subcommand: string,
  options: CommandInvocation['options'] = {},
  guild = a.guild,
  user = a.owner.id,
) => cmd({ guild, user, command: 'seats', subcommand, options });
const startOf = (message: APIMessage) =>
  (message.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components[0]
    ?.custom_id;
const announcements = () => standIn.postedIn(a.announcements).map((m) => m.content);
const lastDm = (user: APIUser) => standIn.dmsTo(user.id).at(-1);

/** A person joins and answers the one-question questionnaire; returns the reply they got. */
async function joinAndOnboard(name: string): Promise<string> {
  const user = standIn.join(a.guild, name);
  people[name] = user;
  await until(
    () =>
      standIn.postedIn(a.welcome).some((m) => m.content.includes(user.id)) &&
      standIn.dmsTo(user.id).length === 1,
  );
  const welcome = standIn.postedIn(a.welcome).find((m) => m.content.includes(user.id))!;
  const opened = standIn.click({
    guild: a.guild,
    user: user.id,
    message: welcome,
    customId: startOf(welcome)!,
  });
  const done = await standIn.fillModal({
    guild: a.guild,
    user: user.id,
    opened,
    answers: { 'Why this community?': `I am ${name}` },
  });
  return (await standIn.answer(done)).content as string;
}

const suite = e2eSuite({ a: { name: 'Small Table' }, b: { name: 'Other Table' }, now });
beforeAll(async () => {
  ({ standIn, db, bot, a, b } = suite);
  for (const community of [a, b]) {
    await cmd({
      guild: community.guild,
      user: community.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        welcome_channel: { channel: community.welcome },
        announcements_channel: { channel: community.announcements },
        log_channel: { channel: community.log },
        member_role: { role: community.memberRole },
      },
    });
  }
  // A one-question questionnaire, built the way a manager builds it.
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
      answers: { 'Question (up to 45 characters)': 'Why this community?' },
    }),
  );
  await cmd({
    guild: a.guild,
    command: 'onboarding',
    subcommand: 'settings',
    options: { enabled: true },
  });
});

describe('a cap of 2', () => {
  it('counts the members who already hold the role, then admits two newcomers and queues the rest', async () => {
    // seedCommunity's "member" already holds the member role: they count.
    expect(await seats('cap', { count: 3 })).toBe(
      '**Seats: 3** · admitted 1 · offered 0 · reserved 0 · free 2 · waiting 0',
    );
    const replies = [];
    for (const name of ['ada', 'bo', 'cy', 'di', 'ed']) replies.push(await joinAndOnboard(name));
    expect(replies).toEqual([
      'Thank you! Your profile is complete. Welcome to Small Table.',
      'Thank you! Your profile is complete. Welcome to Small Table.',
      'Thank you! Small Table is full right now: you are number 1 on the waitlist. We will message you as soon as a seat opens.',
      'Thank you! Small Table is full right now: you are number 2 on the waitlist. We will message you as soon as a seat opens.',
      'Thank you! Small Table is full right now: you are number 3 on the waitlist. We will message you as soon as a seat opens.',
    ]);
    await until(() => standIn.rolesOf(a.guild, people.bo!.id).includes(a.memberRole));
    expect(standIn.rolesOf(a.guild, people.ada!.id)).toEqual([a.memberRole]);
    expect(standIn.rolesOf(a.guild, people.cy!.id)).toEqual([]);
    expect(announcements()).toEqual([
      `Please welcome <@${people.ada!.id}>, the newest member of Small Table!`,
      `Please welcome <@${people.bo!.id}>, the newest member of Small Table!`,
    ]);
    expect(await seats('summary')).toBe(
      '**Seats: 3** · admitted 3 · offered 0 · reserved 0 · free 0 · waiting 3',
    );
    const position = standIn.command({
      guild: a.guild,
      user: people.di!.id,
      command: 'waitlist',
      subcommand: 'position',
    });
    expect((await standIn.answer(position)).content).toBe(
      'You are number 2 on the waitlist. We will message you as soon as a seat opens.',
    );
  });

  it('gives a freed seat to the first person waiting, who is told by DM and greeted', async () => {
    standIn.leave(a.guild, people.ada!.id);
    await until(() => standIn.rolesOf(a.guild, people.cy!.id).includes(a.memberRole));
    await until(
      () =>
        lastDm(people.cy!)?.content === 'A seat opened in Small Table and it is yours: welcome in!',
    );
    expect(announcements().at(-1)).toBe(
      `Please welcome <@${people.cy!.id}>, the newest member of Small Table!`,
    );
    expect(await standingOf(db, a.guild, people.di!.id)).toEqual({ state: 'waiting', position: 1 });
  });

  it('passes a seat on when the confirmation window expires, and the skipped person keeps their place', async () => {
    expect(await seats('confirm', { hours: 48 })).toContain(
      'A promoted person has 48 hours to confirm',
    );
    standIn.leave(a.guild, people.bo!.id);
    await until(() =>
      (lastDm(people.di!)?.content ?? '').startsWith(
        'A seat opened in Small Table! It is held for you until <t:',
      ),
    );
    expect(startOf(lastDm(people.di!)!)).toBe(`seat.confirm:${a.guild}`);
    expect(standIn.rolesOf(a.guild, people.di!.id)).toEqual([]);

    clock += 47 * HOUR;
    await bot.hearth.tick();
    expect(await standingOf(db, a.guild, people.di!.id)).toMatchObject({ state: 'invited' });
    clock += 2 * HOUR;
    await bot.hearth.tick();
    await until(
      () =>
        lastDm(people.di!)?.content ===
        'Your seat offer in Small Table expired, so the seat went to the next person. You keep your place: number 1 on the waitlist.',
    );
    await until(() =>
      (lastDm(people.ed!)?.content ?? '').startsWith('A seat opened in Small Table!'),
    );
    // Too late for di: the button now says so.
    const late = standIn.clickInDm({
      user: people.di!.id,
      message: standIn.dmsTo(people.di!.id).at(-2)!,
      customId: `seat.confirm:${a.guild}`,
    });
    expect((await standIn.answer(late)).content).toBe(
      'This seat offer has expired. `/waitlist` shows where you stand.',
    );
    // ed confirms in time, from the DM.
    const confirm = standIn.clickInDm({
      user: people.ed!.id,
      message: lastDm(people.ed!)!,
      customId: `seat.confirm:${a.guild}`,
    });
    expect((await standIn.answer(confirm)).content).toBe(
      'Welcome to Small Table: your seat is confirmed!',
    );
    await until(() => standIn.rolesOf(a.guild, people.ed!.id).includes(a.memberRole));
    expect(await seats('confirm', { hours: 0 })).toBe(
      'Promoted people are admitted at once, with no confirmation.',
    );
  });
});

describe('Discord and the database stay in sync', () => {
  it('reflects a manager removing and granting the member role by hand', async () => {
    const guild = standIn.guilds.get(a.guild)!;
    const edMember = guild.members.get(people.ed!.id)!;
    edMember.roles = edMember.roles.filter((r) => r !== a.memberRole);
    standIn.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...edMember, guild_id: a.guild });
    // The seat is free: di (first in line) is admitted.
    await until(() => standIn.rolesOf(a.guild, people.di!.id).includes(a.memberRole));
    expect(await standingOf(db, a.guild, people.ed!.id)).toEqual({ state: 'removed' });
    // The manager gives the role back by hand: ed is admitted again, above the cap if need be.
    edMember.roles = [...edMember.roles, a.memberRole];
    standIn.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...edMember, guild_id: a.guild });
    await until(async () => (await standingOf(db, a.guild, people.ed!.id)).state === 'admitted');
    expect(await seats('summary')).toBe(
      '**Seats: 3** · admitted 4 · offered 0 · reserved 0 · free 0 · waiting 0',
    );
  });

  it('after a crash between recording an admission and granting the role, grants it at start, and only once', async () => {
    await bot.stop();
    // While Hearth is down: the record exists (as if the process died right after writing it).
    const user = standIn.addMember(a.guild, 'crashed');
    await db
      .updateTable('membership_settings')
      .set({ cap: null })
      .where('guild_id', '=', a.guild)
      .execute();
    await requestAdmission(db, a.guild, user.id, clock);
    bot = await startBot(standIn, { db, now });
    await until(() => standIn.rolesOf(a.guild, user.id).includes(a.memberRole));
    const grants = () =>
      standIn.requests.filter(
        (r) =>
          r.method === 'PUT' &&
          r.path === `/guilds/${a.guild}/members/${user.id}/roles/${a.memberRole}`,
      ).length;
    expect(grants()).toBe(1);
    await restart();
    expect(grants()).toBe(1);
    // Five are admitted now (the seeded member, cy, di, ed and this one): room for more.
    expect(await seats('cap', { count: 9 })).toBe(
      '**Seats: 9** · admitted 5 · offered 0 · reserved 0 · free 4 · waiting 0',
    );
  });

  it('records an admission it cannot grant, tells managers once, and applies it with /seats sync once fixed', async () => {
    standIn.fault({
      method: 'PUT',
      path: new RegExp(`/roles/${a.memberRole}$`),
      status: 403,
      code: 50013,
    });
    const logBefore = standIn.postedIn(a.log).length;
    expect(await joinAndOnboard('fay')).toBe(
      'Thank you! Your profile is complete. Welcome to Small Table.',
    );
    expect(await standingOf(db, a.guild, people.fay!.id)).toMatchObject({ state: 'admitted' });
    expect(standIn.rolesOf(a.guild, people.fay!.id)).toEqual([]);
    await until(() => standIn.postedIn(a.log).length === logBefore + 1);
    expect(standIn.postedIn(a.log).at(-1)!.content).toMatch(
      new RegExp(`^Hearth could not grant or remove <@&${a.memberRole}>`),
    );
    // Said for what it is: a seat's member role, not a questionnaire's answer role.
    expect(standIn.postedIn(a.log).at(-1)!.content).toMatch(
      /\(the member role\) for a member whose seat was given or taken away\..*\/seats sync/,
    );
    expect(standIn.postedIn(a.log).at(-1)!.content).not.toContain('questionnaire');
    // An unrelated update of fay's member (nickname) does not undo the pending admission.
    standIn.dispatch(GatewayDispatchEvents.GuildMemberUpdate, {
      ...standIn.guilds.get(a.guild)!.members.get(people.fay!.id)!,
      nick: 'Fay',
      guild_id: a.guild,
    });
    standIn.clearFaults();
    expect(await seats('sync')).toBe(
      'Discord now matches Hearth: 1 role granted, 0 removed, 0 people promoted.',
    );
    expect(standIn.rolesOf(a.guild, people.fay!.id)).toEqual([a.memberRole]);
    expect(await seats('sync')).toBe(
      'Discord now matches Hearth: 0 roles granted, 0 removed, 0 people promoted.',
    );
  });
});

describe('managers', () => {
  it('lists the waitlist, moves people, admits ahead of the queue and removes seats', async () => {
    await seats('cap', { count: 1 });
    for (const name of ['gus', 'hal', 'ivy']) await joinAndOnboard(name);
    const list = await seats('waitlist');
    expect(list.split('\n')[0]).toBe('**Waitlist (3)**');
    // The date, then how long ago (Discord renders both in the reader's language).
    expect(list).toMatch(
      new RegExp(`^1\\. <@${people.gus!.id}>, waiting since <t:\\d+:D> \\(<t:\\d+:R>\\)$`, 'm'),
    );
    expect(await seats('move', { member: { user: people.ivy!.id }, position: 1 })).toBe(
      `<@${people.ivy!.id}> is now number 1 on the waitlist.`,
    );
    expect(await seats('admit', { member: { user: people.hal!.id } })).toBe(
      'Every seat is taken, reserved ones included. Raise the cap with `/seats cap` first.',
    );
    await seats('cap', { count: 9 });
    // Raising the cap filled the new seats from the queue, in its (moved) order.
    await until(() => standIn.rolesOf(a.guild, people.gus!.id).includes(a.memberRole));
    expect(await seats('remove', { member: { user: people.gus!.id } })).toBe(
      `<@${people.gus!.id}> no longer has a seat; the member role is removed. They stay in the server.`,
    );
    await until(() => !standIn.rolesOf(a.guild, people.gus!.id).includes(a.memberRole));
  });

  it('lists admitted members who have not written for a while', async () => {
    standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
      ...messagePayload({
        id: '999999999999990001',
        channel_id: a.announcements,
        author: people.ivy!,
        content: 'hello',
      }),
      guild_id: a.guild,
    });
    await until(
      async () =>
        (await db
          .selectFrom('member_activity')
          .select('user_id')
          .where('user_id', '=', people.ivy!.id)
          .executeTakeFirst()) !== undefined,
    );
    clock += 3 * 7 * 24 * HOUR;
    const report = await seats('inactive', { weeks: 2 });
    expect(report).toMatch(
      /^\*\*\d+ admitted members without a message in 2 weeks\.\*\* Hearth never removes anyone/,
    );
    expect(report).toContain(`<@${people.ivy!.id}>: last message <t:`);
    expect(report).toContain(`<@${people.hal!.id}>: no message seen`);
    // A member who opted out of being named is counted, not named.
    await standIn.answer(
      standIn.command({
        guild: a.guild,
        user: people.hal!.id,
        command: 'privacy',
        subcommand: 'hide',
        options: { on: true },
      }),
    );
    const again = await seats('inactive', { weeks: 2 });
    expect(again).not.toContain(people.hal!.id);
    expect(again).toContain('… and 1 who asked not to be shown by name (`/privacy`).');
    // The text of the message was never stored.
    expect(
      JSON.stringify(await db.selectFrom('member_activity').selectAll().execute()),
    ).not.toContain('hello');
  });
});

describe('with onboarding off', () => {
  it('admits on join, and queues (with a DM) when full', async () => {
    await seats('cap', { count: 2 }, b.guild, b.owner.id);
    const first = standIn.join(b.guild, 'first');
    const second = standIn.join(b.guild, 'second');
    await until(() => standIn.rolesOf(b.guild, first.id).includes(b.memberRole));
    await until(() => standIn.dmsTo(second.id).length === 1);
    expect(standIn.dmsTo(second.id)[0]!.content).toBe(
      'Other Table is full right now: you are number 1 on the waitlist. We will message you as soon as a seat opens. `/waitlist` shows where you stand.',
    );
  });

  it('never lets another guild’s buttons or commands touch this waitlist', async () => {
    const before = await db
      .selectFrom('memberships')
      .selectAll()
      .where('guild_id', '=', a.guild)
      .execute();
    const replay = standIn.click({
      guild: b.guild,
      user: b.owner.id,
      message: standIn.dmsTo(people.ed!.id).at(-1)!,
      customId: `seat.confirm:${a.guild}`,
    });
    expect((await standIn.answer(replay)).content).toBe(
      'This button or menu no longer works. Run the command again to get a fresh one.',
    );
    expect(await seats('remove', { member: { user: people.hal!.id } }, b.guild, b.owner.id)).toBe(
      'That member has neither a seat nor a place on the waitlist.',
    );
    expect(
      await seats('move', { member: { user: people.ivy!.id }, position: 1 }, b.guild, b.owner.id),
    ).toBe('That member is not on the waitlist.');
    const leave = standIn.command({
      guild: b.guild,
      user: people.ivy!.id,
      command: 'waitlist',
      subcommand: 'leave',
    });
    expect((await standIn.answer(leave)).content).toBe('That member is not on the waitlist.');
    expect(
      await db.selectFrom('memberships').selectAll().where('guild_id', '=', a.guild).execute(),
    ).toEqual(before);
  });
});
