/** Custom ids of membership, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const seatRoutes = {
  /** "Take my seat" on an offered seat; `guild` lets it work from a direct message. */
  confirm: defineRoute('seat.confirm', { guild: 'id' }),
} as const;
