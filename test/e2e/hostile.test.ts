/**
 * What a hostile member or a manager-role holder with limited rights tries against events,
 * segments and what is aimed at them: Hearth grants nothing the person asking could not do
 * themselves (post in a channel, ping a role), and refuses forged or oversized input.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OverwriteType, PermissionFlagsBits, type APIUser } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { DiscordStandIn, type CommandInvocation, type OptionValue } from '../stand-in/server.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

const clock = Date.UTC(2026, 11, 1, 9, 0);
const DAY = 86_400_000;
const now = () => clock;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
/** Everyone reads it, only the staff role writes in it. */
let readOnly: string;
/** A role nobody may mention but those with Mention Everyone. */
let alerts: string;
/** A role anyone may mention. */
let open: string;
let fan: APIUser;
/** Holds a role with Administrator, and no other. */
let admin: APIUser;
let crew: string;
let trio: string;
/** A role only alice (who asked not to be named) holds. */
let solo: string;
const crewMates: APIUser[] = [];

type Invocation = Omit<CommandInvocation, 'guild'> & { guild?: string };

async function run(invocation: Invocation): Promise<string> {
  const interaction = standIn.command({ guild: a.guild, ...invocation });
  return String((await standIn.answer(interaction)).content);
}

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Brand Lab' });
  readOnly = standIn.addChannel(a.guild, {
    name: 'news',
    permission_overwrites: [
      {
        id: a.guild,
        type: OverwriteType.Role,
        allow: '0',
        deny: String(PermissionFlagsBits.SendMessages),
      },
      {
        id: a.staffRole,
        type: OverwriteType.Role,
        allow: String(PermissionFlagsBits.SendMessages),
        deny: '0',
      },
    ],
  });
  alerts = standIn.addRole(a.guild, { name: 'Alerts', position: 1 });
  open = standIn.addRole(a.guild, { name: 'Bakers', position: 1, mentionable: true });
  fan = standIn.addMember(a.guild, 'fan', [a.memberRole]);
  admin = standIn.addMember(a.guild, 'admin', [
    standIn.addRole(a.guild, {
      name: 'Admins',
      position: 1,
      permissions: String(PermissionFlagsBits.Administrator),
    }),
  ]);
  crew = standIn.addRole(a.guild, { name: 'Crew', position: 1 });
  trio = standIn.addRole(a.guild, { name: 'Trio', position: 1 });
  solo = standIn.addRole(a.guild, { name: 'Solo', position: 1 });
  for (const name of ['alice', 'bo', 'cy', 'di'])
    crewMates.push(
      standIn.addMember(
        a.guild,
        name,
        name === 'di' ? [crew] : name === 'alice' ? [crew, trio, solo] : [crew, trio],
      ),
    );
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db, now });
  await run({
    user: a.owner.id,
    command: 'hearth',
    subcommand: 'setup',
    options: { manager_role: { role: a.managerRole }, log_channel: { channel: a.log } },
  });
  expect(
    await run({ user: a.owner.id, command: 'prompt', subcommand: 'import', options: {} }),
  ).toMatch(/^Added \d+ starter prompts\.$/);
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

