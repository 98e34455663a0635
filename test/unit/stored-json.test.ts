import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, withSecureDelete } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { parseJson, StoredDataError } from '../../src/core/json.js';
import { parseDefinition } from '../../src/features/onboarding/api.js';
import { parseQuestions } from '../../src/features/polls/questions.js';
import { parseRules } from '../../src/features/segments/rules.js';
import { createSegment, listSegments } from '../../src/features/segments/service.js';
import { scheduleRuleSchema } from '../../src/core/local-time.js';
import { fieldValue } from '../../src/core/modal-fields.js';

describe('stored JSON', () => {
  it('reads a rule Hearth wrote back as it was', () => {
    const rule = {
      kind: 'weekly',
      weekdays: [1, 4],
      hour: 18,
      minute: 0,
      everyWeeks: 2,
      anchor: '2026-01-05',
    } as const;
    expect(parseJson(scheduleRuleSchema, JSON.stringify(rule), 'schedules.rule')).toEqual(rule);
  });

  it('refuses a row that is not what Hearth wrote, naming the column and never its text', () => {
    const secret = 'my address is 1 Main St';
    for (const text of [
      secret,
      JSON.stringify({ kind: 'weekly', weekdays: [9], hour: 18, minute: 0, everyWeeks: 1 }),
      JSON.stringify({ kind: 'cron', expression: '' }),
      JSON.stringify({ kind: 'monthly', note: secret }),
    ]) {
      let error: unknown;
      try {
        parseJson(scheduleRuleSchema, text, 'schedules.rule');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoredDataError);
      expect((error as Error).message).toBe(
        'stored JSON in schedules.rule does not match its schema',
      );
      expect((error as Error).message).not.toContain('Main St');
    }
  });
});

/** What `read` throws for `text`. */
function failureOf(read: (text: string) => unknown, text: string): unknown {
  try {
    read(text);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("the features' stored JSON", () => {
  const secret = 'my address is 1 Main St';
  const readers: [column: string, read: (text: string) => unknown, wrong: unknown][] = [
    ['polls.questions', parseQuestions, [{ kind: 'single', label: secret }]],
    ['question_revisions.definition', parseDefinition, { kind: 'single', label: secret }],
    ['segments.rules', parseRules, { v: 1, root: { kind: 'role', role: secret } }],
  ];

  for (const [column, read, wrong] of readers)
    it(`refuses a ${column} Hearth did not write, as a StoredDataError naming only the column`, () => {
      for (const text of [secret, JSON.stringify(wrong)]) {
        const error = failureOf(read, text);
        expect(error).toBeInstanceOf(StoredDataError);
        expect((error as StoredDataError).column).toBe(column);
        expect((error as Error).message).toBe(`stored JSON in ${column} does not match its schema`);
        expect((error as Error).message).not.toContain('Main St');
      }
    });

  it('a hand-edited segments row fails where the repository reads it', async () => {
    const db = openDatabase(':memory:');
    await migrateToLatest(db);
    const guild = '100000000000000001';
    await ensureGuild(db, guild, { now: 0 });
    await createSegment(db, guild, { name: 'Everyone', match: 'all', by: '1' }, 0);
    await expect(listSegments(db, guild)).resolves.toHaveLength(1);
    await sql`update segments set rules = ${secret}`.execute(db);
    const error: unknown = await listSegments(db, guild).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredDataError);
    expect((error as Error).message).not.toContain('Main St');
    await db.destroy();
  });
});

describe('withSecureDelete', () => {
  it('on SQLite, zeroes what the work deletes, then returns to FAST', async () => {
    const db = openDatabase(':memory:');
    const mode = async (trx: Kysely<unknown>) =>
      (await sql<{ secure_delete: number }>`pragma secure_delete`.execute(trx)).rows[0]
        ?.secure_delete;
    const seen = await db
      .transaction()
      .execute((trx) => withSecureDelete(trx, () => mode(trx as unknown as Kysely<unknown>)));
    expect(seen).toBe(1);
    expect(await mode(db as unknown as Kysely<unknown>)).toBe(2);
    await expect(
      db
        .transaction()
        .execute((trx) => withSecureDelete(trx, () => Promise.reject(new Error('work failed')))),
    ).rejects.toThrow('work failed');
    expect(await mode(db as unknown as Kysely<unknown>)).toBe(2);
    await db.destroy();
  });

  it('on another dialect, sends no pragma and only runs the work', async () => {
    const sent: string[] = [];
    const db = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => {
        sent.push(event.query.sql);
      },
    });
    const result = await db.transaction().execute((trx) =>
      withSecureDelete(trx, async () => {
        await sql`delete from answers`.execute(trx);
        return 'done';
      }),
    );
    expect(result).toBe('done');
    expect(sent).toEqual(['delete from answers']);
    await db.destroy();
  });
});

describe('a modal field', () => {
  it('reads text inputs, radio groups and selects', () => {
    const fields = new Map<string, unknown>([
      ['text', { type: 4, customId: 'text', value: 'hello' }],
      ['credit', { type: 21, customId: 'credit', value: 'yes' }],
      ['pick', { type: 3, customId: 'pick', values: ['b', 'c'] }],
    ]);
    expect(fieldValue(fields, 'text')).toBe('hello');
    expect(fieldValue(fields, 'credit')).toBe('yes');
    expect(fieldValue(fields, 'pick')).toBe('b');
    expect(fieldValue(fields, 'missing')).toBeUndefined();
  });

  it('is a missing answer, never a crash, whatever shape a forged submission has', () => {
    fc.assert(
      fc.property(fc.anything(), (forged) => {
        const value = fieldValue(new Map([['x', forged]]), 'x');
        expect(value === undefined || typeof value === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
