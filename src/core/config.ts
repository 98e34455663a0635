import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The whole environment Hearth reads. Nothing else in the code base touches `process.env`.
 * Every message says how to fix the problem and never repeats the value it was given, so a
 * mistyped token cannot leak into a terminal or a log.
 */
const schema = z.object({
  DISCORD_TOKEN: z
    .string({
      error:
        'is not set: copy the bot token from the Discord Developer Portal (Bot > Reset Token) into .env',
    })
    .trim()
    .min(1, {
      error:
        'is empty: copy the bot token from the Discord Developer Portal (Bot > Reset Token) into .env',
    })
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, {
      error:
        'does not look like a bot token (three dot-separated parts): copy it again from the Developer Portal, without quotes or "Bot " in front',
    }),
  DATABASE_PATH: z
    .string()
    .trim()
    .min(1, { error: 'is empty: remove the line to use data/hearth.sqlite, or give a file path' })
    .default('data/hearth.sqlite'),
  DISCORD_API_BASE: z
    .url({
      protocol: /^https?$/,
      error:
        'must be an http(s) URL such as http://127.0.0.1:8080/api, or be left unset to use Discord',
    })
    .optional(),
  DEV_GUILD_ID: z
    .string()
    .regex(SNOWFLAKE, {
      error:
        'must be a server id (17-20 digits; Developer Mode > right-click the server > Copy Server ID), or be left unset',
    })
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  GUILD_DATA_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a whole number of days, such as 30' })
    .int({ error: 'must be a whole number of days, such as 30' })
    .min(0, { error: 'must be 0 or more days' })
    .max(3650, { error: 'must be at most 3650 days' })
    .default(30),
  POLL_SECRET: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, {
      error:
        'must be 64 hexadecimal characters (openssl rand -hex 32), or be left unset to keep a key in data/hearth.key',
    })
    .optional(),
  ENABLE_MESSAGE_CONTENT: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  INSIGHTS_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a whole number of days, such as 30' })
    .int({ error: 'must be a whole number of days, such as 30' })
    .min(1, { error: 'must be at least 1 day' })
    .max(3650, { error: 'must be at most 3650 days' })
    .default(30),
  HTTP_PORT: z.coerce
    .number({ error: 'must be a port number such as 9464, or be left unset for no HTTP endpoint' })
    .int({ error: 'must be a port number such as 9464, or be left unset for no HTTP endpoint' })
    .min(0, { error: 'must be between 1 and 65535 (0 picks a free port)' })
    .max(65535, { error: 'must be between 1 and 65535 (0 picks a free port)' })
    .optional(),
  HTTP_HOST: z
    .string()
    .trim()
    .min(1, { error: 'must be an address to listen on, such as 127.0.0.1 or 0.0.0.0' })
    // Unset means 127.0.0.1 (see DEFAULT_HTTP_HOST): only this machine can reach the endpoint.
    .optional(),
  MEMBER_DATA_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a whole number of days, such as 90' })
    .int({ error: 'must be a whole number of days, such as 90' })
    .min(0, { error: 'must be 0 (erase when a member leaves) or more days' })
    .max(3650, { error: 'must be at most 3650 days' })
    .default(90),
  PRIVACY_CONTACT: z
    .string()
    .trim()
    .max(200, { error: 'must be at most 200 characters (an email address or a short sentence)' })
    .optional(),
  PRIVACY_POLICY_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL of your privacy policy, or be left unset',
    })
    .optional(),
  REJECTION_COOLDOWN_HOURS: z.coerce
    .number({ error: 'must be a number of hours, such as 24' })
    .min(0, { error: 'must be 0 or more hours' })
    .max(24 * 90, { error: 'must be at most 2160 hours (90 days)' })
    .optional(),
  SUGGESTIONS_PER_DAY: z.coerce
    .number({ error: 'must be a whole number, such as 5' })
    .int({ error: 'must be a whole number, such as 5' })
    .min(1, { error: 'must be at least 1' })
    .max(100, { error: 'must be at most 100' })
    .optional(),
  ANONYMITY_MIN_RESPONSES: z.coerce
    .number({ error: 'must be a whole number of people, such as 5' })
    .int({ error: 'must be a whole number of people, such as 5' })
    .min(2, { error: 'must be at least 2 (one answer alone names its author)' })
    .max(1000, { error: 'must be at most 1000' })
    .optional(),
  PROMPT_CATCHUP_HOURS: z.coerce
    .number({ error: 'must be a number of hours, such as 6' })
    .min(0, { error: 'must be 0 or more hours' })
    .max(168, { error: 'must be at most 168 hours (a week)' })
    .default(6),
});

export type Config = Readonly<z.infer<typeof schema>>;

/** Where the health and metrics endpoint listens when HTTP_HOST is unset. */
export const DEFAULT_HTTP_HOST = '127.0.0.1';

/** What the operator's data tools (`npm run privacy`) read: the database and its key, no token. */
const dataSchema = schema.pick({ DATABASE_PATH: true, POLL_SECRET: true });
export type DataConfig = Readonly<z.infer<typeof dataSchema>>;

/**
 * The limits that keep members' trust (see `.env.example`), with their defaults applied. They are
 * optional in {@link Config}, which lists only what the environment set, and read through here.
 */
export interface TrustPolicy {
  /** How long a member whose answers a manager rejected waits before answering again. */
  readonly rejectionCooldownMs: number;
  /** Prompt suggestions one member may make in 24 hours. */
  readonly suggestionsPerDay: number;
  /**
   * Anonymous polls: how many people must have answered before counts or written answers are
   * shown, and the smallest step in which what managers see of an open poll moves.
   */
  readonly anonymityMinResponses: number;
}

/** The default of `ANONYMITY_MIN_RESPONSES`: the smallest crowd anyone's answers or activity hide in. */
export const DEFAULT_ANONYMITY_MIN = 5;

export function trustPolicy(config: Config): TrustPolicy {
  return {
    rejectionCooldownMs: (config.REJECTION_COOLDOWN_HOURS ?? 24) * 3_600_000,
    suggestionsPerDay: config.SUGGESTIONS_PER_DAY ?? 5,
    anonymityMinResponses: config.ANONYMITY_MIN_RESPONSES ?? DEFAULT_ANONYMITY_MIN,
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Empty strings count as unset, the way most people read an `.env` line such as `DEV_GUILD_ID=`. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Reads the data tools' part of the configuration: a bot token is not needed to read a database. */
export function parseDataConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: DataConfig } | { ok: false; problems: string[] } {
  const result = dataSchema.safeParse(withoutEmpty(env));
  if (result.success) return { ok: true, config: Object.freeze(result.data) };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`),
  };
}

/** Reads the configuration from an environment object (usually `process.env` after dotenv). */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const result = schema.safeParse(withoutEmpty(env));
  if (result.success) return { ok: true, config: Object.freeze(result.data) };
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'environment';
    // zod's own messages for a missing key read "Invalid input: expected string, received undefined";
    // every field above sets its own message, so this fallback only guards future fields.
    return `${name} ${issue.message}`;
  });
  return { ok: false, problems };
}
