import type { z } from 'zod';

/**
 * A JSON column Hearth wrote itself, read back through its schema rather than cast: a row that
 * does not match (a hand edit, a bug in an older version) fails here, by name, instead of
 * travelling on as the wrong type. The error names the column, never the stored text (it may be
 * a member's words).
 */
export class StoredDataError extends Error {
  constructor(readonly column: string) {
    super(`stored JSON in ${column} does not match its schema`);
    this.name = 'StoredDataError';
  }
}

export function parseJson<S extends z.ZodType>(
  schema: S,
  text: string,
  column: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoredDataError(column);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredDataError(column);
  return parsed.data;
}
