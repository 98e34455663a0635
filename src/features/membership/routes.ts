/** Custom ids of membership, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const seatRoutes = {
  /** "Take my seat" on an offered seat; `guild` lets it work from a direct message. */
  confirm: defineRoute('seat.confirm', { guild: 'id' }),
  /** A page of /seats waitlist. */
  waitlistPage: defineRoute('seat.wait', { page: 'int' }),
  /** A page of /seats inactive, for the same number of weeks. */
  inactivePage: defineRoute('seat.idle', { weeks: 'int', page: 'int' }),
} as const;
