/**
 * Reaching Discord at start, with errors a person can act on. Before the gateway login, one REST
 * call (GET /gateway/bot, which login makes anyway) shows whether Discord can be reached and takes
 * the token: unreachable, slow or failing is retried with backoff, one log line per attempt with
 * the next delay, so a bot started before the network is up simply waits; a refused token is one
 * line and exit 1. Gateway close codes that retrying cannot fix (4004, 4014) become one line too.
 */
import { REST } from '@discordjs/rest';
import { ApplicationFlags, Routes, type APIApplication } from 'discord.js';
import type { Logger } from '../core/log.js';

export const TOKEN_REFUSED =
  'DISCORD_TOKEN was refused by Discord: reset the token in the Developer Portal (Bot > Reset Token) and update .env';

/** How long one attempt may wait for Discord's answer before it counts as failed. */
export const ATTEMPT_TIMEOUT_MS = 5_000;
/** Delays between attempts: doubling from 1 s to at most a minute. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number'
    ? error.status
    : undefined;
}

/** Why an attempt failed, in words, without anything from the request (it carries the token). */
export function describeFailure(error: unknown): string {
  const status = statusOf(error);
  if (status !== undefined) return `Discord answered ${status}`;
  if (error instanceof Error && error.name === 'AbortError')
    return `Discord did not answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return `Discord cannot be reached (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

export class TokenRefusedError extends Error {
  constructor() {
    super(TOKEN_REFUSED);
    this.name = 'TokenRefusedError';
  }
}

export interface ReachOptions {
  readonly token: string;
  readonly apiBase: string | undefined;
  readonly logger: Logger;
  /** Waits between attempts; tests and shutdown can cut it short. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Resolves once Discord answers GET /gateway/bot with the token accepted; retries for ever
 * otherwise (a signal still stops the process). Throws {@link TokenRefusedError} on 401.
 */
export async function reachDiscord(options: ReachOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const rest = new REST({
    ...(options.apiBase === undefined ? {} : { api: options.apiBase }),
    timeout: ATTEMPT_TIMEOUT_MS,
    retries: 0,
  }).setToken(options.token);
  for (let attempt = 1; ; attempt++) {
    try {
      await rest.get(Routes.gatewayBot());
      return;
    } catch (error) {
      const status = statusOf(error);
      if (status === 401) throw new TokenRefusedError();
      const delay = retryDelayMs(attempt);
      options.logger.warn(
        { attempt, retryInMs: delay },
        `${describeFailure(error)}; retrying in ${delay / 1000} s`,
      );
      await sleep(delay);
    }
  }
}

const INTENT_NAMES = {
  members: 'the Server Members Intent',
  content: 'the Message Content Intent (ENABLE_MESSAGE_CONTENT=true)',
} as const;

/**
 * The privileged intents Hearth asked for that the application has not turned on, learned from
 * the application's flags; all of those it asked for when the flags cannot be read.
 */
export async function refusedIntents(options: {
  readonly token: string;
  readonly apiBase: string | undefined;
  readonly messageContent: boolean;
}): Promise<(keyof typeof INTENT_NAMES)[]> {
  const asked: (keyof typeof INTENT_NAMES)[] = [
    'members',
    ...(options.messageContent ? (['content'] as const) : []),
  ];
  try {
    const rest = new REST({
      ...(options.apiBase === undefined ? {} : { api: options.apiBase }),
      timeout: ATTEMPT_TIMEOUT_MS,
      retries: 0,
    }).setToken(options.token);
    const app = (await rest.get(Routes.currentApplication())) as APIApplication;
    const flags = app.flags ?? 0;
    const on = {
      members:
        (flags &
          (ApplicationFlags.GatewayGuildMembers | ApplicationFlags.GatewayGuildMembersLimited)) !==
        0,
      content:
        (flags &
          (ApplicationFlags.GatewayMessageContent |
            ApplicationFlags.GatewayMessageContentLimited)) !==
        0,
    };
    const off = asked.filter((intent) => !on[intent]);
    return off.length > 0 ? off : asked;
  } catch {
    return asked;
  }
}

/** The one line for close code 4014, naming the intents and where to turn them on. */
export function intentsLine(refused: readonly (keyof typeof INTENT_NAMES)[]): string {
  const names = refused.map((intent) => INTENT_NAMES[intent]).join(' and ');
  const them = refused.length > 1 ? 'them' : 'it';
  const onlyContent = refused.length === 1 && refused[0] === 'content';
  return `Discord refused ${names}: turn ${them} on in the Developer Portal (your application > Bot > Privileged Gateway Intents)${onlyContent ? ', or set ENABLE_MESSAGE_CONTENT=false' : ''}, then start Hearth again`;
}

/** The gateway's close code for a failed login, from the error discord.js rejects with. */
export function gatewayRefusal(
  error: unknown,
  lastCloseCode: number | undefined,
): 'intents' | 'token' | undefined {
  const message = error instanceof Error ? error.message : '';
  if (lastCloseCode === 4014 || message === 'Used disallowed intents') return 'intents';
  if (lastCloseCode === 4004 || message === 'Authentication failed') return 'token';
  if (error instanceof Error && 'code' in error && error.code === 'TokenInvalid') return 'token';
  return undefined;
}
