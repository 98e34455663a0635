/**
 * Attacks on Hearth's Manage Roles: a manager-role holder (no Manage Roles, no Administrator)
 * tries to have Hearth grant what they could not grant by hand, through every setting that makes
 * Hearth grant a role; a role that turns dangerous after it was configured; autocomplete as a
 * non-manager. Asserts on the roles Discord (the stand-in) ends up holding, and on what is stored.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIMessage,
  type APIRole,
} from 'discord-api-types/v10';
import { getGuild } from '../../src/core/guilds.js';
import { DANGEROUS_PERMISSIONS } from '../../src/core/authority.js';
import { type CommandInvocation } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';
let admins: string;
let veterans: string;
let newbies: string;
let helpers: string;
let helper: string;

async function run(invocation: Omit<CommandInvocation, 'guild'> & { guild?: string }) {
  const interaction = s.standIn.command({ guild: s.a.guild, ...invocation });
  return (await s.standIn.answer(interaction)).content as string;
}
const roleGrants = (guild: string, role: string) =>
  s.standIn.requests.filter(
    (r) =>
      r.method === 'PUT' &&
      r.path.startsWith(`/guilds/${guild}/members/`) &&
      r.path.endsWith(`/roles/${role}`),
  );

/** Changes a role on Discord and waits until Hearth's cache shows it. */
async function updateRole(guild: string, roleId: string, change: Partial<APIRole>) {
  const role = s.standIn.guilds.get(guild)!.roles.get(roleId)!;
  Object.assign(role, change);
  s.standIn.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guild, role });
  await until(
    () =>
      s.bot.hearth.client.guilds.cache.get(guild)?.roles.cache.get(roleId)?.permissions.bitfield ===
      BigInt(role.permissions),
  );
}

const s = e2eSuite({
  a: { name: 'Trust Club' },
  seed: ({ standIn, a }) => {
    admins = standIn.addRole(a.guild, {
      name: 'Admins',
      position: 6,
      permissions: String(PermissionFlagsBits.Administrator),
    });
    veterans = standIn.addRole(a.guild, { name: 'Veterans', position: 5 });
    helpers = standIn.addRole(a.guild, {
      name: 'Helpers',
      position: 4,
      permissions: String(PermissionFlagsBits.ManageRoles),
    });
    newbies = standIn.addRole(a.guild, { name: 'Newbies', position: 1 });
    helper = standIn.addMember(a.guild, 'helper', [a.managerRole, helpers]).id;
  },
});
beforeAll(async () => {
  await s.setup(s.a, {
    manager_role: { role: s.a.managerRole },
    member_role: { role: s.a.memberRole },
    welcome_channel: { channel: s.a.welcome },
    announcements_channel: { channel: s.a.announcements },
    log_channel: { channel: s.a.log },
  });
  // A questionnaire with one choice question, built by the owner.
  const add = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'onboarding',
    subcommand: 'add',
    options: { kind: 'single' },
  });
  await s.standIn.answer(
    await s.standIn.fillModal({
      guild: s.a.guild,
      user: s.a.owner.id,
      opened: add,
      answers: {
        'Question (up to 45 characters)': 'What brings you here?',
        'Choices, one per line (2 to 25)': 'Learning\nBuilding',
      },
    }),
  );
  await run({
    user: s.a.owner.id,
    command: 'onboarding',
    subcommand: 'settings',
    options: { enabled: true },
  });
});

async function questionId(): Promise<number> {
  return (await s.db.selectFrom('questions').select('id').executeTakeFirstOrThrow()).id;
}
async function choiceKey(label: string): Promise<string> {
  const row = await s.db
    .selectFrom('question_revisions')
    .select('definition')
    .orderBy('revision', 'desc')
    .executeTakeFirstOrThrow();
  const choices = (JSON.parse(row.definition) as { choices: { key: string; label: string }[] })
    .choices;
  return choices.find((c) => c.label === label)!.key;
}

/** Someone joins and answers the questionnaire, picking `choice`. */
async function joinAndPick(name: string, choice: string): Promise<string> {
  const user = s.standIn.join(s.a.guild, name);
  await until(() => s.standIn.postedIn(s.a.welcome).some((m) => m.content.includes(user.id)));
  const welcome = s.standIn.postedIn(s.a.welcome).find((m) => m.content.includes(user.id))!;
  const startId = (welcome.components?.[0] as { components: { custom_id: string }[] })
    .components[0]!.custom_id;
  const opened = s.standIn.click({
    guild: s.a.guild,
    user: user.id,
    message: welcome,
    customId: startId,
  });
  const done = await s.standIn.fillModal({
    guild: s.a.guild,
    user: user.id,
    opened,
    answers: { 'What brings you here?': choice },
  });
  await s.standIn.answer(done);
  await until(() => s.standIn.rolesOf(s.a.guild, user.id).includes(s.a.memberRole));
  return user.id;
}

