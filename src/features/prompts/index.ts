/**
 * Prompts: the prompt bank (`/prompt`), schedules in the server's time zone (`/schedule`),
 * members' suggestions (`/suggest`), each run posted exactly once with a thread, and replies
 * counted (who and when, never the text).
 */
import { GatewayDispatchEvents } from 'discord.js';
import * as prompt from '../../../commands/prompt.js';
import * as schedule from '../../../commands/schedule.js';
import * as suggest from '../../../commands/suggest.js';
import { onDispatch, type Feature } from '../../core/feature.js';
import { promptPostEffect, promptReviewPost, runPromptTick } from './discord.js';
import { promptsMemberData } from './member-data.js';
import { recordReply } from './schedules.js';
import { observePrompts } from './health.js';
import './messages.js';

export const prompts: Feature = {
  name: 'prompts',
  commands: [prompt, schedule, suggest],
  init: observePrompts,
  gatewayHandlers: [
    // A reply in a prompt's thread counts for that prompt (who and when).
    onDispatch(GatewayDispatchEvents.MessageCreate, async ({ app }, message) => {
      if (message.guild_id === undefined || message.author.bot === true) return;
      if (message.webhook_id !== undefined) return;
      const at = Date.parse(message.timestamp);
      await recordReply(
        app.db,
        message.guild_id,
        message.channel_id,
        message.id,
        message.author.id,
        at,
      );
    }),
  ],
  jobs: [{ name: 'prompt-runs', schedule: '* * * * *', run: ({ app }) => runPromptTick(app) }],
  effects: [promptPostEffect, promptReviewPost],
  // Prompts that fell due while Hearth was offline: one post per schedule if still inside the
  // catch-up window, and one notice per server for what was skipped.
  start: ({ app }) => runPromptTick(app),
  memberData: promptsMemberData,
};
