import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { UserError } from '../../src/core/errors.js';
import { ensureGuild } from '../../src/core/guilds.js';
import type { SubmittedAnswer } from '../../src/forms/index.js';
import { editDistance, wordingProblem } from '../../src/features/polls/edits.js';
import {
  ballotFromAnswers,
  closePoll,
  createPoll,
  editPoll,
  formVersion,
  pollEdits,
  pollOf,
  pollResults,
  saveSurveyPage,
  surveyProgress,
  vote,
  type NewPoll,
  type Poll,
  type PollEdit,
} from '../../src/features/polls/service.js';
import { exportRows } from '../../src/features/polls/service.js';

const G = '100000000000000001';
const MANAGER = '200000000000000999';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const masterKey = randomBytes(32);

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

const base: NewPoll = {
  channelId: '300000000000000001',
  title: 'Which pizza?',
  questions: [
    {
      kind: 'single',
      label: 'Which pizza?',
      options: ['Margherita', 'Marinara', 'Diavola'],
      required: true,
    },
    { kind: 'short', label: 'One word why', required: false },
  ],
  anonymous: false,
  results: 'live',
  audience: [],
  closesAt: null,
  remindAt: null,
};

/** What a member's Vote form carries: the poll's version in every field. */
function form(poll: Poll, choice: number, why?: string): SubmittedAnswer[] {
  const q = poll.questions[0]!;
  return [
    { ref: { question: 0, revision: poll.version }, raw: { picked: [q.choices![choice]!.key] } },
    {
      ref: { question: 1, revision: poll.version },
      raw: why === undefined ? undefined : { text: why },
    },
  ];
}

/** A vote as the Discord adapter casts it: the ballot read against the poll, the form's version. */
async function submit(answers: SubmittedAnswer[], voter: string, now = 10) {
  const poll = await pollOf(db, G, currentPollId);
  return vote(db, {
    guildId: G,
    pollId: poll.id,
    voter,
    ballot: ballotFromAnswers(poll, answers),
    now,
    version: formVersion(answers),
  });
}
let currentPollId = 0;

const edit = (pollId: number, change: PollEdit, now = 5) =>
  editPoll(db, G, pollId, change, MANAGER, now);
const relabel = (label: string): PollEdit => ({ question: 0, patch: { label } });
const reoption = (...options: string[]): PollEdit => ({ question: 0, patch: { options } });

/** An edit row's wording: its title and questions. */
const wordingOf = (json: string) =>
  JSON.parse(json) as { title: string; questions: { choices?: { label: string }[] }[] };

/** A refusal's message key, or 'accepted'. */
const outcomeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (error: unknown) => {
      if (error instanceof UserError) return error.key;
      throw error;
    },
  );

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  return 'accepted';
}

describe('what a wording fix is', () => {
  it('counts typos as edits: a swap of two letters is one', () => {
    expect(editDistance('teh', 'the')).toBe(1);
    expect(editDistance('Piza', 'Pizza')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('café', 'cafe')).toBe(1);
  });

  it.each([
    ['Piza', 'Pizza', undefined],
    ['Wich pizza do you prefer?', 'Which pizza do you prefer?', undefined],
    ['Recieve it?', 'Receive it?', undefined],
    ['Yes', 'No', 'polls.edit.notWording'],
    ['Margherita', 'Marinara', 'polls.edit.notWording'],
    ['Rate us from 1 to 5', 'Rate us from 1 to 10', 'polls.edit.numbers'],
    ['Did you like the event?', 'Did you not like the event?', 'polls.edit.negation'],
    [
      'Ti è piaciuta la serata di ieri?',
      'Non ti è piaciuta la serata di ieri?',
      'polls.edit.negation',
    ],
    [
      'I do like it, honestly and truly',
      'I don’t like it, honestly and truly',
      'polls.edit.negation',
    ],
  ])('%s → %s: %s', (before, after, problem) => {
    expect(wordingProblem(before, after)?.key).toBe(problem);
  });

  it('allows at most 10 characters in a long question, and 20 % in a short one', () => {
    const long = 'a'.repeat(290) + ' question?';
    expect(wordingProblem(long, 'b'.repeat(10) + long.slice(10))).toBeUndefined();
    expect(wordingProblem(long, 'b'.repeat(11) + long.slice(11))?.key).toBe(
      'polls.edit.notWording',
    );
    expect(wordingProblem('Blue sky', 'Blue skies')?.key).toBe('polls.edit.notWording');
    expect(wordingProblem('Light blue sky', 'Light blue skies')).toBeUndefined();
  });
});

