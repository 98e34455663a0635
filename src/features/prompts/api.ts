/** What other features may use of prompts: rescheduling after a time zone change, prompt stats. */
export { promptStats, rescheduleGuild } from './schedules.js';
