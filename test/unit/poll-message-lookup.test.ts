/**
 * A retry of the poll post looks for the message an earlier attempt may have made. The buttons
 * carry the poll's version, which an edit between the attempt and the retry changes: the look-up
 * must still recognise the message (else the retry posts the poll twice), and never another
 * poll's message.
 */
import type { APIMessage } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { namesPoll } from '../../src/features/polls/discord.js';
import { pollRoutes } from '../../src/features/polls/routes.js';

const withButtons = (...ids: string[]) =>
  ({
    components: [
      { type: 1, components: ids.map((custom_id) => ({ type: 2, style: 2, custom_id })) },
    ],
  }) as unknown as APIMessage;

describe('the poll message look-up', () => {
  it('recognises the poll whatever version its buttons carry', () => {
    for (const version of [0, 1, 7])
      expect(
        namesPoll(withButtons(pollRoutes.pick.build({ poll: 12, version, choice: 0 })), 12),
      ).toBe(true);
    expect(namesPoll(withButtons(pollRoutes.vote.build({ poll: 12, choice: 1 })), 12)).toBe(true);
    expect(namesPoll(withButtons(pollRoutes.open.build({ poll: 12 })), 12)).toBe(true);
  });

  it('never takes another poll’s message, or a message without buttons, for this one', () => {
    expect(
      namesPoll(withButtons(pollRoutes.pick.build({ poll: 120, version: 0, choice: 0 })), 12),
    ).toBe(false);
    expect(namesPoll(withButtons(pollRoutes.open.build({ poll: 1 })), 12)).toBe(false);
    expect(namesPoll({ components: [] } as unknown as APIMessage, 12)).toBe(false);
    expect(namesPoll({} as APIMessage, 12)).toBe(false);
  });
});
