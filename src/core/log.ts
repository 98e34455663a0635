import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Values that must never reach any output (the bot token). Each is replaced wherever it appears. */
  secrets?: readonly string[];
  /** Where lines go; stdout by default. Tests pass a stream to read every line. */
  destination?: DestinationStream;
}

const REDACTED = '[redacted]';

/**
 * What a log line may say, by field name: Hearth's logs carry ids, codes and counts, and nothing
 * else, whoever writes the call. Every field of every line (nested objects, arrays and a child
 * logger's bindings too) is checked against this list as it is written:
 *
 * - numbers, booleans and null always pass (counts, durations, attempts);
 * - an error, under any name and at any depth, is reduced by {@link serializeError};
 * - a string passes only under a name listed here, and only in that name's shape: an `id` is a
 *   Discord snowflake (or `dm`, `global`); a `code` is one of Hearth's own words, without spaces
 *   (a kind, a route, a failure code); `diagnostic` is the discord.js library's own lines;
 * - everything else, a string under any other name or in another shape, is written `[redacted]`.
 *
 * So a field that could hold what a member wrote, a name, or a token is not written, even when a
 * call site passes one by mistake. What the shapes cannot tell apart: a single word a member typed
 * passes under a `code` name, so those names take only Hearth's own words (and an error's message
 * is kept, without what it quotes: Hearth's errors carry message keys, never input). A new field
 * that needs to be read goes on this list.
 */
const FIELDS: Readonly<Record<string, 'id' | 'code' | 'diagnostic'>> = {
  guild: 'id',
  guilds: 'id',
  user: 'id',
  role: 'id',
  channel: 'id',
  poll: 'id',
  item: 'id',
  id: 'id',
  schedules: 'id',
  scope: 'id',
  code: 'code',
  kind: 'code',
  key: 'code',
  notice: 'code',
  route: 'code',
  command: 'code',
  event: 'code',
  feature: 'code',
  job: 'code',
  migration: 'code',
  signal: 'code',
  version: 'code',
  host: 'code',
  ref: 'code',
  type: 'code',
  error: 'code',
  reason: 'code',
  state: 'code',
  failure: 'code',
  message: 'diagnostic',
};
const ID = /^(\d{15,25}|dm|global)$/;
const CODE = /^[\w.:/@+\-[\]]{1,100}$/;
/** Names whose value is always an error (or what was thrown), whatever its type. */
const THROWN = new Set(['err', 'cause']);

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** One field's value, as a log line may show it (see {@link FIELDS}). Exported for tests. */
export function loggable(key: string, value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  if (THROWN.has(key) || value instanceof Error) return serializeError(value);
  if (typeof value === 'string') {
    const kind = FIELDS[key];
    if (kind === 'id') return ID.test(value) ? value : REDACTED;
    if (kind === 'code') return CODE.test(value) ? value : REDACTED;
    // Only a line's own `message` field: the library's words, never a nested one.
    if (kind === 'diagnostic' && depth === 0) return value.slice(0, 500);
    return REDACTED;
  }
  if (typeof value === 'bigint') return FIELDS[key] === 'id' ? String(value) : REDACTED;
  // Plain objects and arrays are read field by field; anything else (a Buffer holds bytes of
  // text, a Map, a class instance) is not read at all.
  if (depth >= 4 || typeof value !== 'object') return REDACTED;
  if (Array.isArray(value))
    return value.slice(0, 50).map((v: unknown) => loggable(key, v, depth + 1));
  if (!isPlainObject(value)) return REDACTED;
  return loggableFields(value as Record<string, unknown>, depth + 1);
}

/** Every field of a log line's object, through {@link loggable}. Exported for tests. */
export function loggableFields(
  fields: Readonly<Record<string, unknown>>,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const shown = loggable(key, value, depth);
    if (shown !== undefined) out[key] = shown;
  }
  return out;
}

/**
 * A structured JSON logger (context object first, message second). Log lines carry ids, codes
 * and counts, never member-written text, request bodies or interaction tokens, at every level:
 *
 * - every field goes through {@link loggable} ({@link FIELDS}): strings pass only under known
 *   names and in their shape, errors anywhere are serialized field by field
 *   ({@link serializeError}: a Discord API error keeps its codes, status, method and route, never
 *   the body Hearth sent nor Discord's per-field messages, which can quote a value);
 * - the message is the call's own words: printf-style arguments after it are dropped, so no
 *   value can be spliced into it;
 * - every finished line is scrubbed ({@link scrubLine}): interaction and webhook tokens inside
 *   URLs, routes and rate-limit debug lines (a live token lets its reader post as Hearth for 15
 *   minutes), `Bot <token>` headers, and the configured secrets wherever they appear.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const logger = pino(
    {
      level: options.level,
      base: null,
      // Errors are serialized by loggable already; pino's own serializer must not redo it.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (typeof first === 'string') return method.call(this, first);
          const fields =
            first instanceof Error
              ? { err: serializeError(first) }
              : typeof first === 'object' && first !== null
                ? loggableFields(first as Record<string, unknown>)
                : {};
          if (typeof second === 'string') return method.call(this, fields, second);
          return method.call(this, fields);
        },
        streamWrite: (line: string) => scrubLine(line, secrets),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
  // A child logger's bindings go through the same check (pino gives children no formatter of
  // their own); children of children find this through their prototype.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its `this` below
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, loggableFields(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/**
 * A path segment after a snowflake that looks like a token: 16 or more URL-safe characters with
 * at least one that is not a digit. That is how interaction and webhook tokens appear in
 * `/interactions/:id/:token/callback`, `/webhooks/:app/:token/…` and in @discordjs/rest's
 * rate-limit "major parameter" (`123…/token`). Real routes have no such segment there.
 */
