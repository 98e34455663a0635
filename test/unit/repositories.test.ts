import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import type { Database } from '../../src/core/db/schema.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  openPage,
  profileOf,
  recordJoin,
  submitPage,
} from '../../src/features/onboarding/members.js';
import {
  activeQuestions,
  applyTemplate,
  removeQuestion,
  updateOnboardingSettings,
} from '../../src/features/onboarding/questionnaire.js';
import { answersWithQuestions } from '../../src/features/onboarding/repository.js';

const G = '100000000000000001';
const U = '200000000000000001';

/** Kysely compiling for PostgreSQL, running nothing: what each query would send. */
function postgres(): { db: Kysely<Database>; sent: string[] } {
  const sent: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') sent.push(event.query.sql);
    },
  });
  return { db, sent };
}

describe('a profile lists current questions first, retired ones after', () => {
  let db: Db;
  beforeEach(async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await ensureGuild(db, G, { now: 0 });
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('on SQLite, after the first question is retired', async () => {
    await applyTemplate(db, G, 'en', false, 1);
    await updateOnboardingSettings(db, G, { enabled: true }, 10);
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    for (let now = 21; ; now += 2) {
      const page = await openPage(db, G, U, 'join', undefined, now);
      const fields = page.questions.map((q) => {
        const d = q.definition;
        const raw =
          d.kind === 'short' || d.kind === 'paragraph'
            ? { text: `answer to ${d.label}` }
            : d.kind === 'scale'
              ? { picked: ['4'] }
              : { picked: [d.choices[0]!.key] };
        return { questionId: q.id, revision: q.revision, raw };
      });
      const result = await submitPage(db, {
        guildId: G,
        userId: U,
        mode: 'join',
        page: page.page,
        fields,
        now: now + 1,
      });
      if (result.kind === 'complete') break;
    }
    const first = (await activeQuestions(db, G))[0]!;
    await removeQuestion(db, G, first.id, 100);
    const answers = (await profileOf(db, G, U))!.answers;
    expect(answers.map((a) => a.current)).toEqual([...answers.slice(1).map(() => true), false]);
    expect(answers.at(-1)!.questionId).toBe(first.id);
  });

  it('on PostgreSQL too, where NULL sorts last: the order says so instead of relying on it', async () => {
    const { db, sent } = postgres();
    await answersWithQuestions(db, G, U);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(
      /order by "questions"\."retired_at" is not null, "questions"\."retired_at"/,
    );
  });
});
