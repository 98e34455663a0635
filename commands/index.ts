import type { Command, ComponentHandler } from '../src/core/handlers.js';
import * as hearth from './hearth.js';
import * as help from './help.js';
import * as insights from './insights.js';
import * as privacy from './privacy.js';
import * as onboarding from './onboarding.js';
import * as profile from './profile.js';
import * as poll from './poll.js';
import * as prompt from './prompt.js';
import * as schedule from './schedule.js';
import * as seats from './seats.js';
import * as suggest from './suggest.js';
import * as waitlist from './waitlist.js';

/**
 * Every slash command module. This one list feeds both the interaction router and
 * `npm run deploy-commands`, so what is deployed is what is handled.
 */
const modules: readonly { command: Command; components?: readonly ComponentHandler[] }[] = [
  hearth,
  help,
  onboarding,
  profile,
  seats,
  waitlist,
  prompt,
  schedule,
  suggest,
  poll,
  insights,
  privacy,
];

export const commands: readonly Command[] = modules.map((m) => m.command);
export const components: readonly ComponentHandler[] = modules.flatMap((m) => m.components ?? []);
