/**
 * With onboarding off, joining is the admission step. People who join while Hearth is offline
 * are admitted at the next start through the same path (the cap respected, the rest on the FIFO
 * waitlist), and only them: a member Hearth already knew is not touched.
 */
import { describe, expect, it } from 'vitest';
import { startBot, until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';
import { standingOf } from '../../src/features/membership/service.js';

const s = e2eSuite({
  a: { name: 'Quiet Room' },
  setup: (c) => ({ manager_role: { role: c.managerRole }, member_role: { role: c.memberRole } }),
});

describe('joins made while Hearth was offline', () => {
  it('are admitted at start-up, oldest first, up to the cap', async () => {
    // Two seats free, whoever already holds one.
    const cap = async (count: number) =>
      String(
        (
          await s.standIn.answer(
            s.standIn.command({
              guild: s.a.guild,
              user: s.a.owner.id,
              command: 'seats',
              subcommand: 'cap',
              options: { count },
            }),
          )
        ).content,
      );
    await cap(10);
    const seated = (
      await s.db
        .selectFrom('memberships')
        .select('user_id')
        .where('guild_id', '=', s.a.guild)
        .where('state', '=', 'admitted')
        .execute()
    ).length;
    expect(await cap(seated + 2)).toContain(String(seated + 2));
    // One minute passes with Hearth running: joins until now are seen.
    await s.bot.hearth.tick();
    await s.bot.stop();
    const guild = s.standIn.guilds.get(s.a.guild)!;
    const at = Date.now() + 1_000;
    const [ivy, jon, kim] = ['ivy', 'jon', 'kim'].map((name, i) => {
      const user = s.standIn.addMember(s.a.guild, name);
      guild.members.get(user.id)!.joined_at = new Date(at + i * 1_000).toISOString();
      return user;
    }) as unknown as [{ id: string }, { id: string }, { id: string }];
    s.bot = await startBot(s.standIn, { db: s.db });
    await until(() => s.standIn.rolesOf(s.a.guild, jon.id).includes(s.a.memberRole));
    await until(async () => (await standingOf(s.db, s.a.guild, kim.id)).state === 'waiting');
    expect(s.standIn.rolesOf(s.a.guild, ivy.id)).toContain(s.a.memberRole);
    expect(s.standIn.rolesOf(s.a.guild, kim.id)).not.toContain(s.a.memberRole);
    expect(await standingOf(s.db, s.a.guild, kim.id)).toMatchObject({
      state: 'waiting',
      position: 1,
    });
    // The owner and the manager, there before, were not admitted after the fact.
    expect((await standingOf(s.db, s.a.guild, s.a.manager.id)).state).toBe('none');
  });
});
