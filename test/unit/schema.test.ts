import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';

type Shape = Record<
  string,
  Record<string, { nullable: boolean; type: 'text' | 'number' | 'other' }>
>;

/** The tables and columns a fresh database has after every migration, as SQLite reports them. */
async function migratedShape(): Promise<Shape> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const tables = await sql<{ name: string }>`
    SELECT name FROM sqlite_schema
    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`.execute(db);
  const shape: Shape = {};
  for (const { name } of tables.rows) {
    const columns = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      SELECT name, type, "notnull", pk FROM pragma_table_info(${name})`.execute(db);
    shape[name] = Object.fromEntries(
      columns.rows.map((c) => {
        const type = c.type.toUpperCase();
        const numeric = ['INTEGER', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'BOOLEAN'];
        const kind = type === 'TEXT' ? 'text' : numeric.includes(type) ? 'number' : 'other';
        // A primary key is never null here: an INTEGER one is the rowid, and Hearth never writes
        // NULL into a TEXT one (SQLite would allow it, a quirk PostgreSQL does not share).
        const nullable = c.notnull === 0 && c.pk === 0;
        return [c.name, { nullable, type: kind }];
      }),
    );
  }
  await db.destroy();
  return shape;
}

/** The same, read from the hand-written `Database` interface by the TypeScript checker. */
function declaredShape(): Shape {
  const file = 'src/core/db/schema.ts';
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  let database: ts.Type | undefined;
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Database')
      database = checker.getTypeAtLocation(node);
  });
  if (database === undefined) throw new Error('no Database interface in schema.ts');
  /** What a select returns for a column: ColumnType<S, I, U> and Generated<S> select S. */
  const selected = (type: ts.Type): ts.Type => {
    const select = type.getProperty('__select__');
    return select === undefined ? type : checker.getTypeOfSymbol(select);
  };
  const shape: Shape = {};
  for (const table of database.getProperties()) {
    const tableType = checker.getTypeOfSymbol(table);
    shape[table.name] = Object.fromEntries(
      tableType.getProperties().map((column) => {
        const type = selected(checker.getTypeOfSymbol(column));
        const parts = type.isUnion() ? type.types : [type];
        const nullable = parts.some((p) => (p.flags & ts.TypeFlags.Null) !== 0);
        const rest = parts.filter((p) => (p.flags & ts.TypeFlags.Null) === 0);
        const kind = rest.every((p) => (p.flags & ts.TypeFlags.StringLike) !== 0)
          ? 'text'
          : rest.every(
                (p) => (p.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) !== 0,
              )
            ? 'number'
            : 'other';
        return [column.name, { nullable, type: kind }];
      }),
    );
  }
  return shape;
}

describe('the hand-written schema types', () => {
  it('match the tables, columns, nullability and types the migrations create', async () => {
    const migrated = await migratedShape();
    const declared = declaredShape();
    // Compared table by table so a failure names the table and column that drifted.
    expect(Object.keys(declared).sort()).toEqual(Object.keys(migrated).sort());
    for (const table of Object.keys(migrated))
      expect(declared[table], table).toEqual(migrated[table]);
  }, 60_000);
});
