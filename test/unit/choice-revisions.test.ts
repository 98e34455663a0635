/**
 * The attack: a member answered a choice question long ago; managers then removed choices and
 * added others (and a database written by an older Hearth may have given a removed choice's key
 * to a new one, or kept a key under a new label). Does the old answer now count as a new choice,
 * for a role (role mappings), a segment (rules and suggestions) or a match (introductions)?
 *
 * Property over random revision histories: each choice is an identity the generator tracks on
 * its own (never the key); a member counts as having picked a current choice exactly when the
 * identity they picked, in the revision they answered, is that choice's identity.
 */
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import {
  buildDefinition,
  type QuestionDefinition,
} from '../../src/features/onboarding/definitions.js';
import { comparableAnswers, desiredRoles } from '../../src/features/onboarding/members.js';
import { evaluateRules } from '../../src/features/segments/rules.js';
import { choiceProfiles } from '../../src/features/segments/service.js';

const GUILD = '900000000000000001';
const QUESTION = 1;

interface Revision {
  /** The identities offered, with the key and label each is stored under in this revision. */
  readonly choices: readonly { identity: number; key: string; label: string }[];
}

interface History {
  readonly kind: 'single' | 'multi';
  /** Keys assigned by Hearth (`buildDefinition`), or by an older Hearth that reused them. */
  readonly legacy: boolean;
  readonly revisions: readonly Revision[];
  /** Each member: the revision they answered (1-based) and the identities they picked. */
  readonly members: readonly { revision: number; picked: readonly number[] }[];
}

interface Edit {
  readonly keep: readonly boolean[];
  readonly add: number;
  readonly reuse: readonly number[];
  readonly relabel: readonly boolean[];
}

/** One edit: which offered choices stay (by index), how many new ones come, and key choices. */
const editArb: fc.Arbitrary<Edit> = fc.record({
  keep: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  add: fc.integer({ min: 0, max: 3 }),
  /** Legacy only: for each new choice, reuse a retired key (and maybe its label) or not. */
  reuse: fc.array(fc.nat(20), { minLength: 3, maxLength: 3 }),
  relabel: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
});

function buildHistory(
  kind: 'single' | 'multi',
  legacy: boolean,
  first: number,
  edits: readonly Edit[],
): Revision[] {
  let nextIdentity = 0;
  const fresh = () => nextIdentity++;
  const labelOf = (identity: number) => `Choice ${identity}`;
  const revisions: Revision[] = [];
  const retired: { key: string; label: string }[] = [];
  let previous: QuestionDefinition | undefined;
  const usedKeys: string[] = [];
  let legacyNext = 1;
  const withKeys = (identities: { identity: number; label: string; key?: string }[]) => {
    if (!legacy) {
      const { definition } = buildDefinition(
        {
          kind,
          label: 'Which?',
          required: false,
          choicesText: identities.map((c) => c.label).join('\n'),
        },
        previous,
        usedKeys,
      );
      previous = definition!;
      usedKeys.push(...definition!.choices!.map((c) => c.key));
      return identities.map((c, i) => ({ ...c, key: definition!.choices![i]!.key }));
    }
    return identities.map((c) => ({ ...c, key: c.key ?? `c${legacyNext++}` }));
  };
  let current = withKeys(
    Array.from({ length: first }, () => {
      const identity = fresh();
      return { identity, label: labelOf(identity) };
    }),
  );
  revisions.push({ choices: current });
  for (const edit of edits) {
    const next: { identity: number; label: string; key?: string }[] = [];
    // Only keys retired in an earlier revision: a key dropped and given back in one edit was
    // never absent, so it is the same choice.
    const retiredBefore = [...retired];
    for (const [i, c] of current.entries()) {
      if (edit.keep[i] === false) {
        retired.push({ key: c.key, label: c.label });
        continue;
      }
      // An older Hearth kept a key when a label was edited: the same key, another choice.
      if (legacy && edit.relabel[i] === true) {
        const identity = fresh();
        next.push({ identity, label: labelOf(identity), key: c.key });
      } else next.push(c);
    }
    for (let n = 0; n < edit.add; n++) {
      const identity = fresh();
      const reused = legacy
        ? retiredBefore[edit.reuse[n]! % Math.max(1, retiredBefore.length)]
        : undefined;
      const free =
        reused !== undefined &&
        !next.some((c) => c.key === reused.key) &&
        !current.some((c) => c.key === reused.key);
      // A new choice under a retired key, sometimes even under the retired label.
      next.push(
        free
          ? {
              identity,
              key: reused.key,
              label:
                edit.reuse[n]! % 2 === 0 && !next.some((c) => c.label === reused.label)
                  ? reused.label
                  : labelOf(identity),
            }
          : { identity, label: labelOf(identity) },
      );
    }
    while (next.length < 2) {
      const identity = fresh();
      next.push({ identity, label: labelOf(identity) });
    }
    current = withKeys(next);
    revisions.push({ choices: current });
  }
  return revisions;
}

