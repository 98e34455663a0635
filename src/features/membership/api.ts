/** What other features may use of membership: admission and seat changes on Discord. */
export {
  admitAndTell,
  admitOfflineJoins,
  decideAdmission,
  onRolesChanged,
  onSeatHolderLeft,
} from './discord.js';
