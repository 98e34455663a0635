/**
 * A segment keeps a Discord role in step: a manager links a role (only one they could grant by
 * hand, with no dangerous permission), and members who change their answers gain or lose it
 * exactly once, through the outbox, across a restart between the decision and the request. Hearth
 * takes back only what it gave, and stops granting a role that became dangerous.
 */
import {
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshSegments } from '../../src/features/segments/service.js';
import { startBot, until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

let clock = Date.UTC(2026, 10, 23, 10, 0);
const now = () => clock;

/** The role kept in step (no permissions, low in the list). */
let cooks: string;
/** A role carrying Administrator. */
let admins: string;
/** A role above the manager's own highest role. */
let senior: string;
const people: Record<string, APIUser> = {};
let segmentId: number;

const s = e2eSuite({
  a: { name: 'Kitchen Table' },
  b: { name: 'Other Table' },
  now,
  seed: ({ standIn, a }) => {
    // The manager role may manage roles (as a moderator's would), high in the list but not top.
    standIn.guilds.get(a.guild)!.roles.get(a.managerRole)!.permissions = String(
      PermissionFlagsBits.ManageRoles,
    );
    cooks = standIn.addRole(a.guild, { name: 'Cooks', position: 1 });
    admins = standIn.addRole(a.guild, {
      name: 'Admins',
      position: 1,
      permissions: String(PermissionFlagsBits.Administrator),
    });
    senior = standIn.addRole(a.guild, { name: 'Senior', position: 5 });
  },
});

const startOf = (message: APIMessage) =>
  (message.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components[0]
    ?.custom_id;

async function run(
  command: string,
  options: Parameters<typeof s.standIn.command>[0]['options'],
  subcommand?: string,
  user?: string,
) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: user ?? s.a.owner.id,
    command,
    ...(subcommand === undefined ? {} : { subcommand }),
    ...(options === undefined ? {} : { options }),
  });
  return s.standIn.answer(interaction);
}

async function joinAndAnswer(name: string, level: string) {
  const user = s.standIn.join(s.a.guild, name);
  people[name] = user;
  await until(() => s.standIn.postedIn(s.a.welcome).some((m) => m.content.includes(user.id)));
  const welcome = s.standIn.postedIn(s.a.welcome).find((m) => m.content.includes(user.id))!;
  const opened = s.standIn.click({
    guild: s.a.guild,
    user: user.id,
    message: welcome,
    customId: startOf(welcome)!,
  });
  const done = await s.standIn.fillModal({
    guild: s.a.guild,
    user: user.id,
    opened,
    answers: { 'How experienced are you?': level },
  });
  expect((await s.standIn.answer(done)).content).toMatch(/^Thank you!/);
}

/** A member edits their answer with /profile. */
async function changeAnswer(name: string, level: string) {
  clock += 60_000;
  const user = people[name]!;
  const profile = s.standIn.command({ guild: s.a.guild, user: user.id, command: 'profile' });
  await s.standIn.answer(profile);
  const edit = s.standIn.click({
    guild: s.a.guild,
    user: user.id,
    message: profile.messages[0]!,
    customId: startOf(profile.messages[0]!)!,
  });
  const saved = await s.standIn.answer(
    await s.standIn.fillModal({
      guild: s.a.guild,
      user: user.id,
      opened: edit,
      answers: { 'How experienced are you?': level },
    }),
  );
  expect(saved.content).toMatch(/^Your profile is updated/);
}

/** The role requests Hearth made for one member, as Discord received them. */
const roleRequests = (name: string, method: 'PUT' | 'DELETE') =>
  s.standIn.requests.filter(
    (r) =>
      r.method === method &&
      r.path === `/guilds/${s.a.guild}/members/${people[name]!.id}/roles/${cooks}`,
  );

const grantedTo = async () =>
  (
    await s.db
      .selectFrom('segment_role_grants')
      .select('user_id')
      .where('guild_id', '=', s.a.guild)
      .orderBy('user_id')
      .execute()
  ).map((r) => Object.keys(people).find((n) => people[n]!.id === r.user_id));

async function recount() {
  clock += 60_000;
  await s.bot.hearth.tick();
  await s.bot.hearth.drainOutbox();
}

beforeAll(async () => {
  await s.setup(s.a, {
    welcome_channel: { channel: s.a.welcome },
    log_channel: { channel: s.a.log },
    manager_role: { role: s.a.managerRole },
  });
  const opened = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'onboarding',
    subcommand: 'add',
    options: { kind: 'single' },
  });
  const added = await s.standIn.fillModal({
    guild: s.a.guild,
    user: s.a.owner.id,
    opened,
    answers: {
      'Question (up to 45 characters)': 'How experienced are you?',
      'Choices, one per line (2 to 25)': 'Beginner\nExpert',
    },
  });
  expect((await s.standIn.answer(added)).content).toMatch(/^Added question 1\./);
  await run('onboarding', { enabled: true }, 'settings');
  await joinAndAnswer('ada', 'Beginner');
  await joinAndAnswer('bo', 'Expert');
  await joinAndAnswer('cy', 'Beginner');
  await joinAndAnswer('di', 'Expert');
  // cy got the role from someone else, before any link.
  const member = s.standIn.guilds.get(s.a.guild)!.members.get(people.cy!.id)!;
  member.roles = [...member.roles, cooks];
  s.standIn.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...member, guild_id: s.a.guild });
  await until(
    async () =>
      (await s.db
        .selectFrom('member_roles')
        .select('role_id')
        .where('user_id', '=', people.cy!.id)
        .where('role_id', '=', cooks)
        .executeTakeFirst()) !== undefined,
  );
  expect((await run('segment', { name: 'Beginners' }, 'create')).content).toMatch(/Beginners/);
  segmentId = (
    await s.db
      .selectFrom('segments')
      .select('id')
      .where('guild_id', '=', s.a.guild)
      .executeTakeFirstOrThrow()
  ).id;
  const ac = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'segment',
    subcommand: 'rule-answer',
    options: { segment: segmentId, question: 1, choice: 'Beg' },
    focused: 'choice',
  });
  const [beginner] = ((await s.standIn.callback(ac)).data?.choices ?? []) as { value: string }[];
  await run('segment', { segment: segmentId, question: 1, choice: beginner!.value }, 'rule-answer');
});

