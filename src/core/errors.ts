import type { MessageKey, MessageParams } from './i18n.js';

/**
 * An expected problem the person can fix: bad input, missing permission, a closed poll. Services
 * throw it; the Discord adapter answers with its message, translated, in an ephemeral reply.
 * Anything else that reaches the error boundary is a bug.
 */
export class UserError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(key);
    this.name = 'UserError';
  }
}