describe('a manager-role holder without Manage Roles', () => {
  it('cannot make Administrator the member role and then admit themselves', async () => {
    const before = await getGuild(s.db, s.a.guild);
    const refused = await run({
      user: s.a.manager.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { member_role: { role: admins } },
    });
    expect(refused).toBe(
      `<@&${admins}> carries Administrator. Hearth never hands out roles with these permissions automatically: everyone it admits would get them. Remove those permissions from the role (Server Settings > Roles) or pick another role. Nothing was changed.`,
    );
    // A harmless role they could not grant by hand either.
    expect(
      await run({
        user: s.a.manager.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { member_role: { role: veterans } },
      }),
    ).toBe(
      `Hearth would grant <@&${veterans}> to members on your behalf, so it asks what Discord asks when you grant a role by hand: you need the Manage Roles permission. Nothing was changed.`,
    );
    expect(await getGuild(s.db, s.a.guild)).toEqual(before);
    // Admitting themselves grants the member role the owner chose, and nothing else.
    await run({
      user: s.a.manager.id,
      command: 'seats',
      subcommand: 'admit',
      options: { member: { user: s.a.manager.id } },
    });
    await until(() => s.standIn.rolesOf(s.a.guild, s.a.manager.id).includes(s.a.memberRole));
    expect(s.standIn.rolesOf(s.a.guild, s.a.manager.id)).toEqual(
      [s.a.managerRole, s.a.memberRole].sort(),
    );
    expect(roleGrants(s.a.guild, admins)).toEqual([]);
  });

  it('cannot hand the manager role to another role (a friend’s), while the owner can', async () => {
    const before = await getGuild(s.db, s.a.guild);
    for (const role of [veterans, s.a.memberRole])
      expect(
        await run({
          user: s.a.manager.id,
          command: 'hearth',
          subcommand: 'setup',
          options: { manager_role: { role } },
        }),
      ).toBe(
        'Only someone with the Manage Server permission can choose the manager role: it decides who runs Hearth here. Nothing was changed.',
      );
    expect(await getGuild(s.db, s.a.guild)).toEqual(before);
    // The owner (Manage Server through Staff) can, and back again.
    for (const role of [veterans, s.a.managerRole]) {
      await run({
        user: s.a.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { manager_role: { role } },
      });
      expect((await getGuild(s.db, s.a.guild))?.managerRoleId).toBe(role);
    }
  });

  it('cannot map a questionnaire choice to Administrator for a friend to pick', async () => {
    const question = await questionId();
    const refused = await run({
      user: s.a.manager.id,
      command: 'onboarding',
      subcommand: 'map',
      options: { question, choice: await choiceKey('Building'), role: { role: admins } },
    });
    expect(refused).toContain(`<@&${admins}> carries Administrator.`);
    expect(await s.db.selectFrom('choice_roles').selectAll().execute()).toEqual([]);
    const friend = await joinAndPick('friend', 'Building');
    expect(s.standIn.rolesOf(s.a.guild, friend)).toEqual([s.a.memberRole]);
    expect(roleGrants(s.a.guild, admins)).toEqual([]);
  });

  it('a manager with Manage Roles maps only roles below their own highest role', async () => {
    const question = await questionId();
    expect(
      await run({
        user: helper,
        command: 'onboarding',
        subcommand: 'map',
        options: { question, choice: await choiceKey('Learning'), role: { role: veterans } },
      }),
    ).toBe(
      `<@&${veterans}> is not below your own highest role, so Discord would not let you grant it by hand, and Hearth will not grant it for you. Ask someone higher in the role list to set it. Nothing was changed.`,
    );
    expect(
      await run({
        user: helper,
        command: 'onboarding',
        subcommand: 'map',
        options: { question, choice: await choiceKey('Learning'), role: { role: newbies } },
      }),
    ).toMatch(/^Members who choose “Learning” will get <@&\d+>\./);
    expect(await s.db.selectFrom('choice_roles').select('role_id').execute()).toEqual([
      { role_id: newbies },
    ]);
  });

  it('gets nothing from autocomplete: no poll titles, no questions', async () => {
    await run({
      user: s.a.owner.id,
      command: 'poll',
      subcommand: 'create',
      options: {
        channel: { channel: s.a.announcements },
        question: 'Secret roadmap item?',
        kind: 'rating',
      },
    });
    const suggest = async (user: string, command: string, subcommand: string, option: string) =>
      (
        await s.standIn.callback(
          s.standIn.command({
            guild: s.a.guild,
            user,
            command,
            subcommand,
            options: { [option]: '' },
            focused: option,
          }),
        )
      ).data?.choices as unknown[];
    expect(await suggest(s.a.member.id, 'poll', 'close', 'poll')).toEqual([]);
    expect(await suggest(s.a.member.id, 'onboarding', 'map', 'question')).toEqual([]);
    expect(await suggest(s.a.member.id, 'hearth', 'setup', 'timezone')).toEqual([]);
    // Managers still get them.
    expect(JSON.stringify(await suggest(s.a.manager.id, 'poll', 'close', 'poll'))).toContain(
      'Secret roadmap item?',
    );
    expect(
      JSON.stringify(await suggest(s.a.manager.id, 'onboarding', 'map', 'question')),
    ).toContain('What brings you here?');
  });
});

