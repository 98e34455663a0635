/**
 * Long lists and long answers, as a manager meets them: a 50-question questionnaire, 45 people
 * waiting, a member whose 25 answers are 1,000 characters each. Every list pages within one
 * message, every page press reloads the list and checks who pressed, and long answers are shown
 * in full over several messages. (The shared afterEach also checks Discord refused nothing.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, type APIEmbed, type APIMessage } from 'discord-api-types/v10';
import {
  addQuestion,
  updateOnboardingSettings,
} from '../../src/features/onboarding/questionnaire.js';
import { requestAdmission, setCap } from '../../src/features/membership/service.js';
import { onboardingRoutes } from '../../src/features/onboarding/routes.js';
import { seatRoutes } from '../../src/features/membership/routes.js';
import { type InteractionState } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';
const waiting: string[] = [];

/** A distinct answer of exactly 1,000 characters, made of words. */
const answerOf = (i: number) =>
  `Answer ${i}: ${'lorem ipsum dolor '.repeat(60)}`.slice(0, 999) + '.';
const labelOf = (i: number) => `Question number ${i} of the long questionnaire`.slice(0, 45);

type Row = { components: { custom_id: string; label: string; disabled?: boolean }[] };
const buttonsOf = (message: { components?: unknown }) =>
  ((message.components ?? []) as Row[]).flatMap((row) => row.components);

const s = e2eSuite({
  a: { name: 'Long Table' },
  b: { name: 'Elsewhere' },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 45; i++) waiting.push(standIn.addMember(a.guild, `waiting-${i}`).id);
  },
});
beforeAll(async () => {
  await s.setup(s.a, {
    welcome_channel: { channel: s.a.welcome },
    log_channel: { channel: s.a.log },
    member_role: { role: s.a.memberRole },
  });
  const now = Date.now();
  // 25 paragraph questions, then 25 single-choice questions of 25 choices of 100 characters.
  for (let i = 0; i < 50; i++)
    await addQuestion(
      s.bot.db,
      s.a.guild,
      i < 25
        ? { kind: 'paragraph', label: labelOf(i + 1), required: true }
        : {
            kind: 'single',
            label: labelOf(i + 1),
            required: false,
            choicesText: Array.from({ length: 25 }, (_, c) =>
              `Choice ${c + 1} of question ${i + 1}: `.padEnd(100, 'x'),
            ).join('\n'),
          },
      now,
    );
  await setCap(s.bot.db, s.a.guild, 1, now);
  for (const userId of [s.a.member.id, ...waiting])
    await requestAdmission(s.bot.db, s.a.guild, userId, now);
  await updateOnboardingSettings(
    s.bot.db,
    s.a.guild,
    { enabled: true, admissionMode: 'approval' },
    now,
  );
});

async function command(subcommand: string, command = 'onboarding', user = s.a.owner.id) {
  const interaction = s.standIn.command({ guild: s.a.guild, user, command, subcommand });
  return { interaction, answer: await s.standIn.answer(interaction) };
}

/** Presses a button and returns the message as the update left it. */
async function press(
  message: APIMessage,
  customId: string,
  user = s.a.owner.id,
  guild = s.a.guild,
) {
  const click = s.standIn.click({ guild, user, message, customId });
  const callback = await s.standIn.callback(click);
  return { click, callback, data: callback.data ?? {} };
}

/** Every page of a paged list, by pressing Next until it is disabled. */
async function allPages(first: InteractionState, answer: Record<string, unknown>) {
  const pages = [String(answer.content)];
  let message = first.messages[0]!;
  let components = answer.components as Row[];
  for (;;) {
    const next = components.flatMap((r) => r.components).at(-1);
    if (next === undefined || next.disabled === true) break;
    const { callback, data } = await press(message, next.custom_id);
    expect(callback.type).toBe(InteractionResponseType.UpdateMessage);
    pages.push(String(data.content));
    components = data.components as Row[];
    message = { ...message, ...(data as Partial<APIMessage>) };
  }
  return pages;
}