const TOKEN_AFTER_ID = /(\d{15,25}\/)(?=[\w.-]*[A-Za-z_.-])[\w.-]{16,}/g;
const BOT_AUTH = /\bBot [\w-]{10,}\.[\w-]{4,}\.[\w-]{10,}/g;

/** Removes tokens and secrets from one finished log line. Exported for tests. */
export function scrubLine(line: string, secrets: readonly string[] = []): string {
  let out = line.replace(TOKEN_AFTER_ID, `$1${REDACTED}`).replace(BOT_AUTH, `Bot ${REDACTED}`);
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

type ErrorLike = Error & {
  code?: unknown;
  status?: unknown;
  method?: unknown;
  url?: unknown;
  rawError?: unknown;
  requestBody?: unknown;
  cause?: unknown;
};

/** The route of a URL: its path without the API prefix, query or host (tokens go in scrubLine). */
function routeOf(url: string): string {
  try {
    return new URL(url, 'http://x').pathname.replace(/^\/api(\/v\d+)?/, '');
  } catch {
    return '[unparsable url]';
  }
}

/** The field paths and codes of a Discord error tree, never the messages (they may quote a value). */
function errorFields(tree: unknown, prefix = '', out: string[] = []): string[] {
  if (typeof tree !== 'object' || tree === null || out.length >= 20) return out;
  for (const [key, value] of Object.entries(tree)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const e of value as { code?: unknown }[])
        out.push(`${prefix || '(body)'}[${typeof e.code === 'string' ? e.code : '?'}]`);
    } else if (typeof value === 'object') {
      errorFields(value, prefix ? `${prefix}.${key}` : key, out);
    }
  }
  return out;
}

/**
 * An error's message without what it quotes: `JSON.parse` and others quote the input they could
 * not read ("Unexpected token 'h', \"hello\" is not valid JSON"), which can be a member's words.
 * A quoted span becomes `"…"`; an apostrophe inside a word (can't) is not a quote.
 */
function unquoted(text: string): string {
  return text
    .replace(/"[^"]*"|“[^”]*”|`[^`]*`/g, '"…"')
    .replace(/(^|[^\p{L}\p{N}])'[^']*'(?![\p{L}\p{N}])/gu, "$1'…'");
}

/**
 * An error as a log line may show it: its type, codes, route and stack frames. A Discord API
 * error (anything with a `requestBody` or `rawError`, read by shape since two copies of the class
 * can be loaded) keeps Discord's top-level message and the paths of the fields it refused; other
 * errors keep their message without what it quotes, cut to 300 characters. Never the request
 * body. Exported for tests.
 */
export function serializeError(value: unknown, depth = 0): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || !('message' in value))
    return { type: value === null ? 'null' : typeof value };
  const error = value as ErrorLike;
  const out: Record<string, unknown> = { type: String(error.name) };
  if (typeof error.code === 'number' || typeof error.code === 'string') out.code = error.code;
  if (typeof error.status === 'number') out.status = error.status;
  if (typeof error.method === 'string') out.method = error.method;
  if (typeof error.url === 'string') out.route = routeOf(error.url);
  const fromDiscord = 'requestBody' in error || 'rawError' in error;
  if (fromDiscord) {
    const raw = error.rawError as { message?: unknown; errors?: unknown } | undefined;
    // Without a JSON error (an HTTP error), the message is the status text.
    out.message = (typeof raw?.message === 'string' ? raw.message : String(error.message)).slice(
      0,
      200,
    );
    const fields = errorFields(raw?.errors);
    if (fields.length > 0) out.fields = fields;
  } else {
    out.message = unquoted(String(error.message)).slice(0, 300);
  }
  if (typeof error.stack === 'string')
    out.stack = error.stack
      .split('\n')
      .filter((l) => l.trimStart().startsWith('at '))
      .slice(0, 15)
      .join('\n');
  if (error.cause !== undefined && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out;
}