describe('autocomplete of every option of every command, as a member', () => {
  it('offers nothing where the member could not run the subcommand (an open command included)', async () => {
    // Something to leak: a segment (its name and live count) beside the questionnaire and poll.
    await run({
      user: s.a.owner.id,
      command: 'segment',
      subcommand: 'create',
      options: { name: 'Quiet leavers' },
    });
    const { features } = await import('../../src/features/index.js');
    type Opt = { name: string; type: number; autocomplete?: boolean; options?: Opt[] };
    const asked: string[] = [];
    const offered: string[] = [];
    for (const { command } of features.flatMap((f) => f.commands)) {
      const top = (command.data.options ?? []) as Opt[];
      const scopes: [string | undefined, Opt[]][] = top.some((o) => o.type === 1)
        ? top.filter((o) => o.type === 1).map((o) => [o.name, o.options ?? []])
        : [[undefined, top]];
      for (const [subcommand, options] of scopes)
        for (const option of options.filter((o) => o.autocomplete === true)) {
          for (const user of [s.a.member.id, s.a.manager.id]) {
            const callback = await s.standIn.callback(
              s.standIn.command({
                guild: s.a.guild,
                user,
                command: command.data.name,
                ...(subcommand === undefined ? {} : { subcommand }),
                options: { [option.name]: '' },
                focused: option.name,
              }),
            );
            const choices = (callback.data?.choices ?? []) as unknown[];
            const where = `/${command.data.name} ${subcommand ?? ''} ${option.name}`;
            if (user === s.a.member.id) {
              asked.push(where);
              if (choices.length > 0) offered.push(`${where}: ${JSON.stringify(choices)}`);
            } else if (where === `/intros setup share`) {
              // Managers still get them, here as everywhere.
              expect(JSON.stringify(choices)).toContain('What brings you here?');
            }
          }
        }
    }
    // Every manager-only subcommand with autocomplete was asked (intros setup is one of them).
    expect(asked).toContain('/intros setup segment');
    expect(asked.length).toBeGreaterThan(20);
    expect(offered).toEqual([]);
  });
});

describe('a configured role that becomes dangerous later', () => {
  it('is flagged by /hearth status and not granted until it is fixed', async () => {
    const status = async () =>
      JSON.stringify(
        await s.standIn.answer(
          s.standIn.command({
            guild: s.a.guild,
            user: s.a.owner.id,
            command: 'hearth',
            subcommand: 'status',
          }),
        ),
      );
    expect(await status()).not.toContain('never grants automatically');
    await updateRole(s.a.guild, newbies, {
      permissions: String(PermissionFlagsBits.ManageMessages | PermissionFlagsBits.KickMembers),
    });
    expect(await status()).toContain(
      `<@&${newbies}> carries Kick Members, Manage Messages, which Hearth never grants automatically`,
    );
    const first = await joinAndPick('learner1', 'Learning');
    const second = await joinAndPick('learner2', 'Learning');
    for (const user of [first, second])
      expect(s.standIn.rolesOf(s.a.guild, user)).toEqual([s.a.memberRole]);
    expect(roleGrants(s.a.guild, newbies)).toEqual([]);
    // One notice for managers, not one per member.
    const notices = s.standIn
      .postedIn(s.a.log)
      .filter((m: APIMessage) => m.content.startsWith(`Hearth did not grant <@&${newbies}>`));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.content).toContain('Kick Members, Manage Messages');

    // The member role itself turns dangerous: nobody is admitted with it.
    await updateRole(s.a.guild, s.a.memberRole, {
      permissions: String(PermissionFlagsBits.MentionEveryone),
    });
    expect(await status()).toContain(`<@&${s.a.memberRole}> carries Mention @everyone`);
    const user = s.standIn.join(s.a.guild, 'learner3');
    await until(() => s.standIn.postedIn(s.a.welcome).some((m) => m.content.includes(user.id)));
    await run({
      user: s.a.owner.id,
      command: 'seats',
      subcommand: 'admit',
      options: { member: { user: user.id } },
    });
    await until(() =>
      s.standIn
        .postedIn(s.a.log)
        .some((m) => m.content.startsWith(`Hearth did not grant <@&${s.a.memberRole}>`)),
    );
    expect(s.standIn.rolesOf(s.a.guild, user.id)).toEqual([]);

    // Fixed: granted again.
    await updateRole(s.a.guild, s.a.memberRole, { permissions: '0' });
    await updateRole(s.a.guild, newbies, { permissions: '0' });
    expect(await status()).not.toContain('never grants automatically');
    const third = await joinAndPick('learner4', 'Learning');
    await until(() => s.standIn.rolesOf(s.a.guild, third).includes(newbies));
  });
});

