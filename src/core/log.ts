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
 * A structured JSON logger (context object first, message second). Log lines carry ids and error
 * codes, never member-written text, request bodies or interaction tokens, at every level:
 *
 * - errors are serialized field by field ({@link serializeError}): a Discord API error keeps its
 *   codes, status, method and route, never the body Hearth sent (which holds members' words) nor
 *   Discord's per-field messages (which can quote a value);
 * - every finished line is scrubbed ({@link scrubLine}): interaction and webhook tokens inside
 *   URLs, routes and rate-limit debug lines (a live token lets its reader post as Hearth for 15
 *   minutes), `Bot <token>` headers, and the configured secrets wherever they appear.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  return pino(
    {
      level: options.level,
      base: null,
      serializers: { err: serializeError, error: serializeError, reason: serializeError },
      redact: {
        paths: [
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'DISCORD_TOKEN',
          '*.DISCORD_TOKEN',
          'requestBody',
          '*.requestBody',
          'body',
          '*.body',
        ],
        censor: REDACTED,
      },
      hooks: { streamWrite: (line: string) => scrubLine(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
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
 * An error as a log line may show it: its type, codes, route and stack frames. A Discord API
 * error (anything with a `requestBody` or `rawError`, read by shape since two copies of the class
 * can be loaded) keeps Discord's top-level message and the paths of the fields it refused; other
 * errors keep their message, cut to 300 characters. Never the request body. Exported for tests.
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
    out.message = String(error.message).slice(0, 300);
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