describe('editing a published poll', () => {
  it('before the first answer: anything but anonymity changes, the version goes up, nothing shows as edited', async () => {
    const poll = await createPoll(db, G, base, 0);
    const first = await edit(poll.id, {
      question: 0,
      patch: { kind: 'multi', label: 'Which pizzas?', options: ['Bianca', 'Rossa'], max: 2 },
      results: 'hidden',
    });
    expect(first.afterAnswers).toBe(false);
    expect(first.poll).toMatchObject({
      version: 1,
      edited: false,
      results: 'hidden',
      title: 'Which pizzas?',
    });
    expect(first.poll.questions[0]).toMatchObject({ kind: 'multi', maxValues: 2 });
    const second = await edit(poll.id, { question: 1, patch: { kind: 'text' } });
    expect(second.poll.version).toBe(2);
    expect(second.poll.questions[1]!.kind).toBe('paragraph');
    expect(await refusal(edit(poll.id, { anonymous: true }))).toBe('polls.edit.staysNamed');
    const history = await pollEdits(db, second.poll);
    expect(history.map((h) => [h.version, h.by, h.afterAnswers])).toEqual([
      [1, MANAGER, false],
      [2, MANAGER, false],
    ]);
    expect(wordingOf(history[0]!.oldText).title).toBe('Which pizza?');
    expect(wordingOf(history[0]!.newText).title).toBe('Which pizzas?');
  });

  it('an anonymous poll stays anonymous, before and after answers', async () => {
    const poll = await createPoll(db, G, { ...base, anonymous: true }, 0, { masterKey });
    expect(await refusal(edit(poll.id, { anonymous: false }))).toBe('polls.edit.staysAnonymous');
  });

  it('after the first answer: only wording fixes, recorded and shown as edited', async () => {
    const poll = await createPoll(db, G, base, 0);
    currentPollId = poll.id;
    await submit(form(poll, 1, 'salty'), user(1));
    for (const [change, key] of [
      [reoption('Margherita', 'Marinara', 'Diavola', 'Bianca'), 'polls.edit.optionsClosed'],
      [reoption('Margherita', 'Marinara'), 'polls.edit.structure'],
      [reoption('Marinara', 'Margherita', 'Diavola'), 'polls.edit.notWording'],
      [{ question: 0, patch: { kind: 'multi' } }, 'polls.edit.structure'],
      [{ question: 1, patch: { required: true } }, 'polls.edit.structure'],
      [{ results: 'hidden' }, 'polls.edit.settingsAfterAnswers'],
      [relabel('Which pasta?'), 'polls.edit.notWording'],
      [relabel('Which pizza?'), 'polls.edit.nothing'],
      [{ question: 5, patch: { label: 'x' } }, 'polls.edit.noQuestion'],
    ] as const)
      expect(await refusal(edit(poll.id, change)), JSON.stringify(change)).toBe(key);
    expect((await pollOf(db, G, poll.id)).version).toBe(0);
    const fixed = await edit(poll.id, {
      question: 0,
      patch: { label: 'Which pizza ?', options: ['Margherita', 'Marinara', 'Diavola!'] },
    });
    expect(fixed.afterAnswers).toBe(true);
    expect(fixed.poll).toMatchObject({ version: 1, edited: true, title: 'Which pizza ?' });
    // The vote given before the fix counts for the same option, under its fixed words.
    const rows = await exportRows(db, fixed.poll);
    expect(rows.map((r) => r.answer).sort()).toEqual(['Marinara', 'salty']);
    expect((await pollEdits(db, fixed.poll)).map((h) => h.afterAnswers)).toEqual([true]);
  });

  it('with add_options, options can be added at the end after answers, never in between', async () => {
    const poll = await createPoll(db, G, { ...base, optionsOpen: true }, 0);
    currentPollId = poll.id;
    await submit(form(poll, 2), user(1));
    expect(
      await refusal(edit(poll.id, reoption('Bianca', 'Margherita', 'Marinara', 'Diavola'))),
    ).toBe('polls.edit.notWording');
    const added = await edit(poll.id, reoption('Margherita', 'Marinara', 'Diavola', 'Bianca'));
    expect(added.poll.questions[0]!.choices!.map((c) => [c.key, c.label])).toEqual([
      ['c1', 'Margherita'],
      ['c2', 'Marinara'],
      ['c3', 'Diavola'],
      ['c4', 'Bianca'],
    ]);
    await submit(form(added.poll, 3), user(2));
    expect((await exportRows(db, added.poll)).map((r) => r.answer).sort()).toEqual([
      'Bianca',
      'Diavola',
    ]);
  });

  it('refuses a closed poll, and a vote from a form rendered before an edit (nothing stored)', async () => {
    const poll = await createPoll(db, G, base, 0);
    currentPollId = poll.id;
    const stale = form(poll, 0, 'cheese');
    await edit(poll.id, reoption('Bianca', 'Rossa', 'Verde'));
    expect(await refusal(submit(stale, user(1)))).toBe('polls.changed');
    expect((await pollOf(db, G, poll.id)).voters).toBe(0);
    // A forged form whose fields disagree on the version is refused the same way.
    const fresh = await pollOf(db, G, poll.id);
    const mixed = [form(fresh, 0)[0]!, form(poll, 0, 'x')[1]!];
    expect(await refusal(submit(mixed, user(1)))).toBe('polls.changed');
    await submit(form(fresh, 0), user(1));
    await closePoll(db, G, poll.id, 20);
    expect(await refusal(edit(poll.id, relabel('Which pizza!'), 21))).toBe('polls.edit.closed');
  });

  it('sends unfinished survey responses back to their first page, answers kept, and refuses a page from before', async () => {
    const survey: NewPoll = {
      ...base,
      title: 'Survey',
      questions: [
        ...Array.from({ length: 5 }, (_, i) => ({
          kind: 'rating' as const,
          label: `Rate part ${'ABCDE'[i]}`,
          required: true,
        })),
        { kind: 'short', label: 'A word for us', required: true },
      ],
      survey: { id: null, branches: [] },
    };
    const poll = await createPoll(db, G, survey, 0);
    const page0 = (p: Poll): SubmittedAnswer[] =>
      [0, 1, 2, 3, 4].map((q) => ({
        ref: { question: q, revision: p.version },
        raw: { picked: ['4'] },
      }));
    const save = (page: number, answers: SubmittedAnswer[]) =>
      saveSurveyPage(db, { guildId: G, pollId: poll.id, voter: user(1), page, answers, now: 3 });
    expect((await save(0, page0(poll))).done).toBe(false);
    // A saved page counts as an answer: only wording fixes now.
    expect(await refusal(edit(poll.id, { question: 5, patch: { kind: 'text' } }))).toBe(
      'polls.edit.structure',
    );
    await edit(poll.id, { question: 5, patch: { label: 'A word for us!' } });
    const edited = await pollOf(db, G, poll.id);
    const progress = await surveyProgress(db, edited, user(1));
    expect(progress.page).toBe(0);
    expect(progress.saved?.['0']).toEqual({ picked: ['4'] });
    const stalePage1 = [{ ref: { question: 5, revision: 0 }, raw: { text: 'great' } }];
    expect(await refusal(save(1, stalePage1))).toBe('polls.pageOutOfOrder');
    expect(await refusal(save(0, page0(poll)))).toBe('polls.changed');
    await save(0, page0(edited));
    const done = await save(1, [{ ref: { question: 5, revision: 1 }, raw: { text: 'great' } }]);
    expect(done.done).toBe(true);
  });
});

