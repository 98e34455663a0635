import { beforeAll, describe, expect, it } from 'vitest';
import { e2eSuite } from '../helpers/suite.js';
import {
  ComponentType,
  InteractionResponseType,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { type Db } from '../../src/core/db/database.js';
import { profileOf } from '../../src/features/onboarding/members.js';
import { activeQuestions } from '../../src/features/onboarding/questionnaire.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { isEphemeral, type CommandInvocation, type ModalLabel } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import type { seedCommunity } from '../helpers/world.js';

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;
let beginnerRole: string;
let buildersRole: string;
let nightOwlRole: string;

const PAGE_1 = {
  'What brings you to this community?':
    'I run a small bakery and want honest feedback, from peers.',
  'What interests you most?': ['Working on projects together', 'Giving product feedback'],
  'How experienced are you in our topic?': 'Just starting',
  'What do you hope to give and get?': 'Give: "recipes", get: advice\non pricing',
  'How did you find us?': 'A friend or colleague',
};
const PAGE_2 = {
  'How active do you plan to be?': '4',
  'What should we call you?': 'Gio',
  'How likely are you to recommend us?': '9',
  'Which tools do you use?': ['Notion', 'Figma'],
  'When are you usually around?': 'Evenings',
};

async function run(
  invocation: Omit<CommandInvocation, 'guild' | 'user' | 'command'> & {
    guild?: string;
    user?: string;
    command?: string;
  },
) {
  const interaction = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'onboarding',
    ...invocation,
  });
  return { interaction, answer: await standIn.answer(interaction) };
}

/** Posts the bot made in a channel after a given count. */
const postsIn = (channel: string) => standIn.postedIn(channel);
const startButtonOf = (message: APIMessage) =>
  (message.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined)
    ?.components[0];

const suite = e2eSuite({
  a: { name: 'Bakers’ Table' },
  b: { name: 'Elsewhere' },
  seed: (seeded) => {
    ({ standIn, a, b } = seeded);
    beginnerRole = standIn.addRole(a.guild, { name: 'Beginner', position: 2 });
    buildersRole = standIn.addRole(a.guild, { name: 'Builders', position: 2 });
    nightOwlRole = standIn.addRole(a.guild, { name: 'Night owl', position: 2 });
  },
});
beforeAll(async () => {
  ({ standIn, db, bot, a, b } = suite);
  for (const community of [a, b]) {
    await standIn.answer(
      standIn.command({
        guild: community.guild,
        user: community.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: {
          welcome_channel: { channel: community.welcome },
          log_channel: { channel: community.log },
          member_role: { role: community.memberRole },
          manager_role: { role: community.managerRole },
        },
      }),
    );
  }
});

async function addQuestion(
  options: Record<string, string | number | boolean>,
  fields: Record<string, string>,
) {
  const { interaction } = {
    interaction: standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'onboarding',
      subcommand: 'add',
      options,
    }),
  };
  const submitted = await standIn.fillModal({
    guild: a.guild,
    user: a.owner.id,
    opened: interaction,
    answers: fields,
  });
  return standIn.answer(submitted);
}

async function questionId(label: string): Promise<number> {
  const ac = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'onboarding',
    subcommand: 'map',
    options: { question: label.slice(0, 12) },
    focused: 'question',
  });
  const choices = ((await standIn.callback(ac)).data?.choices ?? []) as {
    name: string;
    value: number;
  }[];
  const found = choices.find((c) => c.name.endsWith(label));
  if (!found) throw new Error(`no question ${label} in ${JSON.stringify(choices)}`);
  return found.value;
}

async function choiceKey(question: number, label: string): Promise<string> {
  const ac = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'onboarding',
    subcommand: 'map',
    options: { question, choice: label.slice(0, 5) },
    focused: 'choice',
  });
  const choices = ((await standIn.callback(ac)).data?.choices ?? []) as {
    name: string;
    value: string;
  }[];
  return choices.find((c) => c.name === label)!.value;
}

