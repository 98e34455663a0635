/**
 * Decisions taken in the same millisecond are still two decisions. Hearth names each decision's
 * outbox effects by a number of its own (not by the time it was taken), so with a frozen clock a
 * manager who admits, removes and admits again gets the member role back, and a member who leaves
 * and rejoins at the same instant is welcomed again. A retried effect still happens once.
 */
import { describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { type CommandInvocation } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

// The clock never moves: every decision below is taken at the same instant.
const FROZEN = Date.now();
const now = () => FROZEN;

async function cmd(invocation: Omit<CommandInvocation, 'guild' | 'user'> & { user?: string }) {
  const interaction = s.standIn.command({ guild: s.a.guild, user: s.a.owner.id, ...invocation });
  return (await s.standIn.answer(interaction)).content as string;
}
const outbox = (kind: string, user: APIUser) =>
  s.db
    .selectFrom('outbox')
    .select(['dedupe_key', 'state'])
    .where('kind', '=', kind)
    .where('subject_id', '=', user.id)
    .execute();

const s = e2eSuite({
  a: { name: 'Frozen Circle' },
  now: () => now(),
  setup: (c) => ({
    manager_role: { role: c.managerRole },
    member_role: { role: c.memberRole },
    welcome_channel: { channel: c.welcome },
    announcements_channel: { channel: c.announcements },
    log_channel: { channel: c.log },
  }),
});

describe('two decisions about one member in the same millisecond', () => {
  it('admit, remove, admit again: the member role is back, each grant and removal carried out once', async () => {
    const kit = s.standIn.addMember(s.a.guild, 'kit', []);
    const hasRole = () => s.standIn.rolesOf(s.a.guild, kit.id).includes(s.a.memberRole);
    const admit = () =>
      cmd({ command: 'seats', subcommand: 'admit', options: { member: { user: kit.id } } });
    expect(await admit()).toMatch(/^<@\d+> is admitted \(seat \d+\)\.$/);
    await until(hasRole);
    await cmd({ command: 'seats', subcommand: 'remove', options: { member: { user: kit.id } } });
    await until(() => !hasRole());
    expect(await admit()).toMatch(/^<@\d+> is admitted \(seat \d+\)\.$/);
    await until(hasRole);
    await until(async () =>
      (await outbox('membership.role', kit)).every((r) => r.state === 'done'),
    );
    const rows = await outbox('membership.role', kit);
    // Two grants and one removal, three effects: none taken for a repeat of another.
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(3);
    // A second tick (a retry) adds nothing.
    await s.bot.hearth.tick();
    expect(await outbox('membership.role', kit)).toHaveLength(3);
    expect(hasRole()).toBe(true);
  });

  it('join, leave, rejoin: welcomed twice, each welcome once', async () => {
    const add = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'onboarding',
      subcommand: 'add',
      options: { kind: 'short' },
    });
    await s.standIn.answer(
      await s.standIn.fillModal({
        guild: s.a.guild,
        user: s.a.owner.id,
        opened: add,
        answers: { 'Question (up to 45 characters)': 'Why are you here?' },
      }),
    );
    await cmd({ command: 'onboarding', subcommand: 'settings', options: { enabled: true } });
    const welcomes = (user: APIUser) =>
      s.standIn.postedIn(s.a.welcome).filter((m) => m.content.includes(user.id));
    const lea = s.standIn.join(s.a.guild, 'lea');
    await until(() => welcomes(lea).length === 1);
    s.standIn.leave(s.a.guild, lea.id);
    s.standIn.rejoin(s.a.guild, lea);
    await until(() => welcomes(lea).length === 2);
    await until(async () =>
      (await outbox('onboarding.welcome', lea)).every((r) => r.state === 'done'),
    );
    expect(await outbox('onboarding.welcome', lea)).toHaveLength(2);
    await s.bot.hearth.tick();
    expect(welcomes(lea)).toHaveLength(2);
  });
});