describe('a manager-role holder borrowing Hearth’s rights', () => {
  it('cannot have Hearth post an event, a poll or a prompt schedule in a channel they cannot write in', async () => {
    const before = standIn.postedIn(readOnly).length;
    const refused = `You cannot send messages in <#${readOnly}> yourself, so Hearth will not post there for you. Pick a channel you can write in. Nothing was changed.`;
    expect(
      await run({
        user: a.manager.id,
        command: 'event',
        subcommand: 'create',
        options: { channel: { channel: readOnly }, title: 'Fake news', start: '2026-12-20 10:00' },
      }),
    ).toBe(refused);
    expect(
      await run({
        user: a.manager.id,
        command: 'poll',
        subcommand: 'create',
        options: { channel: { channel: readOnly }, question: 'Vote?', kind: 'rating' },
      }),
    ).toBe(refused);
    expect(
      await run({
        user: a.manager.id,
        command: 'schedule',
        subcommand: 'weekly',
        options: { channel: { channel: readOnly }, days: 'mon', time: '18:00' },
      }),
    ).toBe(refused);
    expect(await db.selectFrom('events').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('polls').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('schedules').selectAll().execute()).toEqual([]);
    expect(standIn.postedIn(readOnly)).toHaveLength(before);
    // In Italian too.
    expect(
      await run({
        user: a.manager.id,
        locale: 'it',
        command: 'event',
        subcommand: 'create',
        options: { channel: { channel: readOnly }, title: 'Finto', start: '2026-12-20 10:00' },
      }),
    ).toBe(
      `Non puoi scrivere in <#${readOnly}>, quindi Hearth non ci pubblica al posto tuo. Scegli un canale in cui puoi scrivere. Non è stato cambiato nulla.`,
    );
    // The staff can write there: Hearth posts for them.
    expect(
      await run({
        user: a.owner.id,
        command: 'event',
        subcommand: 'create',
        options: { channel: { channel: readOnly }, title: 'Real news', start: '2026-12-20 10:00' },
      }),
    ).toMatch(/^Event #\d+ is posted in/);
  });

  it('cannot have each prompt ping a role they could not mention themselves', async () => {
    const refused = `You cannot mention <@&${alerts}> yourself (it is not mentionable and you lack Mention @everyone, @here and All Roles in <#${a.announcements}>), so Hearth will not mention it for you. Nothing was scheduled.`;
    expect(
      await run({
        user: a.manager.id,
        command: 'schedule',
        subcommand: 'weekly',
        options: {
          channel: { channel: a.announcements },
          days: 'mon',
          time: '18:00',
          mention: { role: alerts },
        },
      }),
    ).toBe(refused);
    expect(await db.selectFrom('schedules').selectAll().execute()).toEqual([]);
    // A mentionable role they may ping themselves: accepted.
    expect(
      await run({
        user: a.manager.id,
        command: 'schedule',
        subcommand: 'weekly',
        options: {
          channel: { channel: a.announcements },
          days: 'mon',
          time: '18:00',
          mention: { role: open },
        },
      }),
    ).toContain(`Each post mentions <@&${open}>.`);
    // The owner may mention any role.
    expect(
      await run({
        user: a.owner.id,
        command: 'schedule',
        subcommand: 'weekly',
        options: {
          channel: { channel: a.announcements },
          days: 'tue',
          time: '18:00',
          mention: { role: alerts },
        },
      }),
    ).toContain(`Each post mentions <@&${alerts}>.`);
  });

  it('cannot make Hearth’s welcome, announcements or log channel one they cannot write in', async () => {
    const settings = () =>
      db
        .selectFrom('guilds')
        .select(['welcome_channel_id', 'announcements_channel_id', 'log_channel_id'])
        .where('guild_id', '=', a.guild)
        .executeTakeFirstOrThrow();
    const before = await settings();
    const refused = `You cannot send messages in <#${readOnly}> yourself, so Hearth will not post there for you. Pick a channel you can write in. Nothing was changed.`;
    for (const setting of ['welcome_channel', 'announcements_channel', 'log_channel'])
      expect(
        await run({
          user: a.manager.id,
          command: 'hearth',
          subcommand: 'setup',
          options: { [setting]: { channel: readOnly }, language: 'it' },
        }),
      ).toBe(refused);
    // Nothing of the command was kept, not even the language given beside the channel.
    expect(await settings()).toEqual(before);
    expect(
      (
        await db
          .selectFrom('guilds')
          .select('language')
          .where('guild_id', '=', a.guild)
          .executeTakeFirstOrThrow()
      ).language,
    ).toBe('en');
    // A channel they can write in: accepted.
    expect(
      await run({
        user: a.manager.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { welcome_channel: { channel: a.welcome } },
      }),
    ).toMatch(/^Saved/);
    expect((await settings()).welcome_channel_id).toBe(a.welcome);
    // The owner (and an Administrator) can write anywhere: served.
    expect(
      await run({
        user: a.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { announcements_channel: { channel: readOnly } },
      }),
    ).toMatch(/^Saved/);
    expect((await settings()).announcements_channel_id).toBe(readOnly);
    expect(
      await run({
        user: admin.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { log_channel: { channel: readOnly } },
      }),
    ).toMatch(/^Saved/);
    expect((await settings()).log_channel_id).toBe(readOnly);
    await run({
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { log_channel: { channel: a.log } },
    });
    await run({
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { announcements_channel: { channel: a.announcements } },
    });
  });

  it('a member cannot run manager commands by forging nothing but a role name', async () => {
    expect(
      await run({ user: fan.id, command: 'segment', subcommand: 'list', options: {} }),
    ).toMatch(/^Only managers can do this/);
  });
});

describe('differencing segments to learn about a member who asked not to be named', () => {
  const yesterday = Math.floor(clock / DAY) - 1;
  async function activity(user: APIUser, messages: number) {
    await db
      .deleteFrom('member_days')
      .where('guild_id', '=', a.guild)
      .where('user_id', '=', user.id)
      .execute();
    await db
      .insertInto('member_days')
      .values({
        guild_id: a.guild,
        user_id: user.id,
        day: yesterday,
        staff: 0,
        messages,
        top_level: messages,
        replies_member: 0,
        replies_staff: 0,
        replies_bot: 0,
        threads: 0,
        words: 0,
        counted: 0,
      })
      .execute();
  }
  async function segmentFor(name: string, role: string): Promise<number> {
    await run({ user: a.owner.id, command: 'segment', subcommand: 'create', options: { name } });
    const { id } = await db
      .selectFrom('segments')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    await run({
      user: a.owner.id,
      command: 'segment',
      subcommand: 'rule-role',
      options: { segment: id, role: { role } },
    });
    return id;
  }
  const overview = async (segment: number) =>
    standIn.answer(
      standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'insights',
        subcommand: 'overview',
        options: { segment },
      }),
    );

  it('leaves hidden members out of a segment’s figures, and refuses a segment with too few others', async () => {
    const [alice, bo, cy, di] = crewMates as [APIUser, APIUser, APIUser, APIUser];
    expect(
      await run({ user: alice.id, command: 'privacy', subcommand: 'hide', options: { on: true } }),
    ).toBeTruthy();
    for (const m of [bo, cy, di]) await activity(m, 5);
    const crewId = await segmentFor('Crew', crew);
    const trioId = await segmentFor('Trio', trio);
    // Alice's activity changes nothing a manager can read about a segment she is in.
    await activity(alice, 0);
    const quiet = await overview(crewId);
    await activity(alice, 500);
    const loud = await overview(crewId);
    expect(JSON.stringify(loud.embeds)).toBe(JSON.stringify(quiet.embeds));
    expect(JSON.stringify(loud.embeds)).toContain(
      '1 member who asked not to be named is left out of a segment’s figures.',
    );
    // Alice with two others: the figures would be the two others plus her, so none are shown.
    expect((await overview(trioId)).content).toBe(
      'Only 2 members of the segment “Trio” may be named in insights (the others asked not to be): figures for fewer than 3 people would point at individuals, so Hearth does not show them.',
    );
  });

  it('learns nothing of a hidden member’s activity from segment counts, however narrow the segment', async () => {
    const [alice, bo, cy, di] = crewMates as [APIUser, APIUser, APIUser, APIUser];
    // alice asked not to be named (above). A segment isolating her: a role only she holds, plus
    // “at least 3 messages”; and the same over the whole crew.
    const soloId = await segmentFor('Solo', solo);
    const loudCrewId = await segmentFor('Loud crew', crew);
    for (const id of [soloId, loudCrewId])
      await run({
        user: a.owner.id,
        command: 'segment',
        subcommand: 'rule-messages',
        options: { segment: id, at_least: 3 },
      });
    for (const m of [bo, cy, di]) await activity(m, 5);
    const command = (invocation: Omit<Invocation, 'user'>) =>
      standIn.command({ guild: a.guild, user: a.owner.id, ...invocation });
    /** Everything a manager can read about segments. */
    const everything = async () => {
      const replies: unknown[] = [];
      for (const segment of [soloId, loudCrewId]) {
        replies.push(
          await run({
            user: a.owner.id,
            command: 'segment',
            subcommand: 'show',
            options: { segment },
          }),
        );
        replies.push(
          (
            await standIn.answer(
              command({ command: 'insights', subcommand: 'overview', options: { segment } }),
            )
          ).embeds ?? null,
        );
      }
      replies.push(
        await run({ user: a.owner.id, command: 'segment', subcommand: 'list', options: {} }),
      );
      for (const [name, subcommand, options] of [
        ['segment', 'show', { segment: '' }],
        ['poll', 'create', { segment: '' }],
        ['insights', 'overview', { segment: '' }],
        ['schedule', 'weekly', { segment: '' }],
        ['event', 'create', { segment: '' }],
      ] as const)
        replies.push(
          (
            await standIn.callback(
              command({ command: name, subcommand, options, focused: 'segment' }),
            )
          ).data,
        );
      return JSON.stringify(replies);
    };
    await activity(alice, 0);
    const quiet = await everything();
    await activity(alice, 2);
    const below = await everything();
    await activity(alice, 3);
    const atThreshold = await everything();
    await activity(alice, 500);
    const loud = await everything();
    expect(below).toBe(quiet);
    expect(atThreshold).toBe(quiet);
    expect(loud).toBe(quiet);
    // She is in the segment all the same (a poll aimed at it would take her vote) …
    expect(
      await db
        .selectFrom('segment_members')
        .select('user_id')
        .where('segment_id', '=', soloId)
        .execute(),
    ).toEqual([{ user_id: alice.id }]);
    // … and what managers read says why she is not counted, whether or not she matches.
    const shown = await run({
      user: a.owner.id,
      command: 'segment',
      subcommand: 'show',
      options: { segment: soloId },
    });
    expect(shown).toContain('**Solo**: 0 members');
    expect(shown).toContain(
      'Members who asked not to be named (`/privacy hide`) are left out of this count and list: its rules read activity, which they asked to keep out of Hearth’s figures.',
    );
    expect(
      await run({
        user: a.owner.id,
        command: 'segment',
        subcommand: 'show',
        options: { segment: loudCrewId },
      }),
    ).toContain('**Loud crew**: 3 members');
    // A segment of answers and roles only still counts her (managers see roles anyway), unnamed.
    expect(
      await run({
        user: a.owner.id,
        command: 'segment',
        subcommand: 'show',
        options: { segment: await segmentFor('Solo role', solo) },
      }),
    ).toContain('**Solo role**: 1 members');
  });
});

