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
 * A structured JSON logger (context object first, message second). Secrets are scrubbed from the
 * final serialized line rather than from known keys only, so a token inside an error message, a URL
 * or a library's debug string is removed too.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  return pino(
    {
      level: options.level,
      base: null,
      redact: {
        paths: [
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'DISCORD_TOKEN',
          '*.DISCORD_TOKEN',
        ],
        censor: REDACTED,
      },
      hooks: secrets.length === 0 ? {} : { streamWrite: (line: string) => scrub(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
