/**
 * Editing published polls and surveys end to end through the stand-in: /poll edit before the
 * first vote (anything changes, the message is edited through the outbox), a stale button
 * refused, then after votes only wording fixes, shown as edited; every refused edit says why.
 * /survey edit on a draft and on a published round, and the short text kind answered in a survey.
 */
import { describe, expect, it } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { pollEdits, pollOf, exportRows } from '../../src/features/polls/service.js';
import { type OptionValue } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

const members: APIUser[] = [];
const s = e2eSuite({
  a: { name: 'Edit Lab' },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 3; i++) members.push(standIn.addMember(a.guild, `m${i}`, [a.memberRole]));
  },
});

async function run(command: string, subcommand: string, options: Record<string, OptionValue>) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command,
    subcommand,
    options,
  });
  return String((await s.standIn.answer(interaction)).content);
}
const buttons = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined)
    ?.components ?? [];
const current = (m: APIMessage) => s.standIn.postedIn(m.channel_id).find((x) => x.id === m.id)!;
const patches = (m: APIMessage) =>
  s.standIn.requests.filter(
    (r) => r.method === 'PATCH' && r.path === `/channels/${m.channel_id}/messages/${m.id}`,
  );
async function press(message: APIMessage, user: string, customId: string) {
  return String(
    (await s.standIn.answer(s.standIn.click({ guild: s.a.guild, user, message, customId })))
      .content,
  );
}

