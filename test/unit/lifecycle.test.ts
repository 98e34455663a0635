import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { buildDefinition } from '../../src/features/onboarding/definitions.js';
import { desiredRoles } from '../../src/features/onboarding/members.js';
import {
  addQuestion,
  editQuestion,
  mapChoiceRole,
} from '../../src/features/onboarding/questionnaire.js';
import {
  admitNow,
  removeMember,
  requestAdmission,
  memberLeft,
} from '../../src/features/membership/service.js';
import { suggestPrompt } from '../../src/features/prompts/bank.js';

const G = '100000000000000001';
const U = '200000000000000001';
const V = '200000000000000002';
const ROLE = '300000000000000001';

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

describe('choice keys', () => {
  it('any sequence of edits: a key, once used by a question, never names another choice', () => {
    const label = fc.constantFrom('Red', 'Green', 'Blue', 'Cyan', 'Teal', 'Gold', 'Plum');
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(label, { minLength: 2, maxLength: 6 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (revisions) => {
          const meaning = new Map<string, string>();
          let previous;
          const used: string[] = [];
          for (const labels of revisions) {
            const { definition } = buildDefinition(
              { kind: 'single', label: 'Colour?', required: true, choicesText: labels.join('\n') },
              previous,
              used,
            );
            for (const choice of definition!.choices!) {
              const before = meaning.get(choice.key);
              // A key keeps its choice: it may be relabelled only by a rename, never reassigned.
              if (before !== undefined) expect(before).toBe(choice.label);
              meaning.set(choice.key, choice.label);
              used.push(choice.key);
            }
            previous = definition;
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('an answer under a key an older Hearth reused for a new choice earns nothing', async () => {
    const q = await addQuestion(
      db,
      G,
      { kind: 'single', label: 'Team?', required: true, choicesText: 'A\nB\nC' },
      1,
    );
    // Revision 2 dropped C; revision 3 (written by an older version) gave its key c3 to D.
    const definition = (choices: string[]) =>
      JSON.stringify({
        kind: 'single',
        label: 'Team?',
        required: true,
        choices: choices.map((label, i) => ({ key: `c${i + 1}`, label })),
      });
    for (const [revision, choices] of [
      [2, ['A', 'B']],
      [3, ['A', 'B', 'D']],
    ] as const) {
      await db
        .insertInto('question_revisions')
        .values({
          question_id: q.id,
          revision,
          guild_id: G,
          definition: definition([...choices]),
          created_at: revision,
        })
        .execute();
    }
    await db.updateTable('questions').set({ current_revision: 3 }).where('id', '=', q.id).execute();
    await mapChoiceRole(db, G, q.id, 'c3', ROLE, 4);
    for (const [user, revision] of [
      [U, 1],
      [V, 3],
    ] as const) {
      await db
        .insertInto('onboarding_members')
        .values({
          guild_id: G,
          user_id: user,
          status: 'completed',
          joined_at: 1,
          left_at: null,
          welcomed_at: 1,
          started_at: 1,
          completed_at: 2,
          decided_at: null,
          decided_by: null,
        })
        .execute();
      await db
        .insertInto('answers')
        .values({
          guild_id: G,
          user_id: user,
          question_id: q.id,
          revision,
          value: JSON.stringify({ choices: ['c3'] }),
          answered_at: 5,
        })
        .execute();
      await db
        .insertInto('answer_choices')
        .values({ guild_id: G, user_id: user, question_id: q.id, choice_key: 'c3' })
        .execute();
    }
    // U picked C in revision 1; only V picked D.
    expect(await desiredRoles(db, G, U)).toEqual([]);
    expect(await desiredRoles(db, G, V)).toEqual([ROLE]);
    // Hearth itself never reuses it: a new choice gets c4.
    const edited = await editQuestion(
      db,
      G,
      q.id,
      { kind: 'single', label: 'Team?', required: true, choicesText: 'A\nB\nD\nE' },
      6,
    );
    expect(edited.definition.choices!.map((c) => c.key)).toEqual(['c1', 'c2', 'c3', 'c4']);
  });
});

describe('a manager’s removal', () => {
  it('survives leaving and rejoining, tells once, and ends only by a manager', async () => {
    await requestAdmission(db, G, U, 1);
    await removeMember(db, G, U, 2, '400000000000000001');
    await memberLeft(db, G, U, 3);
    const again = await requestAdmission(db, G, U, 4);
    expect(again).toMatchObject({ outcome: 'barred', firstNotice: true });
    expect(await requestAdmission(db, G, U, 5)).toMatchObject({
      outcome: 'barred',
      firstNotice: false,
    });
    // Approval by a manager, or /seats admit, lets them in.
    expect(await requestAdmission(db, G, U, 6, { byManager: true })).toMatchObject({
      outcome: 'admitted',
    });
    await removeMember(db, G, U, 7);
    expect((await requestAdmission(db, G, U, 8)).outcome).toBe('barred');
    await admitNow(db, G, U, 9);
    await memberLeft(db, G, U, 10);
    expect((await requestAdmission(db, G, U, 11)).outcome).toBe('admitted');
  });
});

describe('suggestions', () => {
  it('20 submitted at once by one member: exactly 5 kept', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        suggestPrompt(db, G, { text: `idea ${i}`, authorId: U, credit: false }, 100, 5),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(
      results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .every((r) => (r.reason as { key?: string }).key === 'prompts.suggestLimit'),
    ).toBe(true);
    // Another member is not limited by them; a day later they may suggest again.
    await suggestPrompt(db, G, { text: 'mine', authorId: V, credit: false }, 100, 5);
    await suggestPrompt(db, G, { text: 'later', authorId: U, credit: false }, 100 + 86_400_001, 5);
  });
});
