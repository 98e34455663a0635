/** What other features may use of introductions. */
/** `/hearth status`: the intro channel exists and Hearth has what a round needs there. */
export { introProblems } from './health.discord.js';
/** `/insights intros`: the rounds, groups, check-in answers and first replies between members. */
export { introHistory, type IntroHistory, type RoundHistory } from './service.js';
