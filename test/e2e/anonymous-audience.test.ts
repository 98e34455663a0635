/**
 * A manager who wants to know who answered an anonymous poll, through the real client: in a
 * server of 4 people (and two bots, Hearth and another), every audience kind is refused; and in a
 * larger server, a role audience emptied while the poll runs takes no vote once a voter would be
 * one of fewer than 5, and its results stay withheld.
 */
import { GatewayDispatchEvents, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { until } from '../helpers/bot.js';
import { e2eSuite, type Community } from '../helpers/suite.js';
import type { OptionValue } from '../stand-in/server.js';
import { rosterCount } from '../../src/features/segments/service.js';

let crew: string;
const crewMates: APIUser[] = [];
const s = e2eSuite({
  a: { name: 'Tiny Table' },
  b: { name: 'Crew House' },
  seed: ({ standIn, a, b }) => {
    // Tiny Table: owner, manager, member and one more person; and a bot that is not Hearth.
    standIn.addMember(a.guild, 'dora', [a.memberRole]);
    standIn.addMember(a.guild, 'helper-bot', [a.memberRole]).bot = true;
    // Crew House: six people hold Crew.
    crew = standIn.addRole(b.guild, { name: 'Crew', position: 1 });
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'])
      crewMates.push(standIn.addMember(b.guild, name, [crew]));
  },
  setup: (c) => ({ manager_role: { role: c.managerRole } }),
});

const run = async (c: Community, user: string, invocation: Record<string, unknown>) =>
  String(
    (
      await s.standIn.answer(
        s.standIn.command({
          guild: c.guild,
          user,
          ...(invocation as { command: string; subcommand: string }),
        }),
      )
    ).content,
  );
const pollCount = async () => (await s.db.selectFrom('polls').select('id').execute()).length;
const refusedFor = (count: number) =>
  `An anonymous poll needs an audience of at least 5 people, and this one has ${count}: with so few, the results could never be shown and taking part would point at individuals. Aim it at a larger role or segment, or make it a named poll. Nothing was created.`;

describe('a manager in a server of 4 people', () => {
  const create = (options: Record<string, OptionValue>) =>
    run(s.a, s.a.manager.id, {
      command: 'poll',
      subcommand: 'create',
      options: {
        channel: { channel: s.a.announcements },
        question: 'Secret?',
        kind: 'single',
        options: 'Yes;No',
        anonymous: true,
        ...options,
      },
    });

  it('is refused an anonymous poll for every kind of audience, and a named one is fine', async () => {
    const before = await pollCount();
    // Everyone, no member role: the 4 people (never Hearth, never the other bot).
    expect(await create({})).toBe(refusedFor(4));
    // A role all four hold… the manager gives it to everyone they can.
    const all = s.standIn.addRole(s.a.guild, { name: 'All of us', position: 1 });
    for (const m of s.standIn.guilds.get(s.a.guild)!.members.values()) {
      if (m.user.bot === true) continue;
      m.roles = [...m.roles, all];
      s.standIn.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...m, guild_id: s.a.guild });
    }
    await until(async () => (await rosterCount(s.db, s.a.guild, [all])) === 4);
    // (The other bot holds the member role: a bot never counts.)
    expect(await create({ audience: { role: all } })).toBe(refusedFor(4));
    // A segment of everyone.
    expect(
      await run(s.a, s.a.manager.id, {
        command: 'segment',
        subcommand: 'create',
        options: { name: 'Everyone here' },
      }),
    ).toMatch(/Everyone here/);
    const segment = (
      await s.db
        .selectFrom('segments')
        .select('id')
        .where('guild_id', '=', s.a.guild)
        .executeTakeFirstOrThrow()
    ).id;
    expect(await create({ segment })).toBe(refusedFor(4));
    // A template, through the same check.
    expect(
      await run(s.a, s.a.manager.id, {
        command: 'poll',
        subcommand: 'template',
        options: {
          channel: { channel: s.a.announcements },
          template: 'product',
          topic: 'the app',
          anonymous: true,
        },
      }),
    ).toBe(refusedFor(4));
    // Everyone, once a member role is set: its holders (member and dora; not the bot).
    await s.setup(s.a, { member_role: { role: s.a.memberRole } });
    expect(await create({})).toBe(refusedFor(2));
    expect(await pollCount()).toBe(before);
    // Named, nobody was promised anything.
    expect(await create({ anonymous: false })).toMatch(/^Poll #\d+/);
    expect(await pollCount()).toBe(before + 1);
  });
});

