/** What other features may use of membership: admission and seat changes on Discord. */
export { admitAndTell, decideAdmission, onRolesChanged, onSeatHolderLeft } from './discord.js';
