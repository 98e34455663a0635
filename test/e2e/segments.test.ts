/**
 * A manager builds segments from what members answered and how they take part, with commands and
 * autocomplete only, and sees each segment's live count and who is in it.
 */
import { e2eSuite } from '../helpers/suite.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayDispatchEvents,
  OverwriteType,
  PermissionFlagsBits,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { type Db } from '../../src/core/db/database.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { type CommandInvocation } from '../stand-in/server.js';
import { until, type TestBot } from '../helpers/bot.js';
import type { seedCommunity } from '../helpers/world.js';
import { messagePayload, snowflake } from '../stand-in/payloads.js';

const DAY = 86_400_000;
let clock = Date.UTC(2026, 10, 23, 10, 0);
const now = () => clock;

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;
/** A channel only the staff role can see. */
let backroom: string;
const people: Record<string, APIUser> = {};

type Invocation = Omit<CommandInvocation, 'user' | 'guild' | 'command'> & {
  user?: string;
  guild?: string;
};

async function segment(invocation: Invocation): Promise<string> {
  const interaction = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'segment',
    ...invocation,
  });
  return (await standIn.answer(interaction)).content as string;
}

/** What autocomplete offers for `focused`, as a manager types. */
async function suggestions(invocation: Invocation & { focused: string }) {
  const ac = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'segment',
    ...invocation,
  });
  return ((await standIn.callback(ac)).data?.choices ?? []) as {
    name: string;
    value: string | number;
  }[];
}

async function addQuestion(
  options: Record<string, string | number | boolean>,
  fields: Record<string, string>,
) {
  const opened = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'onboarding',
    subcommand: 'add',
    options,
  });
  const submitted = await standIn.fillModal({
    guild: a.guild,
    user: a.owner.id,
    opened,
    answers: fields,
  });
  return (await standIn.answer(submitted)).content as string;
}

const startOf = (message: APIMessage) =>
  (message.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components[0]
    ?.custom_id;

/** A person joins and answers the questionnaire (one page). */
async function joinAndAnswer(name: string, answers: Record<string, string | string[]>) {
  const user = standIn.join(a.guild, name);
  people[name] = user;
  await until(() => standIn.postedIn(a.welcome).some((m) => m.content.includes(user.id)));
  const welcome = standIn.postedIn(a.welcome).find((m) => m.content.includes(user.id))!;
  const opened = standIn.click({
    guild: a.guild,
    user: user.id,
    message: welcome,
    customId: startOf(welcome)!,
  });
  const done = await standIn.fillModal({ guild: a.guild, user: user.id, opened, answers });
  return (await standIn.answer(done)).content as string;
}

/** A member writes a message (Hearth stores who and when, never the text). */
function say(author: APIUser) {
  standIn.dispatch(GatewayDispatchEvents.MessageCreate, {
    ...messagePayload({ id: snowflake(), channel_id: a.announcements, author, content: 'hello' }),
    timestamp: new Date(clock).toISOString(),
    guild_id: a.guild,
    member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
  });
}

async function activityOf(user: APIUser): Promise<void> {
  await until(async () => {
    await bot.hearth.flushEvents();
    const row = await db
      .selectFrom('member_days')
      .select('messages')
      .where('guild_id', '=', a.guild)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    return row !== undefined;
  });
}

let experience: number;
let interests: number;

const suite = e2eSuite({
  a: { name: 'Kitchen Table' },
  b: { name: 'Other Table' },
  now,
  seed: (seeded) => {
    ({ standIn, a, b } = seeded);
    backroom = standIn.addChannel(a.guild, {
      name: 'backroom',
      permission_overwrites: [
        {
          id: a.guild,
          type: OverwriteType.Role,
          allow: '0',
          deny: String(PermissionFlagsBits.ViewChannel),
        },
        {
          id: a.staffRole,
          type: OverwriteType.Role,
          allow: String(PermissionFlagsBits.ViewChannel),
          deny: '0',
        },
      ],
    });
  },
});
beforeAll(async () => {
  ({ standIn, db, bot, a, b } = suite);
  await standIn.answer(
    standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        welcome_channel: { channel: a.welcome },
        log_channel: { channel: a.log },
        manager_role: { role: a.managerRole },
      },
    }),
  );
  expect(
    await addQuestion(
      { kind: 'single' },
      {
        'Question (up to 45 characters)': 'How experienced are you?',
        'Choices, one per line (2 to 25)': 'Beginner\nExpert',
      },
    ),
  ).toMatch(/^Added question 1\./);
  expect(
    await addQuestion(
      { kind: 'multi', min_choices: 1, max_choices: 3 },
      {
        'Question (up to 45 characters)': 'What are you into?',
        'Choices, one per line (2 to 25)': 'Recipes\nBaking\nGardening',
      },
    ),
  ).toMatch(/^Added question 2\./);
  await standIn.answer(
    standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'onboarding',
      subcommand: 'settings',
      options: { enabled: true },
    }),
  );
  for (const [name, level, likes] of [
    ['ada', 'Beginner', ['Recipes']],
    ['bo', 'Beginner', ['Gardening']],
    ['cy', 'Expert', ['Recipes', 'Baking']],
    ['di', 'Beginner', ['Recipes', 'Gardening']],
  ] as const)
    expect(
      await joinAndAnswer(name, {
        'How experienced are you?': level,
        'What are you into?': [...likes],
      }),
    ).toMatch(/^Thank you!/);
});