describe('/poll edit', () => {
  it('before the first vote changes anything; a button from before is refused; after votes only typos, shown as edited', async () => {
    const created = await run('poll', 'create', {
      channel: { channel: s.a.announcements },
      question: 'Wich logo do you prefer?',
      kind: 'single',
      options: 'Blue; Gren',
    });
    const pollId = Number(/#(\d+)/.exec(created)![1]);
    const message = await until(() =>
      s.standIn
        .postedIn(s.a.announcements)
        .find((m) => pollRoutes.pick.parse(buttons(m)[0]?.custom_id ?? '')?.poll === pollId),
    );
    const stale = buttons(message);

    // Nobody voted: options change freely (one added, one renamed far beyond a typo).
    expect(await run('poll', 'edit', { poll: pollId, options: 'Blue; Green; Red' })).toBe(
      `Poll #${pollId} is updated. Its message shows the change in a moment.`,
    );
    await until(() => patches(message).length >= 1);
    const shown = current(message);
    expect(buttons(shown).map((b) => b.label)).toEqual(['Blue', 'Green', 'Red']);
    expect(shown.embeds[0]!.fields![0]!.value).not.toContain('Edited');
    expect(pollRoutes.pick.parse(buttons(shown)[0]!.custom_id)).toMatchObject({ version: 1 });

    // A press on a button rendered before the edit is refused, not counted for another option.
    expect(await press(message, members[0]!.id, stale[1]!.custom_id)).toBe(
      'This poll was edited while you were answering, so your answer was not saved: press the poll’s button again to answer it as it is now.',
    );
    expect((await pollOf(s.db, s.a.guild, pollId)).voters).toBe(0);
    expect(await press(shown, members[0]!.id, buttons(shown)[1]!.custom_id)).toMatch(
      /^Your vote is saved\./,
    );

    // Someone voted: every change but a wording fix is refused, each with its reason.
    const refusals: [Record<string, OptionValue>, string][] = [
      [{ options: 'Green; Blue; Red' }, '“Blue” → “Green” changes more than 1 character.'],
      [{ options: 'Blue; Green; Red; Purple' }, 'not created with add_options:True'],
      [{ options: 'Blue; Green' }, 'the same questions, kinds and options in the same order'],
      [{ kind: 'multi' }, 'the same questions, kinds and options in the same order'],
      [{ question: 'Which logo do you hate?' }, 'changes more than 4 characters'],
      [{ results: 'hidden' }, 'Only wording fixes are possible now.'],
      [{ anonymous: true }, 'so it stays named'],
      [{ number: 3, question: 'Hm?' }, 'This poll has 1 question: pick a number from 1 to 1.'],
    ];
    for (const [options, said] of refusals)
      expect(
        await run('poll', 'edit', { poll: pollId, ...options }),
        JSON.stringify(options),
      ).toContain(said);
    const before = await pollOf(s.db, s.a.guild, pollId);
    expect(before).toMatchObject({ version: 1, edited: false });

    // The typo fix goes through: the title follows the question, and the message says edited.
    expect(await run('poll', 'edit', { poll: pollId, question: 'Which logo do you prefer?' })).toBe(
      `Poll #${pollId} is updated and shows as edited, since people had already answered.`,
    );
    await until(() => patches(message).length >= 2);
    const fixed = current(message);
    expect(fixed.embeds[0]!.title).toBe('Which logo do you prefer?');
    expect(fixed.embeds[0]!.description).toContain('**1. Which logo do you prefer?**');
    expect(fixed.embeds[0]!.fields![0]!.value).toContain('✏️ Edited');
    expect(fixed.edited_timestamp).toBeTruthy();

    // Stored: the new wording, the version, and the history of who changed what.
    const poll = await pollOf(s.db, s.a.guild, pollId);
    expect(poll).toMatchObject({ version: 2, edited: true, title: 'Which logo do you prefer?' });
    const history = await pollEdits(s.db, poll);
    expect(history.map((h) => [h.version, h.by, h.afterAnswers])).toEqual([
      [1, s.a.owner.id, false],
      [2, s.a.owner.id, true],
    ]);
    expect(history[1]!.oldText).toContain('Wich logo do you prefer?');
    expect(history[1]!.newText).toContain('Which logo do you prefer?');
    // The vote given before the fix still counts, for the same option.
    expect((await exportRows(s.db, poll)).map((r) => [r.question, r.answer])).toEqual([
      ['Which logo do you prefer?', 'Green'],
    ]);
    // A closed poll cannot be edited.
    await run('poll', 'close', { poll: pollId });
    expect(await run('poll', 'edit', { poll: pollId, question: 'Which logo do you prefer!' })).toBe(
      'This poll is closed: a closed poll cannot be edited.',
    );
  });
});

describe('/survey edit and the short text kind', () => {
  it('edits a draft question freely, then a published round only by typos once answered; a short answer is one line of at most 100 characters', async () => {
    const created = await run('survey', 'create', { title: 'Team check-in' });
    const id = Number(/#(\d+)/.exec(created)![1]);
    await run('survey', 'add', { survey: id, kind: 'single', text: 'Happy?', options: 'Yes; No' });
    await run('survey', 'add', { survey: id, kind: 'text', text: 'One wrd for the team' });
    // A draft: the kind and the text change at will.
    const edited = await run('survey', 'edit', {
      survey: id,
      question: 2,
      kind: 'short',
      text: 'One word for the team',
    });
    expect(edited).toContain('Question 2 is updated.');
    expect(edited).toContain(
      'One word for the team (Short text: one line, up to 100 characters, required)',
    );

    const published = await run('survey', 'publish', {
      survey: id,
      channel: { channel: s.a.announcements },
    });
    const pollId = Number(/#(\d+)/.exec(published)![1]);
    const message = await until(() =>
      s.standIn
        .postedIn(s.a.announcements)
        .find((m) => pollRoutes.open.parse(buttons(m)[0]?.custom_id ?? '')?.poll === pollId),
    );
    const open = buttons(message)[0]!.custom_id;
    // Before anyone answered, a published round changes freely too.
    expect(
      await run('survey', 'edit', {
        survey: id,
        poll: pollId,
        question: 1,
        options: 'Yes; No; Maybe',
      }),
    ).toBe(`Poll #${pollId} is updated. Its message shows the change in a moment.`);

    const opened = s.standIn.click({
      guild: s.a.guild,
      user: members[1]!.id,
      message,
      customId: open,
    });
    const modal = await s.standIn.shownForm(opened);
    const input = JSON.stringify(modal).match(/"type":4,[^}]*/)![0];
    expect(input).toContain('"style":1');
    expect(input).toContain('"max_length":100');
    const submitted = await s.standIn.fillModal({
      guild: s.a.guild,
      user: members[1]!.id,
      opened,
      answers: { 'Happy?': 'Maybe', 'One word for the team': 'Curious' },
    });
    expect(String((await s.standIn.answer(submitted)).content)).toMatch(/^Your vote is saved\./);

    // Answered: structure refused, a typo fixed; another survey's round is refused.
    expect(
      await run('survey', 'edit', { survey: id, poll: pollId, question: 2, kind: 'text' }),
    ).toContain('only wording fixes are possible now');
    expect(
      await run('survey', 'edit', { survey: id, poll: pollId, question: 1, text: 'Happy ?' }),
    ).toContain('shows as edited');
    const other = await run('survey', 'create', { title: 'Other' });
    const otherId = Number(/#(\d+)/.exec(other)![1]);
    expect(
      await run('survey', 'edit', { survey: otherId, poll: pollId, question: 1, text: 'Happy!' }),
    ).toBe(`Poll #${pollId} is not a published round of this survey.`);

    const poll = await pollOf(s.db, s.a.guild, pollId);
    expect(poll.questions.map((q) => q.label)).toEqual(['Happy ?', 'One word for the team']);
    expect((await exportRows(s.db, poll)).map((r) => r.answer).sort()).toEqual([
      'Curious',
      'Maybe',
    ]);
    // The draft is untouched by edits of its published round.
    expect(await run('survey', 'show', { survey: id })).toContain('Happy?');
  });
});
