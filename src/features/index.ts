/**
 * Every feature, in the order their jobs run each minute and their start-up work runs. This one
 * list feeds the interaction router, the gateway, the scheduler and `npm run deploy-commands`.
 */
import type { Feature } from '../core/feature.js';
import { registerCommands } from '../core/i18n.js';
import type { Command, ComponentHandler } from '../core/handlers.js';
import { events } from './events/index.js';
import { guilds } from './guilds/index.js';
import { insights } from './insights/index.js';
import { introsFeature } from './intros/index.js';
import { membership } from './membership/index.js';
import { onboarding } from './onboarding/index.js';
import { polls } from './polls/index.js';
import { privacyFeature } from './privacy/index.js';
import { prompts } from './prompts/index.js';
import { segments } from './segments/index.js';
import { surveys } from './surveys/index.js';

export const features: readonly Feature[] = [
  guilds,
  onboarding,
  membership,
  prompts,
  polls,
  surveys,
  events,
  introsFeature,
  insights,
  segments,
  // Last: its departure handler and its start-up reconcile run after every other feature's.
  privacyFeature,
];

/** Every slash command, as deployed and as routed. */
export const commands: readonly Command[] = features.flatMap((f) =>
  f.commands.map((m) => m.command),
);

// Messages name commands by reference ({/hearth setup}), resolved against these definitions.
registerCommands(commands.map((command) => command.data));

/** Every component handler (buttons, select menus, modals). */
export const components: readonly ComponentHandler[] = features.flatMap((f) => [
  ...f.commands.flatMap((m) => m.components ?? []),
  ...(f.components ?? []),
]);
