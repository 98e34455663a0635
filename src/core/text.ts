/**
 * Text that must fit Discord's limits where it is shown. Stored text is never cut; these helpers
 * are for what a message displays.
 */

/** Discord's limits on message and embed text (see ../shared/notes/discord-limits.md). */
export const DISCORD_LIMITS = {
  content: 2_000,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1_024,
  embedFooter: 2_048,
  embedAuthor: 256,
  embedTotal: 6_000,
  embedsPerMessage: 10,
  modalTitle: 45,
  label: 45,
  labelDescription: 100,
  placeholder: 100,
  textInputValue: 4_000,
  textDisplay: 4_000,
  buttonLabel: 80,
  selectOption: 100,
  threadName: 100,
  autocompleteName: 100,
} as const;

/**
 * `text` cut to at most `max` UTF-16 units (never more characters than Discord counts, and never
 * half a surrogate pair), at a word boundary when one is near, with an ellipsis. Text that fits
 * is returned unchanged.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let end = max - 1;
  // Do not split a surrogate pair (an emoji, say) in two.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const head = text.slice(0, end);
  const space = head.search(/\s\S*$/);
  const cut = space > head.length * 0.5 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}

/** Where to cut `text` so the head has at most `max` units: a line break, else a space, near the end. */
function cutPoint(text: string, max: number): number {
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const head = text.slice(0, end);
  const line = head.lastIndexOf('\n');
  if (line > end * 0.5) return line + 1;
  const space = head.search(/\s\S*$/);
  if (space > end * 0.7) return space + 1;
  return end;
}

/**
 * `text` in pieces of at most `max` UTF-16 units, cut at line breaks or spaces when one is near,
 * never inside a surrogate pair. Nothing is dropped: joining the pieces gives `text` back, except
 * for the whitespace at each cut.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new Error('splitText needs room for at least two characters');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  pieces.push(rest);
  return pieces;
}
