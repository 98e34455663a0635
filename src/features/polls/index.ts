/**
 * Polls: feedback polls and templates (`/poll`), one vote per member in one transaction,
 * anonymous by keyed hash when asked, results live or at close, charts and exports.
 */
import * as poll from '../../../commands/poll.js';
import type { Feature } from '../../core/feature.js';
import {
  pollEditPost,
  pollKeyOf,
  pollMessagePost,
  pollReminderPost,
  pollResultsPost,
  pollSuggestionPost,
  rendererOf,
  runPollTick,
} from './discord.js';
import { pollsMemberData } from './member-data.js';
import './messages.js';

export const polls: Feature = {
  name: 'polls',
  commands: [poll],
  // The key file is read (or created) before login: a problem with it stops start-up.
  init: (app) => void pollKeyOf(app),
  jobs: [
    {
      name: 'poll-closings',
      schedule: '* * * * *',
      run: ({ app, client }) => runPollTick(app, rendererOf(app, client)),
    },
  ],
  effects: [pollMessagePost, pollResultsPost, pollReminderPost, pollEditPost, pollSuggestionPost],
  stop: ({ app, client }) => Promise.resolve(rendererOf(app, client).stop()),
  memberData: pollsMemberData,
};