const historyArb: fc.Arbitrary<History> = fc
  .record({
    kind: fc.constantFrom('single' as const, 'multi' as const),
    legacy: fc.boolean(),
    first: fc.integer({ min: 2, max: 5 }),
    edits: fc.array(editArb, { minLength: 1, maxLength: 6 }),
  })
  .chain(({ kind, legacy, first, edits }) => {
    const revisions = buildHistory(kind, legacy, first, edits);
    const member = fc.integer({ min: 1, max: revisions.length }).chain((revision) => {
      const offered = revisions[revision - 1]!.choices.map((c) => c.identity);
      return fc.record({
        revision: fc.constant(revision),
        picked:
          kind === 'single'
            ? fc.constantFrom(...offered).map((x) => [x])
            : fc.subarray(offered, { minLength: 1 }),
      });
    });
    return fc.record({
      kind: fc.constant(kind),
      legacy: fc.constant(legacy),
      revisions: fc.constant(revisions),
      members: fc.array(member, { minLength: 1, maxLength: 12 }),
    });
  });

let db: Db;

function definitionOf(kind: 'single' | 'multi', revision: Revision) {
  const choices = revision.choices.map((c) => ({ key: c.key, label: c.label }));
  return kind === 'single'
    ? { kind, label: 'Which?', required: false, choices }
    : { kind, label: 'Which?', required: false, choices, minValues: 0, maxValues: choices.length };
}

async function store(history: History): Promise<void> {
  for (const table of [
    'questions',
    'question_revisions',
    'answers',
    'answer_choices',
    'choice_roles',
    'member_roster',
  ] as const)
    await db.deleteFrom(table).execute();
  const last = history.revisions.length;
  await db
    .insertInto('questions')
    .values({
      id: QUESTION,
      guild_id: GUILD,
      position: 1,
      current_revision: last,
      retired_at: null,
      created_at: 0,
    })
    .execute();
  for (const [i, revision] of history.revisions.entries())
    await db
      .insertInto('question_revisions')
      .values({
        question_id: QUESTION,
        revision: i + 1,
        guild_id: GUILD,
        definition: JSON.stringify(definitionOf(history.kind, revision)),
        created_at: i,
      })
      .execute();
  // Every current choice grants a role of its own.
  for (const c of history.revisions[last - 1]!.choices)
    await db
      .insertInto('choice_roles')
      .values({
        guild_id: GUILD,
        question_id: QUESTION,
        choice_key: c.key,
        role_id: `role-${c.key}`,
      })
      .execute();
  for (const [n, m] of history.members.entries()) {
    const key = { guild_id: GUILD, user_id: String(1_000 + n) };
    const keys = m.picked.map(
      (identity) =>
        history.revisions[m.revision - 1]!.choices.find((c) => c.identity === identity)!.key,
    );
    await db
      .insertInto('answers')
      .values({
        ...key,
        question_id: QUESTION,
        revision: m.revision,
        value: JSON.stringify({ choices: keys }),
        answered_at: 0,
      })
      .execute();
    for (const choice_key of keys)
      await db
        .insertInto('answer_choices')
        .values({ ...key, question_id: QUESTION, choice_key })
        .execute();
    await db
      .insertInto('member_roster')
      .values({ ...key, joined_at: 0, left_at: null, updated_at: 0 })
      .execute();
  }
}

beforeAll(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
});

afterAll(async () => {
  await db.destroy();
});

describe('an old answer and a newer choice', () => {
  it('never counts as the newer choice: not for a role, a segment, a suggestion or an introduction', async () => {
    let histories = 0;
    /** Answers that picked a key the current revision offers for another choice: the attack. */
    let traps = 0;
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        await store(history);
        histories += 1;
        const current = history.revisions.at(-1)!.choices;
        const userOf = (n: number) => String(1_000 + n);
        for (const [n, m] of history.members.entries()) {
          const answered = history.revisions[m.revision - 1]!.choices;
          for (const identity of m.picked) {
            const key = answered.find((c) => c.identity === identity)!.key;
            const now = current.find((c) => c.key === key);
            if (now !== undefined && now.identity !== identity) traps += 1;
          }
          // The oracle: the current choices whose identity the member picked.
          const truly = current.filter((c) => m.picked.includes(c.identity));
          const roles = await desiredRoles(db, GUILD, userOf(n));
          expect(roles).toEqual(truly.map((c) => `role-${c.key}`).sort());
          const compared = (await comparableAnswers(db, GUILD, [QUESTION]))
            .get(QUESTION)!
            .byUser.get(userOf(n))!;
          expect([...compared.choices].sort()).toEqual(truly.map((c) => c.label).sort());
          counted += roles.length - truly.length + compared.choices.length - truly.length;
        }
        const profiles = new Map(
          (await choiceProfiles(db, GUILD)).map((p) => [p.userId, p.features]),
        );
        for (const c of current) {
          const members = await evaluateRules(
            db,
            GUILD,
            {
              v: 1,
              root: { kind: 'all', of: [{ kind: 'choice', question: QUESTION, choice: c.key }] },
            },
            0,
          );
          const expected = history.members
            .flatMap((m, n) => (m.picked.includes(c.identity) ? [userOf(n)] : []))
            .sort();
          expect(members).toEqual(expected);
          for (const [n] of history.members.entries())
            expect((profiles.get(userOf(n)) ?? []).includes(`${QUESTION}:${c.key}`)).toBe(
              expected.includes(userOf(n)),
            );
        }
      }),
      { numRuns: 200 },
    );
    expect(histories).toBe(200);
    expect(counted).toBe(0);
    // The histories did set the trap: old answers under keys a newer choice holds now.
    expect(traps).toBeGreaterThan(50);
    if (process.env.HEARTH_FIGURES !== undefined)
      process.stdout.write(
        `${histories} histories, ${traps} trapped old answers, ${counted} counted\n`,
      );
  });
});
