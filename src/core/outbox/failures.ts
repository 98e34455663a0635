/**
 * What a failed attempt means for the effect: wait as Discord asked (429), try again later
 * (Discord having a bad minute), or give up (something only a manager can fix, or a request
 * Discord will never accept). Read by shape, never by class: discord.js and an ESM import of
 * @discordjs/rest load two copies of the error classes.
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';

export type Failure =
  | {
      readonly kind: 'rate-limited';
      readonly code: 'rate-limited';
      /** How long Discord asked to wait, in ms. */
      readonly retryAfterMs: number;
      /** The bot's global limit (everything waits), not one route's. */
      readonly global: boolean;
    }
  /** Trying again cannot help until someone changes something. */
  | { readonly kind: 'permanent'; readonly code: string }
  /** Trying again later may well work. */
  | { readonly kind: 'transient'; readonly code: string };

/**
 * Thrown by an effect that cannot be carried out and should not be retried: a setting it needs is
 * missing (`setting:log_channel_id`), its subject is gone. The code is shown to managers in
 * `/hearth status`, so it names the problem, never member text.
 */
export class PermanentFailure extends Error {
  constructor(readonly code: string) {
    super(`effect cannot be carried out: ${code}`);
    this.name = 'PermanentFailure';
  }
}

/** Codes whose problem is the channel itself: every effect in it would fail the same way. */
export const CHANNEL_LEVEL: ReadonlySet<string> = new Set([
  `discord:${RESTJSONErrorCodes.MissingPermissions}`,
  `discord:${RESTJSONErrorCodes.MissingAccess}`,
  `discord:${RESTJSONErrorCodes.UnknownChannel}`,
]);

function field(error: object, name: string): unknown {
  return (error as Record<string, unknown>)[name];
}

export function classify(error: unknown): Failure {
  if (error instanceof PermanentFailure) return { kind: 'permanent', code: error.code };
  if (typeof error !== 'object' || error === null) return { kind: 'transient', code: 'error' };
  // @discordjs/rest with rejectOnRateLimit: a RateLimitError carrying what Discord said.
  const retryAfter = field(error, 'retryAfter');
  if (typeof retryAfter === 'number' && typeof field(error, 'global') === 'boolean')
    return {
      kind: 'rate-limited',
      code: 'rate-limited',
      retryAfterMs: Math.max(0, retryAfter),
      global: field(error, 'global') === true,
    };
  const status = field(error, 'status');
  if (typeof status === 'number') {
    const code = field(error, 'code');
    if (status === 429)
      return { kind: 'rate-limited', code: 'rate-limited', retryAfterMs: 1_000, global: false };
    // 401: the token, which affects everything at once, not this effect: wait, do not give up.
    if (status >= 500 || status === 401 || status === 408)
      return { kind: 'transient', code: `http:${status}` };
    return {
      kind: 'permanent',
      code: typeof code === 'number' && code !== 0 ? `discord:${code}` : `http:${status}`,
    };
  }
  const name = field(error, 'name');
  if (name === 'AbortError' || name === 'TimeoutError')
    return { kind: 'transient', code: 'timeout' };
  return { kind: 'transient', code: error instanceof Error ? 'network' : 'error' };
}

/** True for errors of Hearth's own code (a bug), which deserve a stack trace in the log. */
export function isOwnError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  if (error instanceof PermanentFailure) return false;
  if (typeof field(error, 'status') === 'number' || typeof field(error, 'retryAfter') === 'number')
    return false;
  const code = field(error, 'code');
  // Network errors carry an errno-style code (ECONNRESET, UND_ERR_SOCKET).
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return false;
  const name = field(error, 'name');
  return name !== 'AbortError' && name !== 'TimeoutError';
}
