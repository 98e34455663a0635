import { describe, expect, it } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { pollOf, pollResults } from '../../src/features/polls/service.js';
import {
  addQuestion,
  createSurvey,
  publishSurvey,
  setBranch,
} from '../../src/features/surveys/service.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';
const members: APIUser[] = [];

const s = e2eSuite({
  a: { name: 'Survey Lab' },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 4; i++)
      members.push(standIn.addMember(a.guild, `answerer${i}`, [a.memberRole]));
  },
});

const buttonOf = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined)
    ?.components[0];

/** Seven questions: Q1 “No” skips to Q7. Pages: [Q1] · [Q2…Q6] · [Q7]. */
async function publish(): Promise<{ pollId: number; message: APIMessage }> {
  const survey = await createSurvey(
    s.db,
    s.a.guild,
    { title: 'Beta feedback', createdBy: s.a.owner.id },
    Date.now(),
  );
  const single = (label: string) => ({
    kind: 'single' as const,
    label,
    options: ['Yes', 'No'],
    required: true,
  });
  for (const q of [
    single('Did you try the beta?'),
    {
      kind: 'single' as const,
      label: 'Best part?',
      options: ['Speed', 'Design', 'Price'],
      required: true,
    },
    single('Faster than before?'),
    single('Would you pay?'),
    single('Recommend it?'),
    single('Use it daily?'),
    { kind: 'text' as const, label: 'Anything else?', required: false },
  ])
    await addQuestion(s.db, s.a.guild, survey.id, q, Date.now());
  await setBranch(s.db, s.a.guild, survey.id, { from: 1, option: 2, to: 7 }, Date.now());
  const poll = await publishSurvey(
    s.db,
    s.a.guild,
    survey.id,
    {
      channelId: s.a.announcements,
      anonymous: false,
      results: 'live',
      audience: [],
      closesAt: null,
      remindAt: null,
    },
    Date.now(),
  );
  const message = await until(() =>
    s.standIn
      .postedIn(s.a.announcements)
      .find((m) => pollRoutes.open.parse(buttonOf(m)?.custom_id ?? '')?.poll === poll.id),
  );
  return { pollId: poll.id, message };
}

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

describe('a survey answered in pages', () => {
  it('members answer page by page, stop and continue, and skips apply; what is stored matches', async () => {
    const { pollId, message } = await publish();
    const open = buttonOf(message)!.custom_id;
    expect(pollRoutes.open.parse(open)?.poll).toBe(pollId);

    // Member 0: Yes, then the five questions of page 2 (it stops there), then continues.
    const first = await page(message, members[0]!.id, open, { 'Did you try the beta?': 'Yes' });
    expect(first.modal.title).toBe('Beta feedback (1/3)');
    expect(first.reply.content).toContain('Page 1 of 3 saved');
    const second = await page(message, members[0]!.id, open, {
      'Best part?': 'Design',
      'Faster than before?': 'Yes',
      'Would you pay?': 'No',
      'Recommend it?': 'Yes',
      'Use it daily?': 'No',
    });
    expect(second.modal.components).toHaveLength(5);
    expect(second.reply.content).toContain('Page 2 of 3 saved');
    const third = await page(message, members[0]!.id, open, { 'Anything else?': 'Great work' });
    expect(third.reply.content).toContain('saved');

    // Member 1: No skips straight to the last page.
    await page(message, members[1]!.id, open, { 'Did you try the beta?': 'No' });
    const last = await page(message, members[1]!.id, open, { 'Anything else?': 'Not yet' });
    expect(last.modal.title).toBe('Beta feedback (2/2)');

    const poll = await pollOf(s.db, s.a.guild, pollId);
    expect(poll.voters).toBe(2);
    const results = await pollResults(s.db, poll);
    expect(results[0]!.counts).toEqual([1, 1]);
    expect(results[1]!.counts).toEqual([0, 1, 0]);
    expect(results[6]!.answered).toBe(2);
    expect(await s.db.selectFrom('poll_drafts').selectAll().execute()).toEqual([]);
  });

  it('a page sent out of order (a stale form sent again) is refused, and the member is told where to continue', async () => {
    const { pollId, message } = await publish();
    const user = members[2]!.id;
    const customId = buttonOf(message)!.custom_id;
    // The member opens page 1 twice (two windows), and sends both.
    const once = s.standIn.click({ guild: s.a.guild, user, message, customId });
    await s.standIn.shownForm(once);
    const twice = s.standIn.click({ guild: s.a.guild, user, message, customId });
    await s.standIn.shownForm(twice);
    const answers = { 'Did you try the beta?': 'Yes' };
    await s.standIn.answer(
      await s.standIn.fillModal({ guild: s.a.guild, user, opened: once, answers }),
    );
    const stale = await s.standIn.answer(
      await s.standIn.fillModal({ guild: s.a.guild, user, opened: twice, answers }),
    );
    expect(stale.content).toContain('continue from page 2');
    expect((await pollOf(s.db, s.a.guild, pollId)).voters).toBe(0);
    const drafts = await s.db
      .selectFrom('poll_drafts')
      .selectAll()
      .where('poll_id', '=', pollId)
      .execute();
    expect(drafts.map((d) => d.page)).toEqual([1]);
  });
});
