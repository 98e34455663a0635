/**
 * One field of a submitted modal, read defensively: a forged submission can carry any shape, and
 * is then just a missing answer. Text inputs and radio groups carry `value`; selects and checkbox
 * groups carry `values` (the first is returned). Questions members answer go through the forms
 * kit's decoder instead (src/forms); this is for a command's own fields (a prompt's text, a
 * confirmation word).
 */
export function fieldValue(fields: ReadonlyMap<string, unknown>, id: string): string | undefined {
  const field: unknown = fields.get(id);
  if (typeof field !== 'object' || field === null) return undefined;
  const { value, values } = field as Record<string, unknown>;
  if (typeof value === 'string') return value;
  if (Array.isArray(values) && typeof values[0] === 'string') return values[0];
  return undefined;
}
