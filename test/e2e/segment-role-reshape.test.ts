/**
 * Attacker's test for a segment linked to a role: the segment's rules decide who Hearth gives the
 * role to, so a manager who could not link the role (it sits above their highest role) must not be
 * able to reshape a segment someone higher linked to it, and so get the role for themselves.
 */
import {
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

let clock = Date.UTC(2026, 10, 23, 10, 0);
const now = () => clock;

/** The role kept in step (no permissions, low in the list). */
let cooks: string;
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

const rules = async () =>
  (
    await s.db
      .selectFrom('segments')
      .select('rules')
      .where('id', '=', segmentId)
      .executeTakeFirstOrThrow()
  ).rules;

describe('a segment linked to a role above the manager', () => {
  it('refuses every change of its rules by that manager, and grants them nothing', async () => {
    expect(
      (await run('segment', { segment: segmentId, role: { role: senior } }, 'role', s.a.manager.id))
        .content,
    ).toMatch(/is not below your own highest role/);
    expect(await linked()).toBeNull();
    // The owner, who may grant Senior, links it.
    await run('segment', { segment: segmentId, role: { role: senior } }, 'role');
    expect(await linked()).toBe(senior);
    const rulesBefore = await rules();

    const refused = [
      await run('segment', { segment: segmentId, rule: 1 }, 'rule-remove', s.a.manager.id),
      await run(
        'segment',
        { segment: segmentId, role: { role: s.a.managerRole } },
        'rule-role',
        s.a.manager.id,
      ),
      await run('segment', { segment: segmentId, match: 'any' }, 'edit', s.a.manager.id),
    ];
    for (const reply of refused)
      expect(reply.content).toMatch(/is not below your own highest role/);
    expect(await rules()).toEqual(rulesBefore);

    await recount();
    await recount();
    const grants = await s.db
      .selectFrom('segment_role_grants')
      .select('user_id')
      .where('guild_id', '=', s.a.guild)
      .execute();
    expect(grants.map((g) => g.user_id)).not.toContain(s.a.manager.id);
    expect(
      s.standIn.requests.filter(
        (r) => r.method === 'PUT' && r.path.includes(`/members/${s.a.manager.id}/roles/`),
      ),
    ).toEqual([]);
    // Renaming decides nothing about who gets the role: still allowed.
    expect(
      (await run('segment', { segment: segmentId, name: 'New cooks' }, 'edit', s.a.manager.id))
        .content,
    ).toMatch(/New cooks/);
  });

  it('lets the owner, who could grant it by hand, reshape it', async () => {
    const before = await rules();
    const reply = await run(
      'segment',
      { segment: segmentId, role: { role: s.a.managerRole } },
      'rule-role',
    );
    expect(reply.content).not.toMatch(/is not below/);
    expect(await rules()).not.toEqual(before);
  });
});