describe('a manager builds a segment from answers and activity', () => {
  it('picks the question and the choice from autocomplete, and sees the live count and who is in it', async () => {
    expect(await segment({ subcommand: 'create', options: { name: 'Active beginners' } })).toBe(
      'Segment **Active beginners** created. Add rules with `/segment rule-answer`, `/segment rule-active` and the other `rule-` subcommands.',
    );
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: '' },
      focused: 'segment',
    });
    expect(seg?.name).toBe('Active beginners (0)');
    expect(typeof seg?.value).toBe('number');
    const segmentId = seg!.value as number;

    // Only choice questions are offered for a choice rule, and only that question's choices.
    const questions = await suggestions({
      subcommand: 'rule-answer',
      options: { segment: segmentId, question: '' },
      focused: 'question',
    });
    expect(questions.map((q) => q.name)).toEqual([
      'How experienced are you?',
      'What are you into?',
    ]);
    experience = questions[0]!.value as number;
    interests = questions[1]!.value as number;
    const choices = await suggestions({
      subcommand: 'rule-answer',
      options: { segment: segmentId, question: experience, choice: 'beg' },
      focused: 'choice',
    });
    expect(choices.map((c) => c.name)).toEqual(['Beginner']);

    const added = await segment({
      subcommand: 'rule-answer',
      options: { segment: segmentId, question: experience, choice: choices[0]!.value },
    });
    expect(added.split('\n')).toEqual([
      'Rule added to **Active beginners**.',
      '',
      '**Active beginners**: 3 members',
      'Members who match **all** of these rules:',
      '`1.` “How experienced are you?” includes **Beginner**',
      '',
      '**Who is in it**',
      `<@${people.ada!.id}> <@${people.bo!.id}> <@${people.di!.id}>`,
      expect.stringMatching(/^Counted <t:\d+:R>\.$/),
    ]);

    // ada and di write today; bo has been quiet.
    say(people.ada!);
    say(people.di!);
    await activityOf(people.ada!);
    await activityOf(people.di!);
    const active = await segment({
      subcommand: 'rule-active',
      options: { segment: segmentId, days: 7 },
    });
    expect(active).toContain('**Active beginners**: 2 members');
    expect(active).toContain('`2.` active in the last 7 days');
    expect(active).toContain(`<@${people.ada!.id}> <@${people.di!.id}>`);
    expect(active).not.toContain(people.bo!.id);

    // The cache in the database holds exactly those members, with the count.
    const stored = await db
      .selectFrom('segment_members')
      .select('user_id')
      .where('segment_id', '=', segmentId)
      .orderBy('user_id')
      .execute();
    expect(stored.map((r) => r.user_id).sort()).toEqual([people.ada!.id, people.di!.id].sort());
    expect(
      (
        await db
          .selectFrom('segments')
          .select('member_count')
          .where('id', '=', segmentId)
          .executeTakeFirstOrThrow()
      ).member_count,
    ).toBe(2);

    // bo writes: the count follows at the next look, with no command to recount.
    say(people.bo!);
    await activityOf(people.bo!);
    expect(await segment({ subcommand: 'show', options: { segment: segmentId } })).toContain(
      '**Active beginners**: 3 members',
    );
  });

  it('aims a poll at a segment: outsiders are refused, participation is measured against it', async () => {
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: 'active' },
      focused: 'segment',
    });
    // The poll command offers segments as its audience, with their counts.
    const offered = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'poll',
      subcommand: 'create',
      options: { segment: '' },
      focused: 'segment',
    });
    expect(((await standIn.callback(offered)).data?.choices as { name: string }[])[0]!.name).toBe(
      'Active beginners (3)',
    );
    const created = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'poll',
      subcommand: 'create',
      options: {
        channel: { channel: a.announcements },
        question: 'Cook-along on Friday?',
        kind: 'single',
        options: 'Yes; No',
        segment: seg!.value,
      },
    });
    expect((await standIn.answer(created)).content).toMatch(/^Poll #\d+ posted in/);
    const message = standIn.postedIn(a.announcements).at(-1)!;
    expect(JSON.stringify(message.embeds)).toContain(
      'For the members of the segment **Active beginners**.',
    );
    const yes = (message.components?.[0] as { components: { custom_id: string }[] }).components[0]!
      .custom_id;
    // cy is an expert: not in the segment.
    const outsider = standIn.click({ guild: a.guild, user: people.cy!.id, message, customId: yes });
    expect((await standIn.answer(outsider)).content).toBe(
      'This poll is for the members of the segment “Active beginners”, and you are not in it. The server’s managers choose who is in a segment, from onboarding answers and activity.',
    );
    const inside = standIn.click({ guild: a.guild, user: people.ada!.id, message, customId: yes });
    expect((await standIn.answer(inside)).content).toMatch(/^Your vote is saved\./);
    const pollId = await db
      .selectFrom('polls')
      .select(['id', 'segment_id'])
      .where('guild_id', '=', a.guild)
      .executeTakeFirstOrThrow();
    expect(pollId.segment_id).toBe(seg!.value);
    const closed = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'poll',
      subcommand: 'close',
      options: { poll: pollId.id },
    });
    await standIn.answer(closed);
    const results = await standIn.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        (r.body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]?.title ===
          'Results: Cook-along on Friday?',
    );
    // 1 of the segment's 3 members voted (not 1 of the whole server).
    expect(
      (results.body as { embeds: { footer: { text: string } }[] }).embeds[0]!.footer.text,
    ).toBe('1 of 3 members voted');
  });

  it('aims a prompt schedule at a segment: a channel it can see, and a role each post mentions', async () => {
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: 'active' },
      focused: 'segment',
    });
    const schedule = async (options: NonNullable<CommandInvocation['options']>) => {
      const interaction = standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'schedule',
        subcommand: 'weekly',
        options,
      });
      return (await standIn.answer(interaction)).content as string;
    };
    const imported = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'prompt',
      subcommand: 'import',
    });
    expect((await standIn.answer(imported)).content).toMatch(/^Added \d+ starter prompts\.$/);
    // Nobody in the segment can see the backroom: refused, nothing stored.
    expect(
      await schedule({
        channel: { channel: backroom },
        days: 'mon',
        time: '18:00',
        segment: seg!.value,
      }),
    ).toBe(
      `None of the members of the segment “Active beginners” can see <#${backroom}>. Pick a channel they can see, or change its permissions first. Nothing was scheduled.`,
    );
    expect(await db.selectFrom('schedules').selectAll().execute()).toEqual([]);
    const reply = await schedule({
      channel: { channel: a.announcements },
      days: 'mon',
      time: '18:00',
      segment: seg!.value,
      mention: { role: a.memberRole },
    });
    expect(reply).toContain('For the segment **Active beginners** (3 members now).');
    expect(reply).toContain(`Each post mentions <@&${a.memberRole}>.`);
    const stored = await db.selectFrom('schedules').selectAll().executeTakeFirstOrThrow();
    expect([stored.segment_id, stored.mention_role_id]).toEqual([seg!.value, a.memberRole]);
    // Posted now: the post mentions the role, and only that role may be pinged.
    const now = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'schedule',
      subcommand: 'now',
      options: { schedule: stored.id },
    });
    await standIn.answer(now);
    const post = await standIn.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${a.announcements}/messages` &&
        String((r.body as { content?: string }).content ?? '').startsWith(`<@&${a.memberRole}>`),
    );
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      roles: [a.memberRole],
    });
  });

  it('shows insights for one segment only, and nothing for a segment too small to stay anonymous', async () => {
    // The overview covers whole days up to yesterday: move to the next day.
    clock += DAY;
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: 'active' },
      focused: 'segment',
    });
    const overview = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'insights',
      subcommand: 'overview',
      options: { segment: seg!.value },
    });
    const [embed] = (await standIn.answer(overview)).embeds as { description: string }[];
    const lines = embed!.description.split('\n');
    expect(lines[0]).toBe('Only the members of the segment **Active beginners** (3 now).');
    // ada, bo and di each wrote once: all three active, three messages; cy's activity is not theirs.
    expect(lines[1]).toBe('**Active members:** 3 (100% of all members)');
    expect(lines).toContain('**Messages:** 3');
    expect(lines).toContain('**Depth:** not kept per member, so not shown for a segment');
  });

  it('combines rules with any and groups, and names nobody who asked not to be named', async () => {
    // cy asks not to be named in insights.
    await standIn.answer(
      standIn.command({
        guild: a.guild,
        user: people.cy!.id,
        command: 'privacy',
        subcommand: 'hide',
        options: { on: true },
      }),
    );
    await segment({ subcommand: 'create', options: { name: 'Food people', match: 'any' } });
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: 'food' },
      focused: 'segment',
    });
    const segmentId = seg!.value as number;
    const [recipes, baking] = (
      await suggestions({
        subcommand: 'rule-answer',
        options: { segment: segmentId, question: interests, choice: '' },
        focused: 'choice',
      })
    ).map((c) => c.value);
    await segment({
      subcommand: 'rule-answer',
      options: { segment: segmentId, question: interests, choice: recipes! },
    });
    // Group 1 (all of): bakers who are not beginners.
    await segment({
      subcommand: 'rule-answer',
      options: { segment: segmentId, question: interests, choice: baking!, group: 1 },
    });
    const beginnerKey = (
      await suggestions({
        subcommand: 'rule-answer',
        options: { segment: segmentId, question: experience, choice: 'Beg' },
        focused: 'choice',
      })
    )[0]!.value;
    const shown = await segment({
      subcommand: 'rule-answer',
      options: {
        segment: segmentId,
        question: experience,
        choice: beginnerKey,
        not: true,
        group: 1,
      },
    });
    expect(shown.split('\n').slice(2, 8)).toEqual([
      '**Food people**: 3 members',
      'Members who match **any** of these rules:',
      '`1.` “What are you into?” includes **Recipes**',
      'Group 1, all of:',
      '  `2.` “What are you into?” includes **Baking**',
      '  `3.` “How experienced are you?” does not include **Beginner**',
    ]);
    // ada, cy and di like recipes; cy is counted but not named.
    expect(shown).toContain(`<@${people.ada!.id}> <@${people.di!.id}>`);
    expect(shown).not.toContain(people.cy!.id);
    expect(shown).toContain(
      '1 of them asked not to be shown by name (`/privacy hide`); they are counted, not named.',
    );

    const fewer = await segment({
      subcommand: 'rule-remove',
      options: { segment: segmentId, rule: 1 },
    });
    expect(fewer).toContain('**Food people**: 1 members');
    expect(fewer).toContain('Group 1, all of:');
    const tiny = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'insights',
      subcommand: 'overview',
      options: { segment: segmentId },
    });
    expect((await standIn.answer(tiny)).content).toBe(
      'The segment “Food people” has 1 members: figures for fewer than 3 people would point at individuals, so Hearth does not show them.',
    );
  });

  it('lists every segment with its count, and flags a rule whose question was removed', async () => {
    expect((await segment({ subcommand: 'list' })).split('\n')).toEqual([
      '**Segments** (2)',
      '**Active beginners** · 3 members · 2 rules',
      '**Food people** · 1 members · 2 rules',
    ]);
    await standIn.answer(
      standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'onboarding',
        subcommand: 'remove',
        options: { question: interests },
      }),
    );
    const list = (await segment({ subcommand: 'list' })).split('\n');
    expect(list).toEqual([
      '**Segments** (2)',
      '**Active beginners** · 3 members · 2 rules',
      '**Food people** · 1 members · 2 rules',
      '  ⚠️ 1 rules refer to questions or choices that no longer exist',
    ]);
    const [, food] = await suggestions({
      subcommand: 'show',
      options: { segment: '' },
      focused: 'segment',
    });
    const shown = await segment({ subcommand: 'show', options: { segment: food!.value } });
    const status = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    expect(JSON.stringify(await standIn.answer(status))).toContain(
      '• The segment “Food people” has 1 rules that refer to removed questions, choices or roles: see `/segment show` and replace them.',
    );
    // Not silently empty: the rule is named as broken, and past answers still count.
    expect(shown).toContain('**Food people**: 1 members');
    expect(shown).toContain('`1.` “What are you into?” includes **Baking**');
    expect(shown).toContain(
      '⚠️ Rule 1 refers to a question that was removed from the questionnaire',
    );
  });

  it('is for managers only, and one server never sees another’s segments', async () => {
    expect(await segment({ subcommand: 'list', user: people.ada!.id })).toMatch(
      /^Only managers can do this/,
    );
    const other = standIn.command({
      guild: b.guild,
      user: b.owner.id,
      command: 'segment',
      subcommand: 'list',
    });
    expect((await standIn.answer(other)).content).toMatch(/^No segments yet\./);
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: '' },
      focused: 'segment',
    });
    const forged = standIn.command({
      guild: b.guild,
      user: b.owner.id,
      command: 'segment',
      subcommand: 'show',
      options: { segment: seg!.value },
    });
    expect((await standIn.answer(forged)).content).toBe(
      'That segment does not exist in this server. Pick one from the list.',
    );
  });

  it('recounts in the background when a member leaves', async () => {
    const [seg] = await suggestions({
      subcommand: 'show',
      options: { segment: 'active' },
      focused: 'segment',
    });
    standIn.leave(a.guild, people.di!.id);
    await until(async () => {
      const row = await db
        .selectFrom('member_roster')
        .select('left_at')
        .where('guild_id', '=', a.guild)
        .where('user_id', '=', people.di!.id)
        .executeTakeFirst();
      return row?.left_at !== null && row !== undefined;
    });
    clock += 60_000;
    await bot.hearth.tick();
    const row = await db
      .selectFrom('segments')
      .select('member_count')
      .where('id', '=', seg!.value as number)
      .executeTakeFirstOrThrow();
    expect(row.member_count).toBe(2);
  });

  it('suggests groups from the answers, and keeps one as a segment with one button', async () => {
    // Too few members answered for groups to mean anything yet.
    expect(await segment({ subcommand: 'suggest' })).toMatch(/^No suggestions yet/);
    for (const [name, level] of [
      ['ed', 'Expert'],
      ['fay', 'Expert'],
      ['gus', 'Beginner'],
    ] as const)
      expect(await joinAndAnswer(name, { 'How experienced are you?': level })).toMatch(
        /^Thank you!/,
      );
    const interaction = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'segment',
      subcommand: 'suggest',
    });
    const shown = (await standIn.answer(interaction)).content as string;
    // Present: ada, bo, gus (beginners) and cy, ed, fay (experts); di left.
    expect(shown.split('\n').slice(0, 3)).toEqual([
      '**Suggested segments**: groups of members who picked similar choices in onboarding.',
      '`1.` **3 members**: How experienced are you? = Expert',
      '`2.` **3 members**: How experienced are you? = Beginner',
    ]);
    const again = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'segment',
      subcommand: 'suggest',
    });
    // The same data gives the same suggestions, buttons included.
    expect(await standIn.answer(again)).toEqual(await standIn.answer(interaction));
    const message = interaction.messages[0]!;
    const buttons = (message.components?.[0] as { components: { custom_id: string }[] }).components;
    expect(buttons).toHaveLength(2);
    const kept = standIn.click({
      guild: a.guild,
      user: a.owner.id,
      message,
      customId: buttons[0]!.custom_id,
    });
    const created = (await standIn.answer(kept)).content as string;
    expect(created.split('\n').slice(0, 5)).toEqual([
      'Segment **Expert** created from the suggestion.',
      '',
      '**Expert**: 3 members',
      'Members who match **all** of these rules:',
      '`1.` “How experienced are you?” includes **Expert**',
    ]);
    // cy asked not to be named: counted, not named.
    expect(created).toContain(`<@${people.ed!.id}> <@${people.fay!.id}>`);
    expect(created).not.toContain(people.cy!.id);
    // A member cannot press it.
    const denied = standIn.click({
      guild: a.guild,
      user: people.ada!.id,
      message,
      customId: buttons[1]!.custom_id,
    });
    expect((await standIn.answer(denied)).content).toMatch(/^Only managers can do this/);
    expect(
      (await db.selectFrom('segments').select('name').where('guild_id', '=', a.guild).execute())
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Active beginners', 'Expert', 'Food people']);
  });
});
