/** Words for what went wrong with an effect, for notices and `/hearth status`. */
import type { MessageKey, MessageParams, Translate } from '../i18n.js';

/** A message key with its parameters, translated when the words are needed. */
export interface Phrase {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/** A failure code stored on an outbox row ("discord:50013", "http:503"), in words. */
export function reasonOf(code: string | null): Phrase {
  switch (code) {
    case 'discord:50013':
    case 'discord:50001':
      return { key: 'outbox.reason.permissions' };
    case 'discord:10003':
      return { key: 'outbox.reason.channel' };
    case 'discord:10008':
      return { key: 'outbox.reason.message' };
    case 'discord:10011':
      return { key: 'outbox.reason.role' };
    case 'discord:10007':
    case 'discord:10013':
      return { key: 'outbox.reason.member' };
    case 'discord:50007':
      return { key: 'outbox.reason.dm' };
    case 'discord:50035':
    case 'discord:40005':
    case 'discord:50006':
    case 'payload':
      return { key: 'outbox.reason.payload' };
    case 'rate-limited':
      return { key: 'outbox.reason.rateLimited' };
    default:
      if (code?.startsWith('setting:') === true) return { key: 'outbox.reason.setting' };
      if (
        code === null ||
        code.startsWith('http:5') ||
        code === 'network' ||
        code === 'timeout' ||
        code === 'error'
      )
        return { key: 'outbox.reason.discord' };
      return { key: 'outbox.reason.other', params: { code } };
  }
}

/** Renders a phrase, and phrases nested in its parameters, in one language. */
export function render(
  t: Translate,
  phrase: { key: string; params?: Readonly<Record<string, unknown>> },
): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(phrase.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (typeof value === 'object' && value !== null && 'key' in value)
      params[name] = render(t, value as { key: string; params?: Record<string, unknown> });
  }
  return t(phrase.key as MessageKey, params);
}
