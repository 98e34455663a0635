import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord-api-types/v10';
import { LIMITS, POLL_KINDS } from '../../src/features/polls/service.js';
import { type InteractionState } from '../stand-in/server.js';
import { e2eSuite } from '../helpers/suite.js';

const s = e2eSuite();

const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '@everyone',
    '@here',
    '<@&1>',
    `<@${'1'.repeat(18)}>`,
    '**bold** ~~x~~ ||spoiler||',
    "'; drop table polls; --",
    '\u0000',
    'a;b',
    ';;;',
    'x'.repeat(46),
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.string({ maxLength: 90 }), { maxLength: 30 }).map((xs) => xs.join(';')),
  fc.string({ minLength: 1001, maxLength: 6000 }),
);

async function answeredOnce(interaction: InteractionState) {
  const answer = await s.standIn.answer(interaction);
  expect(
    s.standIn.responsesTo(interaction).filter((r) => r.path.endsWith('/callback')),
  ).toHaveLength(1);
  expect(
    s.standIn.responsesTo(interaction).every((r) => r.status === 204 || r.status === 200),
  ).toBe(true);
  return answer;
}

describe('fuzzing polls', () => {
  it('poll definitions and free-text answers: every interaction answered once, nothing pings, only valid polls and answers stored', async () => {
    // A text poll to answer with generated text.
    const created = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'poll',
      subcommand: 'create',
      options: {
        channel: { channel: s.a.announcements },
        question: 'Anything to add?',
        kind: 'text',
      },
    });
    await answeredOnce(created);
    const textPoll = s.standIn.postedIn(s.a.announcements).at(-1)!;
    const voteId = (textPoll.components![0] as { components: { custom_id: string }[] })
      .components[0]!.custom_id;

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...POLL_KINDS),
        nasty,
        nasty,
        fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
        nasty,
        async (kind, question, options, max, answer) => {
          const opts: Record<string, string | number | { channel: string }> = {
            channel: { channel: s.a.announcements },
            question: question.slice(0, LIMITS.label) || '?',
            kind,
            options,
          };
          if (max !== undefined) opts.max_choices = max;
          await answeredOnce(
            s.standIn.command({
              guild: s.a.guild,
              user: s.a.owner.id,
              command: 'poll',
              subcommand: 'create',
              options: opts,
            }),
          );

          const opened = s.standIn.click({
            guild: s.a.guild,
            user: s.a.member.id,
            message: textPoll,
            customId: voteId,
          });
          await answeredOnce(opened);
          if ((await s.standIn.callback(opened)).type !== InteractionResponseType.Modal) return;
          const modal = await s.standIn.shownModal(opened);
          // Discord's client enforces max_length; a forged submission does not.
          const submitted = await s.standIn.fillModal({
            guild: s.a.guild,
            user: s.a.member.id,
            opened,
            answers: {},
            raw: { [modal.components[0]!.component.custom_id]: { value: answer } },
          });
          await answeredOnce(submitted);
        },
      ),
      { numRuns: 300 },
    );

    // Everything the bot posted is unable to ping anyone.
    for (const r of s.standIn.requests.filter(
      (x) =>
        x.method === 'POST' && x.path.endsWith('/messages') && !x.path.startsWith('/interactions'),
    )) {
      expect((r.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    }
    const polls = await s.bot.db.selectFrom('polls').select(['title', 'questions']).execute();
    expect(polls.length).toBeGreaterThan(1);
    for (const p of polls) {
      expect(p.title.length).toBeGreaterThan(0);
      for (const q of JSON.parse(p.questions) as {
        label: string;
        options?: string[];
        choices?: unknown[];
      }[]) {
        expect(q.label.length).toBeLessThanOrEqual(LIMITS.label);
        if (q.options) expect(q.options.length).toBeGreaterThanOrEqual(2);
        // Polls store the forms kit's questions: choices rather than options.
        if (q.choices) expect(q.choices.length).toBeGreaterThanOrEqual(2);
      }
    }
    for (const t of await s.bot.db.selectFrom('poll_texts').select('text').execute())
      expect(t.text.length).toBeLessThanOrEqual(LIMITS.text);
    expect(s.bot.logs.errors).toEqual([]);
    expect(s.standIn.unknownRequests).toEqual([]);
  }, 120_000);
});
