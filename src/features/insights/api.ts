/** What other features may use of insights: who opted out of being named, and opting out. */
export { hiddenMembers, setHidden } from './service.js';
