/**
 * The one place that knows Discord's embed limits. Features describe what they want to show (a
 * title, a description, fields) and get embeds that Discord accepts, split by construction:
 * a description over 4,096 characters continues in the next embed, a field value over 1,024 in
 * the next field, an embed past 25 fields in the next embed, and a message past 10 embeds or
 * 6,000 characters in the next message. Nothing is lost; only titles, field names and footers,
 * which are labels, are cut (with an ellipsis) when too long.
 */
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { clip, DISCORD_LIMITS, splitText } from './text.js';
import type { InteractionContext, ReplyPayload } from './context.js';

export interface EmbedField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface EmbedSpec {
  readonly title?: string;
  readonly description?: string;
  readonly fields?: readonly EmbedField[];
  /** Shown under the last embed. */
  readonly footer?: string;
  readonly color?: number;
  /** An image URL (`attachment://…` for an uploaded file), shown in the first embed. */
  readonly image?: string;
}

/** A field name or value Discord accepts: non-empty and not only whitespace. */
const BLANK = '\u200b';
const filled = (text: string) => (text.trim().length === 0 ? BLANK : text);

/** Characters Discord counts towards an embed's total of 6,000. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** A field as one or more fields within the limits: the value continues under a blank name. */
function fieldPieces(field: EmbedField): APIEmbedField[] {
  const name = filled(clip(field.name, DISCORD_LIMITS.embedFieldName));
  const chunks = splitText(filled(field.value), DISCORD_LIMITS.embedFieldValue);
  return chunks.map((value, i) => ({
    name: i === 0 ? name : BLANK,
    value: filled(value),
    ...(field.inline === undefined ? {} : { inline: field.inline }),
  }));
}

/**
 * The embeds showing `spec`, message by message: each inner array is one message's embeds,
 * within every limit. `reserve` keeps that many characters free in each message for text added
 * later (a footer saying who decided, on an edit).
 */
export function embedMessages(spec: EmbedSpec, options: { reserve?: number } = {}): APIEmbed[][] {
  const footer =
    spec.footer === undefined ? undefined : filled(clip(spec.footer, DISCORD_LIMITS.embedFooter));
  const budget = DISCORD_LIMITS.embedTotal - (options.reserve ?? 0) - (footer?.length ?? 0);
  const color = spec.color === undefined ? {} : { color: spec.color };
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  let title = spec.title === undefined ? undefined : clip(spec.title, DISCORD_LIMITS.embedTitle);

  const startMessage = () => {
    if (current.length > 0) messages.push(current);
    current = [];
    size = 0;
  };
  /** A new embed in the current message, or in a new one when it would not fit. */
  const open = (extra: number, content: Omit<APIEmbed, 'title'>): APIEmbed => {
    const titled = title === undefined ? {} : { title };
    const cost = extra + (title?.length ?? 0);
    if (current.length >= DISCORD_LIMITS.embedsPerMessage || size + cost > budget) startMessage();
    const embed: APIEmbed = { ...titled, ...content, ...color };
    title = undefined;
    current.push(embed);
    size += cost;
    return embed;
  };

  for (const chunk of splitText(spec.description ?? '', DISCORD_LIMITS.embedDescription))
    if (chunk.length > 0) open(chunk.length, { description: chunk });
  for (const piece of (spec.fields ?? []).flatMap(fieldPieces)) {
    const cost = piece.name.length + piece.value.length;
    const last = current.at(-1);
    const fields = last?.fields ?? [];
    if (last !== undefined && fields.length < DISCORD_LIMITS.embedFields && size + cost <= budget) {
      last.fields = [...fields, piece];
      size += cost;
    } else open(cost, { fields: [piece] });
  }
  if (current.length === 0 && messages.length === 0)
    open(0, title === undefined && footer === undefined ? { description: BLANK } : {});
  startMessage();
  if (spec.image !== undefined) messages[0]![0]!.image = { url: spec.image };
  if (footer !== undefined) messages.at(-1)!.at(-1)!.footer = { text: footer };
  return messages;
}

/**
 * One embed within every limit, for a message that must stay one message (it is edited in
 * place): fields are kept while they fit and the description is cut to the room left.
 */
export function fitEmbed(spec: EmbedSpec): APIEmbed {
  const title = spec.title === undefined ? undefined : clip(spec.title, DISCORD_LIMITS.embedTitle);
  const footer =
    spec.footer === undefined ? undefined : filled(clip(spec.footer, DISCORD_LIMITS.embedFooter));
  let room = DISCORD_LIMITS.embedTotal - (title?.length ?? 0) - (footer?.length ?? 0);
  const fields: APIEmbedField[] = [];
  for (const field of spec.fields ?? []) {
    const piece = {
      name: filled(clip(field.name, DISCORD_LIMITS.embedFieldName)),
      value: filled(clip(field.value, DISCORD_LIMITS.embedFieldValue)),
      ...(field.inline === undefined ? {} : { inline: field.inline }),
    };
    const cost = piece.name.length + piece.value.length;
    if (fields.length >= DISCORD_LIMITS.embedFields || cost > room) break;
    fields.push(piece);
    room -= cost;
  }
  const description =
    spec.description === undefined
      ? undefined
      : clip(spec.description, Math.min(DISCORD_LIMITS.embedDescription, room));
  return {
    ...(title === undefined ? {} : { title }),
    ...(description === undefined || description.length === 0 ? {} : { description }),
    ...(fields.length === 0 ? {} : { fields }),
    ...(footer === undefined ? {} : { footer: { text: footer } }),
    ...(spec.color === undefined ? {} : { color: spec.color }),
    ...(spec.image === undefined ? {} : { image: { url: spec.image } }),
  };
}

/**
 * Answers with embeds that may take several messages: the first is the reply, the others
 * follow it. `last` (buttons, say) goes with the last message, after everything it refers to.
 */
export async function replyWithEmbeds(
  ctx: InteractionContext,
  messages: readonly (readonly APIEmbed[])[],
  last: Omit<ReplyPayload, 'embeds'> = {},
): Promise<void> {
  for (const [i, embeds] of messages.entries()) {
    const isLast = i === messages.length - 1;
    await ctx.reply({
      ...(isLast ? last : { ephemeral: last.ephemeral ?? true }),
      embeds: [...embeds],
    });
  }
}
