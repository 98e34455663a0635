/** What other features may use of insights: who opted out of being named. */
export { hiddenMembers } from './service.js';