/** Waits until a joining member's welcome is fully sent: in the channel and (when open) by DM. */
async function welcomed(member: APIUser): Promise<APIMessage> {
  await until(
    () =>
      postsIn(a.welcome).some((m) => m.content.includes(member.id)) &&
      standIn.requests.some(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${standIn.dmChannels.get(member.id)}/messages` &&
          r.status !== 0,
      ),
  );
  return postsIn(a.welcome)
    .filter((m) => m.content.includes(member.id))
    .at(-1)!;
}

/** A member answers every page the way a person would: Start, fill, Continue, fill, … */
async function answerAll(
  guild: string,
  user: APIUser,
  pages: Record<string, string | string[]>[],
  start: APIMessage,
  options: { inDm?: boolean } = {},
) {
  const startId = startButtonOf(start)!.custom_id;
  let opened =
    options.inDm === true
      ? standIn.clickInDm({ user: user.id, message: start, customId: startId })
      : standIn.click({ guild, user: user.id, message: start, customId: startId });
  const replies: Record<string, unknown>[] = [];
  for (const [index, answers] of pages.entries()) {
    const submitted = await standIn.fillModal({
      ...(options.inDm === true ? {} : { guild }),
      user: user.id,
      opened,
      answers,
    });
    const reply = await standIn.answer(submitted);
    replies.push(reply);
    if (index < pages.length - 1) {
      const next = submitted.messages[0]!;
      const continueId = startButtonOf(next)!.custom_id;
      opened =
        options.inDm === true
          ? standIn.clickInDm({ user: user.id, message: next, customId: continueId })
          : standIn.click({ guild, user: user.id, message: next, customId: continueId });
    }
  }
  return replies;
}

describe('a manager designs the questionnaire', () => {
  it('starts from the template, adds questions through modals, maps roles and turns onboarding on', async () => {
    const template = await run({ subcommand: 'template' });
    expect(template.answer.content).toMatch(/^Added 7 starter questions/);

    expect(
      (
        await addQuestion(
          { kind: 'scale', scale: 10, required: false },
          {
            'Question (up to 45 characters)': 'How likely are you to recommend us?',
            'Label for the lowest value (optional)': 'Not at all',
            'Label for the highest value (optional)': 'Certainly',
          },
        )
      ).content,
    ).toMatch(/^Added question 8\./);
    const tools = [
      'Notion',
      'Figma',
      'Canva',
      'Slack',
      'Trello',
      'Asana',
      'Miro',
      'Excel',
      'Docs',
      'Airtable',
      'Zapier',
      'Other',
    ];
    expect(
      (
        await addQuestion(
          { kind: 'multi', min_choices: 1, max_choices: 3 },
          {
            'Question (up to 45 characters)': 'Which tools do you use?',
            'Choices, one per line (2 to 25)': tools.join('\n'),
          },
        )
      ).content,
    ).toMatch(/^Added question 9\./);
    expect(
      (
        await addQuestion(
          { kind: 'single' },
          {
            'Question (up to 45 characters)': 'When are you usually around?',
            'Choices, one per line (2 to 25)': 'Mornings\nEvenings\nWeekends',
          },
        )
      ).content,
    ).toMatch(/^Added question 10\./);
    expect(
      (
        await addQuestion(
          { kind: 'short', required: false },
          { 'Question (up to 45 characters)': 'Which city are you in?' },
        )
      ).content,
    ).toMatch(/^Added question 11\./);

    const experience = await questionId('How experienced are you in our topic?');
    const interests = await questionId('What interests you most?');
    const around = await questionId('When are you usually around?');
    const mapped = await run({
      subcommand: 'map',
      options: {
        question: experience,
        choice: await choiceKey(experience, 'Just starting'),
        role: { role: beginnerRole },
      },
    });
    expect(mapped.answer.content).toMatch(/^Members who choose “Just starting” will get <@&\d+>\./);
    expect(mapped.answer.content).not.toContain('cannot grant');
    await run({
      subcommand: 'map',
      options: {
        question: interests,
        choice: await choiceKey(interests, 'Working on projects together'),
        role: { role: buildersRole },
      },
    });
    await run({
      subcommand: 'map',
      options: {
        question: around,
        choice: await choiceKey(around, 'Evenings'),
        role: { role: nightOwlRole },
      },
    });

    const on = await run({ subcommand: 'settings', options: { enabled: true } });
    expect(on.answer.content).toMatch(
      /^\*\*Onboarding: on\*\* · admission: Automatic · 11 questions on 3 pages/,
    );
    expect(on.answer.content).toContain(`Just starting → <@&${beginnerRole}>`);
  });

  it('warns up front when a mapped role is above Hearth', async () => {
    const high = standIn.addRole(a.guild, { name: 'Moderators', position: 50 });
    standIn.dispatch('GUILD_ROLE_CREATE' as never, {
      guild_id: a.guild,
      role: standIn.guilds.get(a.guild)!.roles.get(high),
    });
    await until(() => bot.hearth.client.guilds.cache.get(a.guild)?.roles.cache.has(high));
    const around = await questionId('When are you usually around?');
    const mapped = await run({
      subcommand: 'map',
      options: {
        question: around,
        choice: await choiceKey(around, 'Weekends'),
        role: { role: high },
      },
    });
    expect(mapped.answer.content).toContain('Saved, but Hearth cannot grant this role yet:');
    expect(mapped.answer.content).toContain(`drag the Hearth role above <@&${high}>`);
    const status = async () =>
      JSON.stringify(
        await standIn.answer(
          standIn.command({
            guild: a.guild,
            user: a.owner.id,
            command: 'hearth',
            subcommand: 'status',
          }),
        ),
      );
    expect(await status()).toContain(`Hearth cannot grant <@&${high}>`);
    await run({
      subcommand: 'unmap',
      options: {
        question: around,
        choice: await choiceKey(around, 'Weekends'),
        role: { role: high },
      },
    });
    expect(await status()).not.toContain(`<@&${high}>`);
  });

  it('previews the questionnaire exactly as members see it, storing nothing', async () => {
    const preview = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'onboarding',
      subcommand: 'preview',
    });
    const modal = await standIn.shownModal(preview);
    expect(modal.title).toBe('Preview (1/3)');
    expect(modal.components.map((c) => c.label)).toEqual(Object.keys(PAGE_1));
    const checked = await standIn.answer(
      await standIn.fillModal({ guild: a.guild, user: a.owner.id, opened: preview, answers: {} }),
    );
    expect(checked.content).toMatch(/^Preview of page 1 of 3/);
    expect(checked.content).toContain('“What brings you to this community?” needs an answer.');
    expect(await profileOf(db, a.guild, a.owner.id)).toBeUndefined();
  });
});

describe('a new member', () => {
  let newcomer: APIUser;

  it('is welcomed in the welcome channel and by DM, each with a Start button', async () => {
    const before = postsIn(a.welcome).length;
    newcomer = standIn.join(a.guild, 'newcomer');
    const welcome = await welcomed(newcomer);
    expect(postsIn(a.welcome).length).toBe(before + 1);
    expect(welcome.content).toBe(
      `Welcome to Bakers’ Table, <@${newcomer.id}>! This is a small community with a purpose, and we would love to know you a little. It takes about 4 min.`,
    );
    const request = standIn.requests
      .filter((r) => r.method === 'POST' && r.path === `/channels/${a.welcome}/messages`)
      .at(-1)!;
    expect((request.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      users: [newcomer.id],
    });
    expect(startButtonOf(welcome)).toMatchObject({
      custom_id: `onb.start:${a.guild}`,
      label: 'Start',
    });
    expect(startButtonOf(standIn.dmsTo(newcomer.id)[0]!)).toMatchObject({
      custom_id: `onb.start:${a.guild}`,
    });
  });

  it('answers three pages of modals and gets the roles the answers map to, then the member role', async () => {
    const start = postsIn(a.welcome).at(-1)!;
    const opened = standIn.click({
      guild: a.guild,
      user: newcomer.id,
      message: start,
      customId: startButtonOf(start)!.custom_id,
    });
    const modal = await standIn.shownModal(opened);
    expect(modal.title).toBe('About you (1/3)');
    expect(modal.components.map((c: ModalLabel) => [c.label, c.component.type])).toEqual([
      ['What brings you to this community?', ComponentType.TextInput],
      ['What interests you most?', ComponentType.CheckboxGroup],
      ['How experienced are you in our topic?', ComponentType.RadioGroup],
      ['What do you hope to give and get?', ComponentType.TextInput],
      ['How did you find us?', ComponentType.RadioGroup],
    ]);
    const rolesBefore = standIn.requests.filter(
      (r) => r.method === 'PUT' && r.path.includes('/roles/'),
    ).length;

    const replies = await answerAll(a.guild, newcomer, [PAGE_1, PAGE_2, {}], start);
    expect(replies.map((r) => r.content)).toEqual([
      'Page 1 of 3 saved. Continue when you are ready: you can also stop here and come back later with `/profile`.',
      'Page 2 of 3 saved. Continue when you are ready: you can also stop here and come back later with `/profile`.',
      'Thank you! Your profile is complete. Welcome to Bakers’ Table.',
    ]);
    expect(replies.every((r) => isEphemeral(r))).toBe(true);

    await until(() => standIn.rolesOf(a.guild, newcomer.id).length === 4);
    expect(standIn.rolesOf(a.guild, newcomer.id)).toEqual(
      [beginnerRole, buildersRole, nightOwlRole, a.memberRole].sort(),
    );
    const grants = standIn.requests
      .filter((r) => r.method === 'PUT' && r.path.includes('/roles/'))
      .slice(rolesBefore);
    expect(grants).toHaveLength(4);
    expect(grants.map((r) => [r.path.split('/').pop(), r.auditReason]).sort()).toEqual(
      [
        [beginnerRole, 'Hearth onboarding answers'],
        [buildersRole, 'Hearth onboarding answers'],
        [nightOwlRole, 'Hearth onboarding answers'],
        [a.memberRole, 'Hearth admission'],
      ].sort(),
    );

    const profile = await profileOf(db, a.guild, newcomer.id);
    expect(profile?.status).toBe('completed');
    expect(profile?.answers.map((x) => [x.label, x.answer])).toEqual([
      ['What brings you to this community?', PAGE_1['What brings you to this community?']],
      ['What interests you most?', 'Working on projects together; Giving product feedback'],
      ['How experienced are you in our topic?', 'Just starting'],
      ['What do you hope to give and get?', PAGE_1['What do you hope to give and get?']],
      ['How did you find us?', 'A friend or colleague'],
      ['How active do you plan to be?', '4/5'],
      ['What should we call you?', 'Gio'],
      ['How likely are you to recommend us?', '9/10'],
      ['Which tools do you use?', 'Notion; Figma'],
      ['When are you usually around?', 'Evenings'],
      ['Which city are you in?', null],
    ]);
  });

  it('cannot answer twice: pressing Start again says it is done, and nothing is duplicated', async () => {
    const start = postsIn(a.welcome).find((m) => m.content.includes(newcomer.id))!;
    const again = standIn.click({
      guild: a.guild,
      user: newcomer.id,
      message: start,
      customId: startButtonOf(start)!.custom_id,
    });
    expect((await standIn.answer(again)).content).toBe(
      'You have already completed onboarding. Use `/profile` to see or edit your answers.',
    );
    expect((await profileOf(db, a.guild, newcomer.id))?.answers).toHaveLength(11);
  });

  it('edits the profile with /profile, and roles follow the new answers', async () => {
    const profile = standIn.command({ guild: a.guild, user: newcomer.id, command: 'profile' });
    const shown = await standIn.answer(profile);
    expect(JSON.stringify(shown.embeds)).toContain('Just starting');
    const edit = standIn.click({
      guild: a.guild,
      user: newcomer.id,
      message: profile.messages[0]!,
      customId: startButtonOf(profile.messages[0]!)!.custom_id,
    });
    const modal = await standIn.shownModal(edit);
    expect(modal.title).toBe('Edit your answers (1/3)');
    // Prefilled with the saved answers.
    expect(modal.components[2]!.component.options?.find((o) => o.default)?.label).toBe(
      'Just starting',
    );
    const saved = await standIn.answer(
      await standIn.fillModal({
        guild: a.guild,
        user: newcomer.id,
        opened: edit,
        answers: { ...PAGE_1, 'How experienced are you in our topic?': 'It is my job' },
      }),
    );
    expect(saved.content).toMatch(/^Page 1 of 3 saved/);
    await until(() => !standIn.rolesOf(a.guild, newcomer.id).includes(beginnerRole));
    expect(
      standIn.requests.some(
        (r) =>
          r.method === 'DELETE' &&
          r.path === `/guilds/${a.guild}/members/${newcomer.id}/roles/${beginnerRole}`,
      ),
    ).toBe(true);
  });
});

describe('reliability', () => {
  it('resumes where a member stopped after leaving and rejoining', async () => {
    const member = standIn.join(a.guild, 'wanderer');
    const start = await welcomed(member);
    await answerAll(a.guild, member, [PAGE_1], start);
    standIn.leave(a.guild, member.id);
    await until(
      async () =>
        ((
          await db
            .selectFrom('onboarding_members')
            .select('left_at')
            .where('user_id', '=', member.id)
            .executeTakeFirst()
        )?.left_at ?? null) !== null,
    );
    standIn.rejoin(a.guild, member);
    await until(
      () =>
        postsIn(a.welcome).filter((m) => m.content.includes(member.id)).length === 2 &&
        standIn.dmsTo(member.id).length === 2,
    );
    const back = postsIn(a.welcome).filter((m) => m.content.includes(member.id))[1]!;
    expect(back.content).toBe(
      `Welcome back, <@${member.id}>! Your answers are still here: pick up where you left off.`,
    );
    expect(startButtonOf(back)?.label).toBe('Continue');
    const opened = standIn.click({
      guild: a.guild,
      user: member.id,
      message: back,
      customId: startButtonOf(back)!.custom_id,
    });
    expect((await standIn.shownModal(opened)).title).toBe('About you (2/3)');
  });

  it('waits for rules screening before welcoming', async () => {
    const member = standIn.join(a.guild, 'careful', { pending: true });
    await until(
      async () =>
        (
          await db
            .selectFrom('onboarding_members')
            .select('status')
            .where('user_id', '=', member.id)
            .executeTakeFirst()
        )?.status === 'screening',
    );
    expect(postsIn(a.welcome).some((m) => m.content.includes(member.id))).toBe(false);
    expect(standIn.dmChannels.has(member.id)).toBe(false);
    standIn.passScreening(a.guild, member.id);
    await welcomed(member);
    expect(postsIn(a.welcome).filter((m) => m.content.includes(member.id))).toHaveLength(1);
  });

  it('falls back to the welcome channel when DMs are closed (50007), without retrying', async () => {
    standIn.fault({
      method: 'POST',
      path: new RegExp(`^/channels/(?!${a.welcome}|${a.log})\\d+/messages$`),
      status: 403,
      code: 50007,
      times: 1,
    });
    const member = standIn.join(a.guild, 'private person');
    await welcomed(member);
    const dmAttempts = standIn.requests.filter(
      (r) =>
        r.method === 'POST' && r.path === `/channels/${standIn.dmChannels.get(member.id)}/messages`,
    );
    expect(dmAttempts.map((r) => r.status)).toEqual([403]);
    // Starting from the channel works as usual.
    const start = postsIn(a.welcome).find((m) => m.content.includes(member.id))!;
    const opened = standIn.click({
      guild: a.guild,
      user: member.id,
      message: start,
      customId: startButtonOf(start)!.custom_id,
    });
    expect((await standIn.callback(opened)).type).toBe(InteractionResponseType.Modal);
  });

  it('works from the DM Start button too', async () => {
    const member = standIn.join(a.guild, 'dm person');
    await welcomed(member);
    const replies = await answerAll(
      a.guild,
      member,
      [PAGE_1, PAGE_2, {}],
      standIn.dmsTo(member.id)[0]!,
      { inDm: true },
    );
    expect(replies.at(-1)?.content).toBe(
      'Thank you! Your profile is complete. Welcome to Bakers’ Table.',
    );
    await until(() => standIn.rolesOf(a.guild, member.id).includes(a.memberRole));
  });

  it('completes the member and tells managers once when a role cannot be granted (50013)', async () => {
    const logBefore = postsIn(a.log).length;
    standIn.fault({
      method: 'PUT',
      path: new RegExp(`/roles/${buildersRole}$`),
      status: 403,
      code: 50013,
    });
    for (const name of ['first blocked', 'second blocked']) {
      const member = standIn.join(a.guild, name);
      const replies = await answerAll(
        a.guild,
        member,
        [PAGE_1, PAGE_2, {}],
        await welcomed(member),
      );
      expect(replies.at(-1)?.content).toBe(
        'Thank you! Your profile is complete. Welcome to Bakers’ Table.',
      );
      await until(() => standIn.rolesOf(a.guild, member.id).includes(a.memberRole));
      expect(standIn.rolesOf(a.guild, member.id)).not.toContain(buildersRole);
    }
    const notices = postsIn(a.log).slice(logBefore);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.content).toMatch(
      new RegExp(`^Hearth could not grant or remove <@&${buildersRole}>`),
    );
    standIn.clearFaults();
  });

  it('finds joins missed while offline and welcomes them once, across restarts', async () => {
    await bot.stop();
    const missed = standIn.addMember(a.guild, 'joined while offline');
    const gone = standIn.addMember(a.guild, 'came and went');
    standIn.guilds.get(a.guild)!.members.delete(gone.id);
    bot = await startBot(standIn, { db });
    await welcomed(missed);
    await bot.stop();
    bot = await startBot(standIn, { db });
    expect(postsIn(a.welcome).filter((m) => m.content.includes(missed.id))).toHaveLength(1);
    expect(postsIn(a.welcome).some((m) => m.content.includes(gone.id))).toBe(false);
  });
});

describe('manager approval', () => {
  it('holds answers for a manager, who approves one member and rejects another', async () => {
    await run({ subcommand: 'settings', options: { admission: 'approval' } });
    const outcomes: Record<string, unknown>[] = [];
    for (const [name, verdict] of [
      ['hopeful', 'Approve'],
      ['unlucky', 'Reject'],
    ] as const) {
      const member = standIn.join(a.guild, name);
      const replies = await answerAll(
        a.guild,
        member,
        [PAGE_1, PAGE_2, {}],
        await welcomed(member),
      );
      expect(replies.at(-1)?.content).toBe(
        'Thank you! The managers of Bakers’ Table will read your answers and let you know soon.',
      );
      await until(() => postsIn(a.log).some((m) => JSON.stringify(m.embeds).includes(member.id)));
      const review = postsIn(a.log).find((m) => JSON.stringify(m.embeds).includes(member.id))!;
      expect(review.embeds[0]?.title).toBe('New member waiting for approval');
      expect(standIn.rolesOf(a.guild, member.id)).toEqual([]);
      const button = (
        review.components![0] as { components: { custom_id: string; label: string }[] }
      ).components.find((c) => c.label === verdict)!;
      const click = standIn.click({
        guild: a.guild,
        user: a.manager.id,
        message: review,
        customId: button.custom_id,
      });
      const callback = await standIn.callback(click);
      expect(callback.type).toBe(InteractionResponseType.UpdateMessage);
      outcomes.push(callback.data!);
      await until(() => standIn.dmsTo(member.id).length === 2);
      const dm = standIn.dmsTo(member.id)[1]!.content;
      if (verdict === 'Approve') {
        expect(dm).toBe('Good news: you have been admitted to Bakers’ Table. Welcome!');
        await until(() => standIn.rolesOf(a.guild, member.id).includes(a.memberRole));
        // A second click (another manager, or a replay) changes nothing.
        const late = standIn.click({
          guild: a.guild,
          user: a.owner.id,
          message: review,
          customId: button.custom_id,
        });
        expect((await standIn.answer(late)).content).toBe(
          `<@${a.manager.id}> has already decided about this member.`,
        );
      } else {
        expect(dm).toBe(
          'Thank you for your interest in Bakers’ Table. The managers decided not to admit you at this time.',
        );
        expect(standIn.rolesOf(a.guild, member.id)).toEqual([]);
        expect((await profileOf(db, a.guild, member.id))?.status).toBe('rejected');
      }
    }
    expect(
      outcomes.map((o) => (o.embeds as { footer: { text: string } }[])[0]?.footer.text),
    ).toEqual(['Approved by manager', 'Rejected by manager']);
    expect(outcomes.map((o) => o.components)).toEqual([[], []]);
    await run({ subcommand: 'settings', options: { admission: 'auto' } });
  });
});

describe('answers for managers', () => {
  it('shows one member’s answers and exports everyone’s as CSV, quoted for spreadsheets', async () => {
    const member = (
      await db
        .selectFrom('onboarding_members')
        .select('user_id')
        .where('guild_id', '=', a.guild)
        .where('status', '=', 'completed')
        .executeTakeFirstOrThrow()
    ).user_id;
    const one = await run({ subcommand: 'answers', options: { member: { user: member } } });
    expect(JSON.stringify(one.answer.embeds)).toContain('What brings you to this community?');

    const exported = await run({ subcommand: 'export' });
    expect(exported.answer.content).toMatch(/^Answers of \d+ members\.$/);
    const request = standIn.requests.find(
      (r) =>
        r.path ===
        `/interactions/${exported.interaction.id}/${exported.interaction.token}/callback`,
    )!;
    const csv = request.files[0]!.content.toString('utf8');
    expect(request.files[0]!.filename).toBe(`onboarding-${a.guild}.csv`);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      [
        'Member ID',
        'Status',
        'Joined',
        'Completed',
        ...(await activeQuestions(db, a.guild)).map((q) => q.definition.label),
      ]
        .map((h) => (h.includes(',') ? `"${h}"` : h))
        .join(','),
    );
    expect(csv).toContain('"Give: ""recipes"", get: advice\non pricing"');
    expect(csv).toContain('"I run a small bakery and want honest feedback, from peers."');
  });
});

describe('guild isolation', () => {
  it('ignores another server’s buttons replayed here, and shows no foreign answers', async () => {
    const start = postsIn(a.welcome)[0]!;
    const replay = standIn.click({
      guild: b.guild,
      user: b.member.id,
      message: start,
      customId: startButtonOf(start)!.custom_id,
    });
    expect((await standIn.answer(replay)).content).toBe(
      'This button or menu no longer works. Run the command again to get a fresh one.',
    );
    const review = postsIn(a.log).find(
      (m) => m.embeds[0]?.title === 'New member waiting for approval',
    )!;
    const decideId =
      (review.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components[0]
        ?.custom_id ?? `onb.decide:${a.member.id}:approve`;
    const statusBefore = await db
      .selectFrom('onboarding_members')
      .selectAll()
      .where('guild_id', '=', a.guild)
      .execute();
    const foreign = standIn.click({
      guild: b.guild,
      user: b.owner.id,
      message: review,
      customId: decideId,
    });
    expect((await standIn.answer(foreign)).content).toBe(
      'This member is not waiting for approval.',
    );
    expect(
      await db
        .selectFrom('onboarding_members')
        .selectAll()
        .where('guild_id', '=', a.guild)
        .execute(),
    ).toEqual(statusBefore);
    const profile = standIn.command({
      guild: b.guild,
      user: b.owner.id,
      command: 'onboarding',
      subcommand: 'list',
    });
    expect((await standIn.answer(profile)).content).toContain('No questions yet');
  });
});