describe('a role audience emptied while the poll runs', () => {
  it('takes no vote once fewer than 5 hold the role, keeps results withheld, and resumes at 5', async () => {
    const answer = await run(s.b, s.b.owner.id, {
      command: 'poll',
      subcommand: 'create',
      options: {
        channel: { channel: s.b.announcements },
        question: 'Secret?',
        kind: 'single',
        options: 'Yes;No',
        anonymous: true,
        audience: { role: crew },
      },
    });
    expect(answer).toMatch(/^Poll #\d+/);
    const pollId = Number(/#(\d+)/.exec(answer)![1]);
    const message: APIMessage = s.standIn.postedIn(s.b.announcements).at(-1)!;
    const button = (message.components?.[0] as { components: { custom_id: string }[] })
      .components[0]!.custom_id;
    const vote = async (user: APIUser) =>
      String(
        (
          await s.standIn.answer(
            s.standIn.click({ guild: s.b.guild, user: user.id, message, customId: button }),
          )
        ).content,
      );
    const setCrew = async (user: APIUser, holds: boolean) => {
      const m = s.standIn.guilds.get(s.b.guild)!.members.get(user.id)!;
      m.roles = holds ? [...m.roles, crew] : m.roles.filter((r) => r !== crew);
      s.standIn.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...m, guild_id: s.b.guild });
      await until(
        async () =>
          (
            await s.db
              .selectFrom('member_roles')
              .select('role_id')
              .where('guild_id', '=', s.b.guild)
              .where('user_id', '=', user.id)
              .where('role_id', '=', crew)
              .execute()
          ).length === (holds ? 1 : 0),
      );
    };
    const refused =
      'Fewer than 5 people now hold <@&' +
      crew +
      '>, too few for this anonymous poll to keep votes anonymous, so it takes no votes until there are more of them again.';
    const withheld = async () =>
      run(s.b, s.b.owner.id, { command: 'poll', subcommand: 'results', options: { poll: pollId } });
    const [ann, ben, cat, dan, eve, fay] = crewMates as [
      APIUser,
      APIUser,
      APIUser,
      APIUser,
      APIUser,
      APIUser,
    ];
    expect(await vote(ann)).toMatch(/^Your vote is saved\./);
    await setCrew(fay, false);
    expect(await vote(ben)).toMatch(/^Your vote is saved\./);
    // The manager takes the role from one more: 4 holders. Each would-be voter is refused.
    await setCrew(eve, false);
    for (const voter of [cat, dan, ann]) expect(await vote(voter)).toBe(refused);
    expect(await withheld()).toContain('Results appear once 5 people have answered.');
    // Someone leaves the server too: still refused.
    s.standIn.leave(s.b.guild, dan.id);
    await until(async () => (await rosterCount(s.db, s.b.guild, [crew])) === 3);
    expect(await vote(cat)).toBe(refused);
    // In Italian, the same refusal.
    const it = await s.standIn.answer(
      s.standIn.click({ guild: s.b.guild, user: cat.id, message, customId: button, locale: 'it' }),
    );
    expect(String(it.content)).toBe(
      `Ora meno di 5 persone hanno <@&${crew}>, troppo poche perché questo sondaggio anonimo mantenga l’anonimato dei voti: non accetta voti finché non tornano a essere di più.`,
    );
    const stored = await s.db
      .selectFrom('polls')
      .select('voters')
      .where('id', '=', pollId)
      .executeTakeFirstOrThrow();
    expect(stored.voters).toBe(2);
    // Two get the role back: 5 holders, the poll takes votes again.
    await setCrew(eve, true);
    await setCrew(fay, true);
    expect(await vote(cat)).toMatch(/^Your vote is saved\./);
    expect(await withheld()).toContain('Results appear once 5 people have answered.');
  });
});
