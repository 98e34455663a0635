/** Custom ids of the guilds feature, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const guildRoutes = {
  /** The topic menu of /help. */
  helpTopic: defineRoute('help.topic', {}),
  /** "Check again" under /hearth status. */
  status: defineRoute('hearth.status', {}),
  /** "Retry" under /hearth status: what Hearth gave up on is tried again. */
  retry: defineRoute('hearth.retry', {}),
} as const;
