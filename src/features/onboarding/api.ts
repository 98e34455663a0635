/** What other features may use of onboarding: role mappings and a member's answers as an embed. */
export { roleMappings } from './questionnaire.js';
export { answersEmbed } from './discord.js';