describe('long lists page within one message', () => {
  it('shows a 50-question list page by page, every question once and in order', async () => {
    const { interaction, answer } = await command('list');
    const pages = await allPages(interaction, answer);
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(2000);
      expect(page.split('\n')[0]).toMatch(/^\*\*Onboarding: on\*\* .* 50 questions on 10 pages$/);
    }
    const numbers = pages.flatMap((p) => [...p.matchAll(/^\*\*(\d+)\.\*\* /gm)].map((m) => m[1]));
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
    // Each choice is listed once, in full (choices are never cut where they are only listed).
    const choices = pages.flatMap((p) => p.split('\n').filter((l) => l.startsWith('   ◦ ')));
    expect(choices).toHaveLength(25 * 25);
    expect(choices.every((c) => c.length === 105)).toBe(true);
  });

  it('keeps the change it confirms above the first page, and pages the rest alone', async () => {
    const add = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'onboarding',
      subcommand: 'edit',
      options: { question: 1 },
    });
    const submitted = await s.standIn.fillModal({
      guild: s.a.guild,
      user: s.a.owner.id,
      opened: add,
      answers: {
        'Question (up to 45 characters)': labelOf(1),
        'Help text (optional)': 'A few lines are enough.',
      },
    });
    const answer = await s.standIn.answer(submitted);
    const lines = String(answer.content).split('\n');
    expect(lines[0]).toBe(
      'Question 1 updated. Members who already answered keep the version they saw.',
    );
    expect(lines[2]).toMatch(/^\*\*Onboarding: on\*\*/);
    const next = buttonsOf(answer).at(-1)!;
    const page = await press(submitted.messages[0]!, next.custom_id);
    expect(String(page.data.content)).toMatch(/^\*\*Onboarding: on\*\*/);
  });

  it('checks who presses a page button, and in which server, on every press', async () => {
    const { interaction } = await command('list');
    const message = interaction.messages[0]!;
    const next = onboardingRoutes.listPage.build({ page: 1 });
    expect(
      (
        await s.standIn.answer(
          s.standIn.click({ guild: s.a.guild, user: s.a.member.id, message, customId: next }),
        )
      ).content,
    ).toMatch(/^Only managers can do this/);
    // The same button replayed in another server shows that server's list, never this one's.
    const foreign = await press(message, next, s.b.owner.id, s.b.guild);
    expect(String(foreign.data.content)).toContain('No questions yet');
    // A page past the end shows the last page.
    const far = await press(message, onboardingRoutes.listPage.build({ page: 999 }));
    expect(buttonsOf(far.data).at(-1)?.disabled).toBe(true);
    expect(String(far.data.content)).toContain('Choice 25 of question 50');
  });

  it('pages a waitlist of 45 people, each once, in order', async () => {
    const { interaction, answer } = await command('waitlist', 'seats');
    expect(buttonsOf(answer).map((b) => b.custom_id)).toEqual([
      seatRoutes.waitlistPage.build({ page: -1 }),
      seatRoutes.waitlistPage.build({ page: 0 }),
      seatRoutes.waitlistPage.build({ page: 1 }),
    ]);
    expect(buttonsOf(answer).map((b) => b.label)).toEqual(['◀ Previous', 'Page 1 of 3', 'Next ▶']);
    const pages = await allPages(interaction, answer);
    expect(pages).toHaveLength(3);
    const listed = pages.flatMap((p) => [...p.matchAll(/^\d+\. <@(\d+)>/gm)].map((m) => m[1]));
    expect(listed).toEqual(waiting);
  });
});

describe('long answers are shown in full', () => {
  let member: string;

  it('posts a 50-answer approval request over several messages, with the buttons under the last', async () => {
    const user = s.standIn.join(s.a.guild, 'long-answers');
    member = user.id;
    const welcome = await until(() =>
      s.standIn.postedIn(s.a.welcome).find((m) => m.content.includes(user.id)),
    );
    let message: APIMessage | undefined = welcome;
    for (let page = 0; message !== undefined; page++) {
      const opened = s.standIn.click({
        guild: s.a.guild,
        user: user.id,
        message,
        customId: buttonsOf(message)[0]!.custom_id,
      });
      const modal = await s.standIn.shownModal(opened);
      const answers: Record<string, string> = {};
      for (const label of modal.components) {
        const index = Number(/^Question number (\d+)/.exec(label.label)?.[1]);
        if (index <= 25) answers[label.label] = answerOf(index);
      }
      const submitted = await s.standIn.fillModal({
        guild: s.a.guild,
        user: user.id,
        opened,
        answers,
      });
      await s.standIn.answer(submitted);
      message = buttonsOf(submitted.messages[0]!).length > 0 ? submitted.messages[0] : undefined;
      expect(page).toBeLessThan(10);
    }
    const posts = await until(() => {
      const list = s.standIn.postedIn(s.a.log);
      return buttonsOf(list.at(-1) ?? {}).length === 2 ? list : undefined;
    });
    expect(posts.length).toBeGreaterThan(3);
    expect(posts[0]!.embeds[0]!.title).toBe('New member waiting for approval');
    expect(posts.slice(0, -1).every((p) => buttonsOf(p).length === 0)).toBe(true);
    const shown = posts.flatMap((p) => p.embeds.flatMap((e) => e.fields ?? []));
    for (let i = 1; i <= 25; i++)
      expect(shown.find((f) => f.name === labelOf(i))?.value).toBe(answerOf(i));
    expect(shown.filter((f) => f.value === '(no answer)')).toHaveLength(25);

    const approve = buttonsOf(posts.at(-1)!)[0]!;
    const decided = await press(posts.at(-1)!, approve.custom_id, s.a.owner.id);
    expect(decided.callback.type).toBe(InteractionResponseType.UpdateMessage);
    const embeds = decided.data.embeds as APIEmbed[];
    expect(embeds.at(-1)!.footer?.text).toBe('Approved by owner');
    expect(decided.data.components).toEqual([]);
  });

  it('shows the same answers in /profile, as a reply and follow-ups, with Edit under the last', async () => {
    const profile = s.standIn.command({ guild: s.a.guild, user: member, command: 'profile' });
    await s.standIn.answer(profile);
    await until(() => s.bot.hearth.router.inFlight === 0);
    const messages = s.standIn
      .responsesTo(profile)
      .map((r) =>
        r.path.endsWith('/callback')
          ? (r.body as { data: APIMessage }).data
          : (r.body as APIMessage),
      );
    expect(messages.length).toBeGreaterThan(3);
    expect(messages.slice(0, -1).every((m) => buttonsOf(m).length === 0)).toBe(true);
    expect(buttonsOf(messages.at(-1)!).map((b) => b.label)).toEqual(['Edit my answers']);
    const values = messages.flatMap((m) => (m.embeds ?? []).flatMap((e) => e.fields ?? []));
    expect(values.find((f) => f.name === labelOf(25))?.value).toBe(answerOf(25));
  });
});
