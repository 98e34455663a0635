/** What other features may use of guilds: the check that Hearth can grant a role. */
export { grantableRoleProblems } from './health.discord.js';