describe('an anonymous poll aimed at too few people', () => {
  const refusedFor = (count: number) =>
    `An anonymous poll needs an audience of at least 5 people, and this one has ${count}: with so few, the results could never be shown and taking part would point at individuals. Aim it at a larger role or segment, or make it a named poll. Nothing was created.`;
  const polls = async () => (await db.selectFrom('polls').select('id').execute()).length;
  const create = (options: Record<string, OptionValue>, locale?: string) =>
    run({
      user: a.owner.id,
      ...(locale === undefined ? {} : { locale }),
      command: 'poll',
      subcommand: 'create',
      options: {
        channel: { channel: a.announcements },
        question: 'Secret?',
        kind: 'single',
        options: 'Yes;No',
        anonymous: true,
        ...options,
      },
    });
  const segmentId = async (name: string) =>
    (
      await db
        .selectFrom('segments')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;

  it('is refused for a role held by 3 or a segment of 1, and allowed named', async () => {
    const before = await polls();
    expect(await create({ audience: { role: trio } })).toBe(refusedFor(3));
    expect(await create({ segment: await segmentId('Solo role') })).toBe(refusedFor(1));
    expect(await create({ audience: { role: trio } }, 'it')).toBe(
      'Un sondaggio anonimo ha bisogno di un pubblico di almeno 5 persone, e questo ne ha 3: con così poche persone i risultati non potrebbero mai essere mostrati e partecipare indicherebbe i singoli. Rivolgilo a un ruolo o a un segmento più ampio, oppure rendilo non anonimo. Non è stato creato nulla.',
    );
    expect(await polls()).toBe(before);
    // Named, the same audience is fine: nobody was promised anonymity.
    expect(await create({ audience: { role: trio }, anonymous: false })).toMatch(/^Poll #\d+/);
    expect(await polls()).toBe(before + 1);
  });

  it('takes no vote once its segment shrinks below the minimum after creation', async () => {
    await run({
      user: a.owner.id,
      command: 'segment',
      subcommand: 'create',
      options: { name: 'Everyone here' },
    });
    const everyone = await segmentId('Everyone here');
    expect(await create({ segment: everyone })).toMatch(/^Poll #\d+/);
    const message = standIn.postedIn(a.announcements).at(-1)!;
    const buttons = (message.components?.[0] as { components: { custom_id: string }[] }).components;
    const vote = async (user: APIUser) =>
      String(
        (
          await standIn.answer(
            standIn.click({
              guild: a.guild,
              user: user.id,
              message,
              customId: buttons[0]!.custom_id,
            }),
          )
        ).content,
      );
    const [, bo, cy] = crewMates as [APIUser, APIUser, APIUser, APIUser];
    expect(await vote(bo)).toMatch(/^Your vote is saved\./);
    // The manager narrows the segment to the crew: 4 people, fewer than 5.
    await run({
      user: a.owner.id,
      command: 'segment',
      subcommand: 'rule-role',
      options: { segment: everyone, role: { role: crew } },
    });
    expect(await vote(cy)).toBe(
      'The segment “Everyone here” now has fewer than 5 members, too few for this anonymous poll to keep votes anonymous, so it takes no votes until the segment grows again.',
    );
    const pollId = await db
      .selectFrom('polls')
      .select(['id', 'voters'])
      .where('segment_id', '=', everyone)
      .executeTakeFirstOrThrow();
    expect(pollId.voters).toBe(1);
  });
});
