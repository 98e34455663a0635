/**
 * /survey end to end through the stand-in: a manager builds a survey with a skip rule only
 * through the command, publishes it, members answer it page by page, and /poll results shows
 * what they answered. Non-managers and another server's survey ids are refused.
 */
import { describe, expect, it } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { pollOf, pollResults } from '../../src/features/polls/service.js';
import { createSurvey, surveyOf } from '../../src/features/surveys/service.js';
import { type OptionValue } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';
const members: APIUser[] = [];

const s = e2eSuite({
  a: { name: 'Survey Lab' },
  b: { name: 'Elsewhere' },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 2; i++)
      members.push(standIn.addMember(a.guild, `answerer${i}`, [a.memberRole]));
  },
});

async function run(
  command: string,
  subcommand: string,
  options: Record<string, OptionValue>,
  { guild = s.a.guild, user = s.a.owner.id }: { guild?: string; user?: string } = {},
) {
  const interaction = s.standIn.command({ guild, user, command, subcommand, options });
  return (await s.standIn.answer(interaction)).content as string;
}
const survey = (sub: string, options: Record<string, OptionValue> = {}, who = {}) =>
  run('survey', sub, options, who);

async function suggestions(sub: string, options: Record<string, OptionValue>, focused: string) {
  const ac = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'survey',
    subcommand: sub,
    options,
    focused,
  });
  return ((await s.standIn.callback(ac)).data?.choices ?? []) as {
    name: string;
    value: number;
  }[];
}

const buttonOf = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined)
    ?.components[0];

async function page(
  message: APIMessage,
  user: string,
  customId: string,
  answers: Record<string, string>,
) {
  const opened = s.standIn.click({ guild: s.a.guild, user, message, customId });
  const modal = await s.standIn.shownForm(opened);
  const submitted = await s.standIn.fillModal({ guild: s.a.guild, user, opened, answers });
  return { modal, reply: await s.standIn.answer(submitted) };
}