const linked = async () =>
  (
    await s.db
      .selectFrom('segments')
      .select('role_id')
      .where('id', '=', segmentId)
      .executeTakeFirstOrThrow()
  ).role_id;

describe('a segment keeps a role in step', () => {
  it('refuses a manager a role with Administrator, or above their own highest role: nothing stored', async () => {
    const dangerous = await run(
      'segment',
      { segment: segmentId, role: { role: admins } },
      'role',
      s.a.manager.id,
    );
    expect(dangerous.content).toMatch(/carries Administrator/);
    const above = await run(
      'segment',
      { segment: segmentId, role: { role: senior } },
      'role',
      s.a.manager.id,
    );
    expect(above.content).toMatch(/is not below your own highest role/);
    expect(await linked()).toBeNull();
    expect(await grantedTo()).toEqual([]);
    expect(
      await s.db.selectFrom('outbox').select('id').where('kind', '=', 'segments.role').execute(),
    ).toEqual([]);
  });

  it('grants the linked role to the members Hearth gives it to, once, and shows it', async () => {
    const reply = await run(
      'segment',
      { segment: segmentId, role: { role: cooks } },
      'role',
      s.a.manager.id,
    );
    expect(reply.content).toMatch(/^Members of \*\*Beginners\*\* now get <@&\d+>/);
    expect(reply.content).toContain(`Role kept in step: <@&${cooks}>`);
    await recount();
    expect(roleRequests('ada', 'PUT')).toHaveLength(1);
    // cy held it already (from someone else): Hearth neither gives it again nor owns it.
    expect(roleRequests('cy', 'PUT')).toHaveLength(0);
    expect(await grantedTo()).toEqual(['ada']);
    expect(s.standIn.rolesOf(s.a.guild, people.ada!.id)).toContain(cooks);
  });

  it('takes the role back exactly once when a member changes their answer, across a restart', async () => {
    await changeAnswer('ada', 'Expert');
    // Hearth stops after the recount committed its outbox rows, before it sent anything.
    await s.bot.stop();
    await refreshSegments(s.db, s.a.guild, clock);
    const rows = await s.db
      .selectFrom('outbox')
      .select(['state', 'payload'])
      .where('kind', '=', 'segments.role')
      .execute();
    expect(rows.filter((r) => r.payload.includes('"add":false'))).toHaveLength(1);
    expect(roleRequests('ada', 'DELETE')).toHaveLength(0);
    s.bot = await startBot(s.standIn, { db: s.db, now });
    await recount();
    await recount();
    expect(roleRequests('ada', 'DELETE')).toHaveLength(1);
    expect(roleRequests('ada', 'PUT')).toHaveLength(1);
    expect(s.standIn.rolesOf(s.a.guild, people.ada!.id)).not.toContain(cooks);
    expect(await grantedTo()).toEqual([]);
  });

  it('gives it to a member who joins the segment, and never takes it from one who had it from elsewhere', async () => {
    await changeAnswer('bo', 'Beginner');
    await changeAnswer('cy', 'Expert');
    await recount();
    await recount();
    expect(roleRequests('bo', 'PUT')).toHaveLength(1);
    expect(roleRequests('cy', 'DELETE')).toHaveLength(0);
    expect(s.standIn.rolesOf(s.a.guild, people.cy!.id)).toContain(cooks);
    expect(await grantedTo()).toEqual(['bo']);
  });

  it('stops granting a role that gained Administrator after it was linked, and tells managers once', async () => {
    const role = s.standIn.guilds.get(s.a.guild)!.roles.get(cooks)!;
    role.permissions = String(PermissionFlagsBits.Administrator);
    s.standIn.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: s.a.guild, role });
    await until(
      () =>
        s.bot.hearth.client.guilds.cache.get(s.a.guild)?.roles.cache.get(cooks)?.permissions
          .bitfield === PermissionFlagsBits.Administrator,
    );
    const before = s.standIn.requests.filter(
      (r) => r.method === 'PUT' && r.path.endsWith(`/roles/${cooks}`),
    ).length;
    await changeAnswer('ada', 'Beginner');
    await recount();
    await changeAnswer('di', 'Beginner');
    await recount();
    expect(
      s.standIn.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/roles/${cooks}`))
        .length,
    ).toBe(before);
    expect(s.standIn.rolesOf(s.a.guild, people.ada!.id)).not.toContain(cooks);
    expect(await grantedTo()).toEqual(['bo']);
    const notices = s.standIn
      .postedIn(s.a.log)
      .filter((m) => m.content.includes('Hearth did not grant'));
    expect(notices).toHaveLength(1);
    const shown = await run('segment', { segment: segmentId }, 'show');
    expect(shown.content).toMatch(/⚠️ .*Administrator/);
    const status = await run('hearth', undefined, 'status');
    expect(JSON.stringify(status.embeds)).toContain(`<@&${cooks}>`);
  });
});
