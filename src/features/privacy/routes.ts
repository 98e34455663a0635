/** Custom ids of members' data rights, declared once. */
import { defineRoute } from '../../core/custom-id.js';

/**
 * The erase button and its typed confirmation. They name the server and the member they were
 * made for, and are honoured only for that member in that server: the member pressing is always
 * the one whose data is erased, whatever a forged id says.
 */
export const privacyRoutes = {
  erase: defineRoute('privacy.erase', { guild: 'id', user: 'id', roles: 'keyword' }),
  confirm: defineRoute('privacy.confirm', { guild: 'id', user: 'id', roles: 'keyword' }),
} as const;