describe('random role hierarchies, end to end', () => {
  it('300 random servers: a manager-role holder never obtains a role they could not grant by hand, nor a dangerous one', async () => {
    const pool = [
      ...DANGEROUS_PERMISSIONS.map((name) => PermissionFlagsBits[name]),
      PermissionFlagsBits.ViewChannel,
      PermissionFlagsBits.ManageNicknames,
      PermissionFlagsBits.ManageEvents,
    ];
    const dangerousBits = DANGEROUS_PERMISSIONS.reduce((x, n) => x | PermissionFlagsBits[n], 0n);
    const bits = fc.oneof(
      fc.constant(0n),
      fc.constant(PermissionFlagsBits.ManageRoles),
      fc.constant(PermissionFlagsBits.ManageRoles),
      fc
        .array(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 })
        .map((xs) => xs.reduce((x, b) => x | b, 0n)),
    );
    let attempts = 0;
    let forbidden = 0;
    let escalations = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ position: fc.integer({ min: 1, max: 9 }), bits }), {
          minLength: 2,
          maxLength: 6,
        }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.nat(),
        async (roles, holds, pick) => {
          const guild = s.standIn.addGuild({ name: `random ${attempts}` });
          const owner = s.standIn.addMember(guild, 'owner');
          s.standIn.guilds.get(guild)!.ownerId = owner.id;
          const manager = s.standIn.addRole(guild, { name: 'Managers', position: 1 });
          const ids = roles.map((r, i) =>
            s.standIn.addRole(guild, {
              name: `r${i}`,
              position: r.position,
              permissions: String(r.bits),
            }),
          );
          const attacker = s.standIn.addMember(guild, 'attacker', [
            manager,
            ...ids.filter((_, i) => holds[i] === true),
          ]).id;
          const target = ids[pick % ids.length]!;
          s.standIn.dispatch(
            GatewayDispatchEvents.GuildCreate,
            s.standIn.guildCreatePayload(guild),
          );
          await until(() => s.bot.hearth.client.guilds.cache.has(guild));
          await run({
            guild,
            user: owner.id,
            command: 'hearth',
            subcommand: 'setup',
            options: { manager_role: { role: manager } },
          });
          attempts += 1;
          const said = await run({
            guild,
            user: attacker,
            command: 'hearth',
            subcommand: 'setup',
            options: { member_role: { role: target } },
          });
          await run({
            guild,
            user: attacker,
            command: 'seats',
            subcommand: 'admit',
            options: { member: { user: attacker } },
          });
          const safe =
            (BigInt(s.standIn.guilds.get(guild)!.roles.get(target)!.permissions) &
              dangerousBits) ===
            0n;
          const allowed = s.standIn.canGrantByHand(guild, attacker, target) && safe;
          if (!allowed) forbidden += 1;
          const stored = (await getGuild(s.db, guild))!.memberRoleId;
          if (!allowed && (stored === target || roleGrants(guild, target).length > 0))
            escalations += 1;
          if (allowed) {
            expect(stored, said).toBe(target);
            await until(() => s.standIn.rolesOf(guild, attacker).includes(target));
          }
        },
      ),
      { numRuns: 300 },
    );
    console.log(
      `authority e2e: ${attempts} random servers, ${forbidden} forbidden grants attempted: ${escalations} escalations`,
    );
    expect(forbidden).toBeGreaterThan(100);
    expect(escalations).toBe(0);
  }, 120_000);
});