describe('edits racing answers (property)', () => {
  const OPTIONS = ['Margherita', 'Marinara', 'Diavola', 'Bianca', 'Capricciosa', 'Funghi'];
  type Op =
    | { kind: 'open'; member: number }
    | { kind: 'submit'; member: number; choice: number; why: string }
    | { kind: 'edit'; pick: number; words: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('open' as const), member: fc.nat(3) }),
    fc.record({
      kind: fc.constant('submit' as const),
      member: fc.nat(3),
      choice: fc.nat(5),
      why: fc.constantFrom('good', 'salty', 'cheap', ''),
    }),
    fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(63), words: fc.nat(3) }),
  );

  /** A random edit: new options before answers; after, a wording fix of an option or a full change. */
  function editFor(poll: Poll, pick: number, words: number): PollEdit {
    const labels = poll.questions[0]!.choices!.map((c) => c.label);
    if (words === 0) {
      const chosen = OPTIONS.filter((_, i) => (pick >> i) & 1);
      return reoption(...(chosen.length >= 2 ? chosen : OPTIONS.slice(0, 3)));
    }
    // Toggle a trailing "!" on one option: a wording fix (one character).
    const i = pick % labels.length;
    labels[i] = labels[i]!.endsWith('!') ? labels[i]!.slice(0, -1) : `${labels[i]}!`;
    return reoption(...labels);
  }

  it('every stored response is the whole of one form, taken only at the version it was rendered from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        async (ops, anonymous) => {
          const local = openDatabase(':memory:');
          await migrateToLatest(local);
          await ensureGuild(local, G, { now: 0 });
          const created = await createPoll(local, G, { ...base, anonymous }, 0, { masterKey });
          const forms = new Map<number, Poll>();
          /** The model: each member's last accepted form and answer. */
          const taken = new Map<number, { version: number; label: string; why: string }>();
          let version = 0;
          for (const o of ops) {
            const poll = await pollOf(local, G, created.id);
            expect(poll.version).toBe(version);
            if (o.kind === 'open') forms.set(o.member, poll);
            else if (o.kind === 'edit') {
              try {
                await editPoll(local, G, poll.id, editFor(poll, o.pick, o.words), MANAGER, 5);
                version++;
              } catch (error) {
                if (!(error instanceof UserError)) throw error;
              }
            } else {
              const shown = forms.get(o.member);
              if (shown === undefined) continue;
              const choices = shown.questions[0]!.choices!;
              const choice = o.choice % choices.length;
              const answers = [
                {
                  ref: { question: 0, revision: shown.version },
                  raw: { picked: [choices[choice]!.key] },
                },
                {
                  ref: { question: 1, revision: shown.version },
                  raw: o.why === '' ? undefined : { text: o.why },
                },
              ];
              const voter = anonymous ? `anon-${o.member}` : user(o.member);
              const outcome = await vote(local, {
                guildId: G,
                pollId: poll.id,
                voter,
                ballot: ballotFromAnswers(poll, answers),
                now: 10,
                version: formVersion(answers),
              }).then(
                () => 'accepted',
                (error: unknown) => {
                  if (error instanceof UserError) return error.key;
                  throw error;
                },
              );
              // Taken exactly when nothing was edited since the form was rendered.
              expect(outcome).toBe(shown.version === version ? 'accepted' : 'polls.changed');
              if (outcome === 'accepted')
                taken.set(o.member, {
                  version: shown.version,
                  label: choices[choice]!.label,
                  why: o.why,
                });
            }
          }
          // What is stored: each response's option, read under the version its form showed, is the
          // one the member picked, and under the poll as it is now it is the same option with its
          // words fixed at most (every edit after a response was a wording fix).
          const final = await pollOf(local, G, created.id);
          const history = await pollEdits(local, final);
          /** Each option's words in the version `v` (0: as created). */
          const optionsAt = (v: number): string[] =>
            (v === 0
              ? created.questions
              : wordingOf(history.find((h) => h.version === v)!.newText)
                  .questions)[0]!.choices!.map((c) => c.label);
          for (const [, t] of taken)
            for (const h of history.filter((e) => e.version > t.version))
              expect(h.afterAnswers).toBe(true);
          const rows = await exportRows(local, final, 1);
          if (!anonymous) {
            for (const [member, t] of taken) {
              const mine = rows.filter((r) => r.member === user(member));
              const picked = mine.find((r) => r.question === final.questions[0]!.label)!;
              const index = final.questions[0]!.choices!.findIndex(
                (c) => c.label === picked.answer,
              );
              expect(optionsAt(t.version)[index]).toBe(t.label);
              expect(wordingProblem(t.label, picked.answer)).toBeUndefined();
              const why = mine
                .filter((r) => r.question === final.questions[1]!.label)
                .map((r) => r.answer);
              expect(why).toEqual(t.why === '' ? [] : [t.why]);
            }
            expect(rows.filter((r) => r.question === final.questions[0]!.label)).toHaveLength(
              taken.size,
            );
          } else {
            // Anonymous: the counters per option equal the model's (by option, as the forms showed).
            const counts = final.questions[0]!.choices!.map(() => 0);
            for (const [, t] of taken) {
              counts[optionsAt(t.version).indexOf(t.label)]! += 1;
            }
            expect((await pollResults(local, final))[0]!.counts).toEqual(counts);
          }
          await local.destroy();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an edit and a vote racing in any order: never both taken against different versions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.nat(2), async (s, choice) => {
        const local = openDatabase(':memory:');
        await migrateToLatest(local);
        await ensureGuild(local, G, { now: 0 });
        const poll = await createPoll(local, G, base, 0);
        const answers = [
          { ref: { question: 0, revision: 0 }, raw: { picked: [`c${choice + 1}`] } },
          { ref: { question: 1, revision: 0 }, raw: { text: 'why' } },
        ];
        const settle = outcomeOf;
        const voted = s.schedule(Promise.resolve(), 'vote').then(() =>
          settle(
            vote(local, {
              guildId: G,
              pollId: poll.id,
              voter: user(1),
              ballot: ballotFromAnswers(poll, answers),
              now: 1,
              version: formVersion(answers),
            }),
          ),
        );
        const edited = s
          .schedule(Promise.resolve(), 'edit')
          .then(() =>
            settle(editPoll(local, G, poll.id, reoption('Bianca', 'Rossa', 'Verde'), MANAGER, 1)),
          );
        await s.waitAll();
        const outcome = [await voted, await edited];
        // Either the vote came first (then the options could no longer change), or the edit did
        // (then the vote, rendered from the old options, is refused).
        expect([
          ['accepted', 'polls.edit.notWording'],
          ['polls.changed', 'accepted'],
        ]).toContainEqual(outcome);
        await local.destroy();
      }),
      { numRuns: 40 },
    );
  });
});
