/** Custom ids of introductions, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const introRoutes = {
  /** "Join the introductions" under the announcement. */
  join: defineRoute('intro.join', {}),
  /** Yes / Not yet / Skip in a group's thread. Reloaded: only the group's members answer. */
  met: defineRoute('intro.met', { group: 'int', answer: 'keyword' }),
  /** Stay / Pause / Leave, in a DM: the guild is named, and checked. */
  stay: defineRoute('intro.stay', { guild: 'id', choice: 'keyword' }),
} as const;
