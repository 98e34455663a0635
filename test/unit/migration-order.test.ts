import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { migrations } from '../../src/core/db/migrations/index.js';

describe('migrations from branches that landed out of date order', () => {
  it('a database that ran a later-dated migration still gets the earlier one that arrived after it', async () => {
    const db = openDatabase(':memory:');
    // What main had for a while: data_rights (2026-12-02) without command_deploys (2026-12-01).
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => !name.endsWith('_command_deploys')),
    );
    await migrateToLatest(db, before);
    const { results = [] } = await migrateToLatest(db);
    expect(results.map((r) => [r.migrationName, r.status])).toEqual([
      ['2026-12-01T2300_command_deploys', 'Success'],
    ]);
    const { rows } = await sql<{
      name: string;
    }>`select name from sqlite_master where name = 'command_deploys'`.execute(db);
    expect(rows).toHaveLength(1);
    await db.destroy();
  });
});