describe('/survey', () => {
  it('a manager builds a 7-question survey with a skip rule through /survey, publishes it, two members answer, /poll results shows it', async () => {
    const created = await survey('create', { title: 'Beta feedback' });
    expect(created).toMatch(/^Survey #(\d+) “Beta feedback” is a draft/);
    expect(created).toContain('`/survey add`');
    const id = Number(/#(\d+)/.exec(created)![1]);

    const single = (text: string, options = 'Yes; No') => ({ kind: 'single', text, options });
    // Added out of order, then moved: "Anything else?" is added first and moved to the end.
    expect(
      await survey('add', { survey: id, kind: 'text', text: 'Anything else?', required: false }),
    ).toContain('Question 1 added (1 question in all).');
    for (const q of [
      single('Did you try the beta?'),
      single('Best part?', 'Speed; Design; Price'),
      single('Faster than before?'),
      single('Would you pay?'),
      single('Recommend it?'),
    ])
      await survey('add', { survey: id, ...q });
    // A question put in place with `position`: before “Recommend it?”.
    expect(await survey('add', { survey: id, ...single('Use it daily?'), position: 6 })).toContain(
      'Question 6 added (7 questions in all).',
    );
    expect(await survey('move', { survey: id, question: 1, position: 7 })).toContain(
      'The question is now number 7.',
    );
    // A rule pointing backward is refused, with the reason.
    expect(await survey('branch', { survey: id, question: 3, answer: 1, skip_to: 2 })).toContain(
      'A skip rule jumps forward',
    );
    const branched = await survey('branch', { survey: id, question: 1, answer: 2, skip_to: 7 });
    expect(branched).toContain('Answering “No” to question 1 now skips to question 7.');
    expect(branched).toContain('↳ “No” skips to question 7');

    // Autocomplete offers this survey, and its questions by number.
    expect((await suggestions('show', { survey: '' }, 'survey')).map((c) => c.value)).toContain(id);
    const questions = await suggestions('remove', { survey: id, question: '' }, 'question');
    expect(questions.map((c) => c.name)).toEqual([
      '1. Did you try the beta?',
      '2. Best part?',
      '3. Faster than before?',
      '4. Would you pay?',
      '5. Use it daily?',
      '6. Recommend it?',
      '7. Anything else?',
    ]);

    // /survey show pages within Discord's limits: Next shows the rest.
    const opened = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'survey',
      subcommand: 'show',
      options: { survey: id },
    });
    const answer = await s.standIn.answer(opened);
    const first = String(answer.content);
    expect(first).toContain('**Beta feedback** (#' + id + '): 7 questions, 3 pages');
    expect(first).toContain('__Page 2__');
    const pager = (
      answer.components as { components: { custom_id: string; label: string }[] }[]
    )[0]!.components;
    expect(pager.map((c) => c.label)).toEqual(['◀ Previous', 'Page 1 of 2', 'Next ▶']);
    const next = await s.standIn.callback(
      s.standIn.click({
        guild: s.a.guild,
        user: s.a.owner.id,
        message: opened.messages[0]!,
        customId: pager[2]!.custom_id,
      }),
    );
    const second = String(next.data?.content);
    expect(second).toContain('**7.** Anything else? (Free text, optional)');
    expect(second.length).toBeLessThanOrEqual(2000);
    expect((await survey('list')).split('\n')).toContain(`#${id} Beta feedback: 7 questions`);

    // Stored as built: the order, and the rule by question ids.
    const stored = await surveyOf(s.db, s.a.guild, id);
    expect(stored.questions.map((q) => q.question.label)).toEqual(
      questions.map((c) => c.name.replace(/^\d+\. /, '')),
    );
    expect(stored.branches).toHaveLength(1);

    // Anonymous, for a role two people hold: refused, as /poll create refuses it.
    const polls = (await s.db.selectFrom('polls').select('id').execute()).length;
    expect(
      await survey('publish', {
        survey: id,
        channel: { channel: s.a.announcements },
        anonymous: true,
        audience: { role: s.a.managerRole },
      }),
    ).toMatch(/^An anonymous poll needs an audience of at least 5 people, and this one has \d:/);
    expect(await s.db.selectFrom('polls').select('id').execute()).toHaveLength(polls);

    const published = await survey('publish', {
      survey: id,
      channel: { channel: s.a.announcements },
    });
    expect(published).toMatch(/^Poll #(\d+) posted in <#\d+>\.$/);
    const pollId = Number(/#(\d+)/.exec(published)![1]);
    const message = await until(() =>
      s.standIn
        .postedIn(s.a.announcements)
        .find((m) => pollRoutes.open.parse(buttonOf(m)?.custom_id ?? '')?.poll === pollId),
    );
    const open = buttonOf(message)!.custom_id;

    // Member 0 says Yes and answers all three pages; member 1 says No and skips to the end.
    await page(message, members[0]!.id, open, { 'Did you try the beta?': 'Yes' });
    await page(message, members[0]!.id, open, {
      'Best part?': 'Design',
      'Faster than before?': 'Yes',
      'Would you pay?': 'No',
      'Recommend it?': 'Yes',
      'Use it daily?': 'No',
    });
    const done = await page(message, members[0]!.id, open, { 'Anything else?': 'Great' });
    expect(done.reply.content).toContain('Your vote is saved.');
    await page(message, members[1]!.id, open, { 'Did you try the beta?': 'No' });
    const last = await page(message, members[1]!.id, open, { 'Anything else?': 'Not yet' });
    expect(last.modal.title).toBe('Beta feedback (2/2)');

    const poll = await pollOf(s.db, s.a.guild, pollId);
    expect(poll.voters).toBe(2);
    const results = await pollResults(s.db, poll);
    expect(results[0]!.counts).toEqual([1, 1]);
    expect(results[1]!.counts).toEqual([0, 1, 0]);

    const shownResults = await run('poll', 'results', { poll: pollId });
    expect(shownResults).toContain('2 votes');
    expect(shownResults).toContain('**1. Did you try the beta?**');
    expect(shownResults).toContain('**7. Anything else?**');

    // Deleting the draft leaves the poll.
    expect(await survey('delete', { survey: id })).toContain('Survey “Beta feedback” deleted.');
    expect((await pollOf(s.db, s.a.guild, pollId)).id).toBe(pollId);
    expect(await survey('show', { survey: id })).toBe('There is no such survey in this server.');
  });

  it('refuses a member who is not a manager, and offers them no suggestions', async () => {
    const before = await s.db.selectFrom('surveys').selectAll().execute();
    const refused = await survey('create', { title: 'Mine' }, { user: s.a.member.id });
    expect(refused).toContain('Only managers can do this');
    expect(await s.db.selectFrom('surveys').selectAll().execute()).toEqual(before);
    const ac = s.standIn.command({
      guild: s.a.guild,
      user: s.a.member.id,
      command: 'survey',
      subcommand: 'show',
      options: { survey: '' },
      focused: 'survey',
    });
    expect((await s.standIn.callback(ac)).data?.choices ?? []).toEqual([]);
  });

  it('refuses a forged id of another server’s survey, changing nothing there', async () => {
    const theirs = await createSurvey(
      s.db,
      s.b.guild,
      {
        title: 'Their survey',
        createdBy: s.b.owner.id,
        questions: [{ kind: 'single', label: 'Yes?', options: ['Yes', 'No'], required: true }],
      },
      Date.now(),
    );
    const before = await surveyOf(s.db, s.b.guild, theirs.id);
    for (const [sub, options] of [
      ['show', { survey: theirs.id }],
      ['add', { survey: theirs.id, kind: 'text', text: 'Injected?' }],
      ['remove', { survey: theirs.id, question: 1 }],
      ['branch', { survey: theirs.id, question: 1, answer: 1, skip_to: 0 }],
      ['publish', { survey: theirs.id, channel: { channel: s.a.announcements } }],
      ['delete', { survey: theirs.id }],
    ] as const)
      expect(await survey(sub, options as Record<string, OptionValue>)).toBe(
        'There is no such survey in this server.',
      );
    expect(await surveyOf(s.db, s.b.guild, theirs.id)).toEqual(before);
    // Nor do its questions show up in this server's autocomplete.
    expect(await suggestions('remove', { survey: theirs.id, question: '' }, 'question')).toEqual(
      [],
    );
  });
});
