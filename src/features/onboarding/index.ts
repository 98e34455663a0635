/**
 * Onboarding: the questionnaire managers design (`/onboarding`), the welcome and the modal pages
 * new members answer, roles from answers, manager approval, and `/profile`. Answers are tied to
 * the question revision they answered.
 */
import { GatewayDispatchEvents } from 'discord.js';
import * as onboardingCommand from '../../../commands/onboarding.js';
import * as profile from '../../../commands/profile.js';
import { onDispatch, type Feature } from '../../core/feature.js';
import { trustPolicy } from '../../core/config.js';
import { expireKeptRejections } from './members.js';
import { onboardingEffects, onMemberEvent, reconcileOnboarding } from './discord.js';
import { onboardingMemberData } from './member-data.js';
import './messages.js';

export const onboarding: Feature = {
  name: 'onboarding',
  commands: [onboardingCommand, profile],
  gatewayHandlers: [
    // Straight from the gateway payloads: they must not depend on the member cache.
    onDispatch(GatewayDispatchEvents.GuildMemberAdd, ({ app, client }, data) =>
      onMemberEvent(app, client, GatewayDispatchEvents.GuildMemberAdd, data),
    ),
    onDispatch(GatewayDispatchEvents.GuildMemberUpdate, ({ app, client }, data) =>
      onMemberEvent(app, client, GatewayDispatchEvents.GuildMemberUpdate, data),
    ),
    onDispatch(GatewayDispatchEvents.GuildMemberRemove, ({ app, client }, data) =>
      onMemberEvent(app, client, GatewayDispatchEvents.GuildMemberRemove, data),
    ),
  ],
  jobs: [
    {
      // A rejection kept after an erase goes once its cooldown is over.
      name: 'expire-kept-rejections',
      schedule: '* * * * *',
      run: async ({ app }) => {
        await expireKeptRejections(app.db, app.now(), trustPolicy(app.config).rejectionCooldownMs);
      },
    },
  ],
  effects: onboardingEffects,
  start: ({ app, client }) => reconcileOnboarding(app, client),
  memberData: onboardingMemberData,
};
