/**
 * "Members may add an option" end to end through the stand-in: a member suggests an option from
 * the poll message, the managers get it in the manager log with Approve and Reject, and the
 * approved option is added through the poll's edit (version bumped, message shown again). The
 * attacker's side: a poll without the setting refuses, a forged Approve from a member is refused,
 * two Approves at once add the option once, bad texts are refused with their reason, and an
 * anonymous poll's suggestion names nobody anywhere Hearth posts.
 */
import { describe, expect, it } from 'vitest';
import { InteractionResponseType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { pollEdits, pollOf } from '../../src/features/polls/service.js';
import { type OptionValue } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

const members: APIUser[] = [];
const s = e2eSuite({
  a: { name: 'Suggest Lab' },
  setup: (c) => ({ log_channel: { channel: c.log } }),
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 6; i++) members.push(standIn.addMember(a.guild, `s${i}`, [a.memberRole]));
  },
});

type Button = { custom_id: string; label: string };
const buttonsOf = (m: APIMessage): Button[] =>
  (m.components ?? []).flatMap((row) => (row as { components?: Button[] }).components ?? []);
const current = (m: APIMessage) => s.standIn.postedIn(m.channel_id).find((x) => x.id === m.id)!;

async function createPoll(
  options: Record<string, OptionValue>,
): Promise<{ id: number; message: APIMessage }> {
  const created = String(
    (
      await s.standIn.answer(
        s.standIn.command({
          guild: s.a.guild,
          user: s.a.owner.id,
          command: 'poll',
          subcommand: 'create',
          options: { channel: { channel: s.a.announcements }, kind: 'single', ...options },
        }),
      )
    ).content,
  );
  const id = Number(/#(\d+)/.exec(created)![1]);
  const message = await until(() =>
    s.standIn
      .postedIn(s.a.announcements)
      .find((m) =>
        buttonsOf(m).some(
          (b) =>
            pollRoutes.pick.parse(b.custom_id)?.poll === id ||
            pollRoutes.open.parse(b.custom_id)?.poll === id,
        ),
      ),
  );
  return { id, message };
}

/** A member presses "Suggest an option" and types `text`; the ephemeral answer. */
async function suggest(message: APIMessage, user: string, text: string): Promise<string> {
  const button = buttonsOf(current(message)).find((b) => pollRoutes.suggest.parse(b.custom_id));
  expect(button?.label).toBe('Suggest an option');
  const opened = s.standIn.click({ guild: s.a.guild, user, message, customId: button!.custom_id });
  const callback = await s.standIn.callback(opened);
  if (callback.type !== InteractionResponseType.Modal)
    return String((await s.standIn.answer(opened)).content);
  const submitted = await s.standIn.fillModal({
    guild: s.a.guild,
    user,
    opened,
    answers: { 'Your option (up to 80 characters)': text },
  });
  return String((await s.standIn.answer(submitted)).content);
}

/** A forged submission of the suggestion modal (Discord's own length limit not applied). */
async function forged(pollId: number, user: string, text: string): Promise<string> {
  const submitted = s.standIn.submitModal({
    guild: s.a.guild,
    user,
    customId: pollRoutes.suggestion.build({ poll: pollId }),
    fields: { option: text },
  });
  return String((await s.standIn.answer(submitted)).content);
}

const reviews = (pollId: number) =>
  s.standIn.postedIn(s.a.log).filter((m) => m.content.includes(`poll #${pollId} `));

async function reviewFor(pollId: number, option: string): Promise<APIMessage> {
  return until(() => reviews(pollId).find((m) => m.content.endsWith(`>>> ${option}`)));
}
const reviewButton = (review: APIMessage, verdict: 'approve' | 'reject') =>
  buttonsOf(review).find((b) => pollRoutes.review.parse(b.custom_id)?.verdict === verdict)!
    .custom_id;

describe('members may add an option', () => {
  it('a member suggests, a manager approves: the option is added through the edit, once', async () => {
    const { id, message } = await createPoll({
      question: 'Where do we meet?',
      options: 'Park; Library',
      add_options: true,
    });
    expect(buttonsOf(message).map((b) => b.label)).toEqual([
      'Park',
      'Library',
      'Suggest an option',
    ]);
    // Someone voted already: the added option goes at the end, shifting nobody's answer.
    const vote = s.standIn.click({
      guild: s.a.guild,
      user: members[0]!.id,
      message,
      customId: buttonsOf(message)[0]!.custom_id,
    });
    expect(String((await s.standIn.answer(vote)).content)).toMatch(/^Your vote is saved\./);

    expect(await suggest(message, members[1]!.id, '  **Café   Roma**  ')).toBe(
      'Thank you! Your option is sent to the managers: it appears on the poll if they approve it.',
    );
    // Stored pending, under a fingerprint, never the member's id.
    const rows = await s.db
      .selectFrom('poll_suggestions')
      .selectAll()
      .where('poll_id', '=', id)
      .execute();
    expect(rows.map((r) => [r.label, r.status])).toEqual([['**Café Roma**', 'pending']]);
    expect(JSON.stringify(rows)).not.toContain(members[1]!.id);
    // One pending per member per poll.
    expect(await suggest(message, members[1]!.id, 'Beach')).toContain(
      'still waiting for the managers',
    );

    const review = await reviewFor(id, '**Café Roma**');
    expect(review.content).toBe(
      `A member suggested an option for poll #${id} “Where do we meet?” (question 1):\n>>> **Café Roma**`,
    );
    expect(review.content).not.toContain(members[1]!.id);

    // A member forging the Approve press is refused by the router; nothing changes.
    const forgedPress = s.standIn.click({
      guild: s.a.guild,
      user: members[2]!.id,
      message: review,
      customId: reviewButton(review, 'approve'),
    });
    expect(String((await s.standIn.answer(forgedPress)).content)).toMatch(/manager/i);
    expect((await pollOf(s.db, s.a.guild, id)).version).toBe(0);

    // Two managers' presses at the same moment: one adds the option, the other is told.
    const presses = [0, 1].map(() =>
      s.standIn.click({
        guild: s.a.guild,
        user: s.a.owner.id,
        message: review,
        customId: reviewButton(review, 'approve'),
      }),
    );
    const answered = await Promise.all(presses.map((p) => s.standIn.callback(p)));
    const said = JSON.stringify(answered);
    expect(said).toContain('Added to the poll by');
    const poll = await pollOf(s.db, s.a.guild, id);
    expect(poll.version).toBe(1);
    expect(
      poll.questions[0]!.kind === 'single' && poll.questions[0]!.choices.map((c) => c.label),
    ).toEqual(['Park', 'Library', '**Café Roma**']);
    expect((await pollEdits(s.db, poll)).map((e) => [e.version, e.by, e.afterAnswers])).toEqual([
      [1, s.a.owner.id, true],
    ]);
    expect(
      (
        await s.db
          .selectFrom('poll_suggestions')
          .select('status')
          .where('poll_id', '=', id)
          .execute()
      ).map((r) => r.status),
    ).toEqual(['approved']);
    // The poll message shows the new option, from the new version, through the outbox.
    const shown = await until(() => {
      const m = current(message);
      return buttonsOf(m).length === 4 ? m : undefined;
    });
    expect(buttonsOf(shown).map((b) => b.label)).toEqual([
      'Park',
      'Library',
      '**Café Roma**',
      'Suggest an option',
    ]);
    expect(pollRoutes.pick.parse(buttonsOf(shown)[2]!.custom_id)).toMatchObject({ version: 1 });
    // Its suggester may suggest again now; the same option (any case, any formatting) is refused.
    expect(await suggest(message, members[1]!.id, 'café roma')).toBe(
      '“café roma” is already an option of this poll, or already waiting for the managers.',
    );
  });

  it('refuses a poll without the setting, bad texts, and a full question', async () => {
    const closed = await createPoll({ question: 'Tea or coffee?', options: 'Tea; Coffee' });
    expect(buttonsOf(closed.message).map((b) => b.label)).toEqual(['Tea', 'Coffee']);
    expect(await forged(closed.id, members[0]!.id, 'Juice')).toBe(
      'This poll does not take suggested options: only polls created with add_options:True do.',
    );

    const open = await createPoll({
      question: 'Which day?',
      options: 'Mon; Tue',
      add_options: true,
    });
    const m = members[3]!.id;
    expect(await forged(open.id, m, 'x'.repeat(101))).toBe(
      'That option is 101 characters; the limit is 80, what a poll’s button or menu can show.',
    );
    expect(await suggest(open.message, m, 'y'.repeat(81))).toContain(
      'That option is 81 characters',
    );
    expect(await suggest(open.message, m, 'MON')).toBe(
      '“MON” is already an option of this poll, or already waiting for the managers.',
    );
    for (const text of ['   ', '** __ ~~', '\u200b\u200b'])
      expect(await forged(open.id, m, text), JSON.stringify(text)).toBe(
        'Type an option: it cannot be empty, only spaces or only formatting characters.',
      );
    for (const text of [`<@${s.a.owner.id}>`, '@everyone party', `<#${s.a.announcements}>`])
      expect(await forged(open.id, m, text)).toBe(
        'An option cannot mention anyone, a role, a channel or a command.',
      );
    // Another member's pending twin counts as a duplicate too.
    expect(await suggest(open.message, members[4]!.id, 'Friday')).toContain('sent to the managers');
    expect(await suggest(open.message, members[5]!.id, 'friday')).toContain('already waiting');
    expect(
      await s.db
        .selectFrom('poll_suggestions')
        .select('label')
        .where('poll_id', '=', open.id)
        .execute(),
    ).toEqual([{ label: 'Friday' }]);

    // A question at the option cap: refused before it reaches anyone.
    const many = Array.from({ length: 25 }, (_, i) => `Option ${i + 1}`).join('; ');
    const full = await createPoll({ question: 'Pick one', options: many, add_options: true });
    expect(await suggest(full.message, m, 'One more')).toBe(
      'This question already has 25 options, the most it can hold.',
    );

    // A closed poll refuses, and its suggestions go with the close.
    await s.standIn.answer(
      s.standIn.command({
        guild: s.a.guild,
        user: s.a.owner.id,
        command: 'poll',
        subcommand: 'close',
        options: { poll: open.id },
      }),
    );
    expect(await forged(open.id, m, 'Sunday')).toContain('closed');
    expect(
      await s.db
        .selectFrom('poll_suggestions')
        .select('id')
        .where('poll_id', '=', open.id)
        .execute(),
    ).toEqual([]);
  });

  it('an anonymous poll’s suggestion names nobody in anything Hearth posts', async () => {
    const { id, message } = await createPoll({
      question: 'Next workshop topic?',
      options: 'Design; Writing',
      add_options: true,
      anonymous: true,
    });
    const who = members[2]!;
    expect(await suggest(message, who.id, 'Photography')).toContain('sent to the managers');
    const review = await reviewFor(id, 'Photography');
    const approve = s.standIn.click({
      guild: s.a.guild,
      user: s.a.owner.id,
      message: review,
      customId: reviewButton(review, 'approve'),
    });
    expect(JSON.stringify((await s.standIn.callback(approve)).data)).toContain(
      'Added to the poll by',
    );
    await until(
      () => buttonsOf(current(message)).some((b) => b.label === 'Photography') || undefined,
    );
    // Nothing sent to Discord by the bot (posts, edits, interaction answers) names the suggester.
    const sent = s.standIn.requests
      .filter((r) => r.method !== 'GET')
      .map((r) => JSON.stringify(r.body ?? ''))
      .filter((body) => body.includes('Photography'));
    expect(sent.length).toBeGreaterThan(0);
    for (const body of sent) {
      expect(body).not.toContain(who.id);
      expect(body).not.toContain(who.username);
    }
    const stored = await s.db
      .selectFrom('poll_suggestions')
      .selectAll()
      .where('poll_id', '=', id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(who.id);
  });
});
