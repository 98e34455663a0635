/**
 * Loopholes in a member's lifecycle, tried the way a member (or a manager in a hurry) would:
 * leaving and rejoining after /seats remove or a rejection, resubmitting rejected answers in a
 * loop, an approval of someone who already left, a seat offered to someone gone, a choice key
 * reused across questionnaire revisions, and suggestions sent without end.
 */
import { onboardingRoutes } from '../../src/features/onboarding/routes.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { type CommandInvocation, type InteractionState } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

const HOUR = 3_600_000;
let clock = Date.UTC(2026, 10, 25, 9, 0);
// Time moves on as Hearth reads it, a millisecond at a time, as on a real clock (decisions in
// one instant are covered by same-instant.test.ts).
const now = () => clock++;
let teamRole: string;

async function cmd(invocation: Omit<CommandInvocation, 'guild' | 'user'> & { user?: string }) {
  const interaction = s.standIn.command({ guild: s.a.guild, user: s.a.owner.id, ...invocation });
  return (await s.standIn.answer(interaction)).content as string;
}
const buttonsOf = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined)
    ?.components ?? [];
const dms = (user: APIUser) => s.standIn.dmsTo(user.id).map((m) => m.content);
const reviews = (user: APIUser) =>
  s.standIn.postedIn(s.a.log).filter((m) => JSON.stringify(m.embeds).includes(user.id));
const membership = (user: APIUser) =>
  s.db
    .selectFrom('memberships')
    .selectAll()
    .where('guild_id', '=', s.a.guild)
    .where('user_id', '=', user.id)
    .executeTakeFirst();

/** The member presses Start on their welcome (or any Start button) and gets an answer. */
function pressStart(user: APIUser, message: APIMessage): InteractionState {
  const start = buttonsOf(message).find(
    (b) => onboardingRoutes.start.parse(b.custom_id) !== undefined,
  )!;
  return s.standIn.click({ guild: s.a.guild, user: user.id, message, customId: start.custom_id });
}
/** Hearth paces its posts in a channel (5 in 5 s): a busy welcome channel takes a few seconds. */
const PACED_MS = 15_000;
async function welcomeOf(user: APIUser): Promise<APIMessage> {
  await until(
    () => s.standIn.postedIn(s.a.welcome).some((m) => m.content.includes(user.id)),
    PACED_MS,
  );
  return s.standIn
    .postedIn(s.a.welcome)
    .filter((m) => m.content.includes(user.id))
    .at(-1)!;
}
async function answer(user: APIUser, opened: InteractionState, team = 'Makers'): Promise<string> {
  const done = await s.standIn.fillModal({
    guild: s.a.guild,
    user: user.id,
    opened,
    answers: { 'Why are you here?': `I am ${user.username}`, 'Which team?': team },
  });
  return (await s.standIn.answer(done)).content as string;
}
async function joinAndAnswer(name: string, team = 'Makers'): Promise<APIUser> {
  const user = s.standIn.join(s.a.guild, name);
  await answer(user, pressStart(user, await welcomeOf(user)), team);
  return user;
}
async function decide(user: APIUser, verdict: 'Approve' | 'Reject'): Promise<string | undefined> {
  await until(() => reviews(user).length > 0);
  const review = reviews(user).at(-1)!;
  const button = buttonsOf(review).find((b) => b.label === verdict)!;
  const click = s.standIn.click({
    guild: s.a.guild,
    user: s.a.manager.id,
    message: review,
    customId: button.custom_id,
  });
  await s.standIn.callback(click);
  // A follow-up for the manager, when there is something to say.
  const followUp = await s.standIn
    .waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path.startsWith(`/webhooks/${s.standIn.applicationId}/${click.token}`),
      1_500,
    )
    .catch(() => undefined);
  return (followUp?.body as { content?: string } | undefined)?.content;
}

const s = e2eSuite({
  a: { name: 'Tight Circle' },
  now: () => now(),
  seed: ({ standIn, a }) => {
    teamRole = standIn.addRole(a.guild, { name: 'Team Explorers', position: 2 });
  },
});
beforeAll(async () => {
  await s.setup(s.a, {
    manager_role: { role: s.a.managerRole },
    member_role: { role: s.a.memberRole },
    welcome_channel: { channel: s.a.welcome },
    announcements_channel: { channel: s.a.announcements },
    log_channel: { channel: s.a.log },
  });
  for (const [kind, fields] of [
    ['short', { 'Question (up to 45 characters)': 'Why are you here?' }],
    [
      'single',
      {
        'Question (up to 45 characters)': 'Which team?',
        'Choices, one per line (2 to 25)': 'Makers\nThinkers\nExplorers',
      },
    ],
  ] as const) {
    const add = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'onboarding',
      subcommand: 'add',
      options: { kind },
    });
    await s.standIn.answer(
      await s.standIn.fillModal({
        guild: s.a.guild,
        user: s.a.owner.id,
        opened: add,
        answers: fields,
      }),
    );
  }
  await cmd({ command: 'onboarding', subcommand: 'settings', options: { enabled: true } });
});

describe('a member a manager removed', () => {
  it('stays removed after leaving and rejoining, is told once, and is back only when a manager says so', async () => {
    const zed = await joinAndAnswer('zed');
    await until(() => s.standIn.rolesOf(s.a.guild, zed.id).includes(s.a.memberRole));
    expect(
      await cmd({ command: 'seats', subcommand: 'remove', options: { member: { user: zed.id } } }),
    ).toBe(
      `<@${zed.id}> no longer has a seat; the member role is removed. They stay in the server.`,
    );
    await until(() => !s.standIn.rolesOf(s.a.guild, zed.id).includes(s.a.memberRole));
    const dmsBefore = dms(zed).length;
    const welcomes = () =>
      s.standIn.postedIn(s.a.welcome).filter((m) => m.content.includes(zed.id));
    for (let stay = 0; stay < 3; stay++) {
      const before = welcomes().length;
      s.standIn.leave(s.a.guild, zed.id);
      s.standIn.rejoin(s.a.guild, zed);
      // A returning member is welcomed back once Hearth has decided about their seat.
      await until(() => welcomes().length > before, PACED_MS);
    }
    // Give Hearth a moment to do anything it would do wrongly.
    await s.bot.hearth.tick();
    expect(s.standIn.rolesOf(s.a.guild, zed.id)).not.toContain(s.a.memberRole);
    expect((await membership(zed))?.state).toBe('removed');
    expect(
      dms(zed)
        .slice(dmsBefore)
        .filter((d) => !d.startsWith('Welcome back')),
    ).toEqual([
      'A manager of Tight Circle removed your seat earlier, and that decision still stands after leaving and coming back: Hearth will not give you a seat again unless a manager lets you back in. If you think this is a mistake, write to the server’s team.',
    ]);
    // A manager says otherwise.
    expect(
      await cmd({ command: 'seats', subcommand: 'admit', options: { member: { user: zed.id } } }),
    ).toMatch(/^<@\d+> is admitted \(seat \d+\)\.$/);
    await until(() => s.standIn.rolesOf(s.a.guild, zed.id).includes(s.a.memberRole));
    expect((await membership(zed))?.barred_at).toBeNull();
  });
});

describe('a member a manager removed, who then erases their data', () => {
  /** The member runs /privacy erase and confirms it, staying in the server. */
  async function erase(user: APIUser): Promise<void> {
    const preview = s.standIn.command({
      guild: s.a.guild,
      user: user.id,
      command: 'privacy',
      subcommand: 'erase',
    });
    await s.standIn.answer(preview);
    const message = preview.messages[0]!;
    const confirmed = await s.standIn.fillModal({
      guild: s.a.guild,
      user: user.id,
      opened: s.standIn.click({
        guild: s.a.guild,
        user: user.id,
        message,
        customId: buttonsOf(message)[0]!.custom_id,
      }),
      answers: { 'Type ERASE to confirm': 'ERASE' },
    });
    expect((await s.standIn.answer(confirmed)).content).toMatch(/^Done: Hearth erased/);
  }
  const bars = () => s.db.selectFrom('member_bars').selectAll().where('guild_id', '=', s.a.guild);
  async function removeEraseRejoin(name: string): Promise<APIUser> {
    const user = await joinAndAnswer(name);
    await until(() => s.standIn.rolesOf(s.a.guild, user.id).includes(s.a.memberRole));
    await cmd({ command: 'seats', subcommand: 'remove', options: { member: { user: user.id } } });
    await until(() => !s.standIn.rolesOf(s.a.guild, user.id).includes(s.a.memberRole));
    const barsBefore = (await bars().execute()).length;
    await erase(user);
    expect(await membership(user)).toBeUndefined();
    // The removal is kept, under a keyed fingerprint: the id is nowhere in it, nor the time.
    const kept = await bars().execute();
    expect(kept).toHaveLength(barsBefore + 1);
    expect(JSON.stringify(kept)).not.toContain(user.id);
    for (const bar of kept) expect(bar.barred_on % 86_400_000).toBe(0);
    s.standIn.leave(s.a.guild, user.id);
    return user;
  }

  it('stays removed after erase and rejoin (a new questionnaire earns no seat) until a manager admits them', async () => {
    const kai = await removeEraseRejoin('kai');
    s.standIn.rejoin(s.a.guild, kai);
    await answer(kai, pressStart(kai, await welcomeOf(kai)));
    await until(async () =>
      (
        await s.db
          .selectFrom('outbox')
          .select('state')
          .where('kind', '=', 'onboarding.admit')
          .where('subject_id', '=', kai.id)
          .execute()
      ).some((r) => r.state === 'done'),
    );
    await s.bot.hearth.tick();
    expect(s.standIn.rolesOf(s.a.guild, kai.id)).not.toContain(s.a.memberRole);
    expect((await membership(kai))?.state).not.toBe('admitted');
    // A manager says otherwise: the kept removal goes with it.
    expect(
      await cmd({ command: 'seats', subcommand: 'admit', options: { member: { user: kai.id } } }),
    ).toMatch(/^<@\d+> is admitted \(seat \d+\)\.$/);
    await until(() => s.standIn.rolesOf(s.a.guild, kai.id).includes(s.a.memberRole));
    expect(await bars().execute()).toHaveLength(0);
  });

  it('a manager’s approval of their new answers lets them back in', async () => {
    const ivo = await removeEraseRejoin('ivo');
    await cmd({
      command: 'onboarding',
      subcommand: 'settings',
      options: { admission: 'approval' },
    });
    s.standIn.rejoin(s.a.guild, ivo);
    await answer(ivo, pressStart(ivo, await welcomeOf(ivo)));
    await decide(ivo, 'Approve');
    await until(() => s.standIn.rolesOf(s.a.guild, ivo.id).includes(s.a.memberRole));
    expect(await bars().execute()).toHaveLength(0);
    await cmd({ command: 'onboarding', subcommand: 'settings', options: { admission: 'auto' } });
  });
});

describe('a member whose answers a manager rejected', () => {
  it('cannot resubmit in a loop, stays rejected across rejoins (told once), and may answer again after the cooldown', async () => {
    await cmd({
      command: 'onboarding',
      subcommand: 'settings',
      options: { admission: 'approval' },
    });
    const rex = await joinAndAnswer('rex');
    await decide(rex, 'Reject');
    await until(() => dms(rex).some((d) => d.includes('decided not to admit you')));
    const welcome = await welcomeOf(rex);
    const cooldown =
      /^A manager did not approve your answers last time\. You can answer again <t:\d+:R>\.$/;
    // The loop: Start again and again, from the welcome and from /profile, within the cooldown.
    for (let i = 0; i < 5; i++)
      expect((await s.standIn.answer(pressStart(rex, welcome))).content).toMatch(cooldown);
    const profile = s.standIn.command({ guild: s.a.guild, user: rex.id, command: 'profile' });
    const profileMessage = (await s.standIn.callback(profile)).data as unknown as APIMessage;
    expect((await s.standIn.answer(pressStart(rex, profileMessage))).content).toMatch(cooldown);
    expect(reviews(rex)).toHaveLength(1);

    // Leaving and coming back changes nothing, and they hear it once.
    const before = dms(rex).length;
    s.standIn.leave(s.a.guild, rex.id);
    s.standIn.rejoin(s.a.guild, rex);
    await until(() => dms(rex).length > before);
    expect(dms(rex).at(-1)).toMatch(
      /^Hello again from Tight Circle\. A manager did not approve your earlier answers, and leaving and coming back does not change that decision\. You can answer again <t:\d+:R> with `\/profile`\.$/,
    );
    s.standIn.leave(s.a.guild, rex.id);
    s.standIn.rejoin(s.a.guild, rex);
    await until(
      async () =>
        (
          await s.db
            .selectFrom('onboarding_members')
            .select('left_at')
            .where('user_id', '=', rex.id)
            .executeTakeFirstOrThrow()
        ).left_at === null,
    );
    expect(dms(rex)).toHaveLength(before + 1);
    // No new welcome with a Start button after a rejection.
    expect(s.standIn.postedIn(s.a.welcome).filter((m) => m.content.includes(rex.id))).toHaveLength(
      1,
    );
    expect((await s.standIn.answer(pressStart(rex, welcome))).content).toMatch(cooldown);
    expect(reviews(rex)).toHaveLength(1);

    // After the cooldown: one more try, which goes to the managers again.
    clock += 25 * HOUR;
    await answer(rex, pressStart(rex, welcome));
    await until(() => reviews(rex).length === 2);
    await decide(rex, 'Approve');
    await until(() => s.standIn.rolesOf(s.a.guild, rex.id).includes(s.a.memberRole));
  });

  it('approving someone who already left takes no seat and says so', async () => {
    const lea = await joinAndAnswer('lea');
    s.standIn.leave(s.a.guild, lea.id);
    await until(
      async () =>
        (
          await s.db
            .selectFrom('onboarding_members')
            .select('left_at')
            .where('user_id', '=', lea.id)
            .executeTakeFirstOrThrow()
        ).left_at !== null,
    );
    expect(await decide(lea, 'Approve')).toBe(
      `<@${lea.id}> had already left the server, so no seat was taken. The approval is kept: if they come back, they get a seat (or a place on the waitlist) then.`,
    );
    expect(await membership(lea)).toBeUndefined();
    // Gone without Hearth hearing of it (say, while it was offline): Discord is asked.
    const ned = await joinAndAnswer('ned');
    s.standIn.guilds.get(s.a.guild)!.members.delete(ned.id);
    expect(await decide(ned, 'Approve')).toMatch(
      /^<@\d+> had already left the server, so no seat was taken\./,
    );
    expect(await membership(ned)).toBeUndefined();
    await cmd({ command: 'onboarding', subcommand: 'settings', options: { admission: 'auto' } });
  });

  it('a seat offered to someone who is gone goes to the first person waiting', async () => {
    // Members who already hold the role (the seeded member) count: sync first, then fill the cap.
    await cmd({ command: 'seats', subcommand: 'sync' });
    const admitted = /admitted (\d+)/.exec(await cmd({ command: 'seats', subcommand: 'summary' }));
    await cmd({ command: 'seats', subcommand: 'cap', options: { count: Number(admitted![1]) } });
    const ghost = await joinAndAnswer('ghost');
    const next = await joinAndAnswer('next');
    expect((await membership(ghost))?.state).toBe('waiting');
    expect((await membership(next))?.state).toBe('waiting');
    // The ghost leaves without Hearth hearing of it; then a seat opens.
    s.standIn.guilds.get(s.a.guild)!.members.delete(ghost.id);
    s.standIn.leave(s.a.guild, s.a.member.id);
    await until(() => s.standIn.rolesOf(s.a.guild, next.id).includes(s.a.memberRole));
    expect((await membership(ghost))?.state).toBe('left');
    expect((await membership(next))?.state).toBe('admitted');
    await until(() =>
      dms(next).includes('A seat opened in Tight Circle and it is yours: welcome in!'),
    );
    // The one who is gone is not told anything, nor greeted in public; the next person is.
    expect(dms(ghost).some((d) => d.startsWith('A seat opened'))).toBe(false);
    const greeted = (user: APIUser) =>
      s.standIn.postedIn(s.a.announcements).some((m) => m.content.includes(`<@${user.id}>`));
    await until(() => greeted(next));
    expect(greeted(ghost)).toBe(false);
    await cmd({ command: 'seats', subcommand: 'uncap' });
  });
});

describe('a rejected member who erases their data and comes back', () => {
  it('is still within the cooldown (told once, no welcome), and the kept rejection names nobody and goes when it ends', async () => {
    await cmd({
      command: 'onboarding',
      subcommand: 'settings',
      options: { admission: 'approval' },
    });
    const eve = await joinAndAnswer('eve');
    await decide(eve, 'Reject');
    await until(() => dms(eve).some((d) => d.includes('decided not to admit you')));
    const welcome = await welcomeOf(eve);
    const welcomes = () =>
      s.standIn.postedIn(s.a.welcome).filter((m) => m.content.includes(eve.id));
    // The erase says, before it is confirmed, that the rejection stands.
    const erase = async (user: APIUser, note = true) => {
      const preview = s.standIn.command({
        guild: s.a.guild,
        user: user.id,
        command: 'privacy',
        subcommand: 'erase',
      });
      await s.standIn.answer(preview);
      const message = preview.messages[0]!;
      expect(JSON.stringify(message).includes('A manager did not approve your answers.')).toBe(
        note,
      );
      const confirmed = await s.standIn.fillModal({
        guild: s.a.guild,
        user: user.id,
        opened: s.standIn.click({
          guild: s.a.guild,
          user: user.id,
          message,
          customId: buttonsOf(message)[0]!.custom_id,
        }),
        answers: { 'Type ERASE to confirm': 'ERASE' },
      });
      expect((await s.standIn.answer(confirmed)).content).toMatch(/^Done: Hearth erased/);
    };
    await erase(eve);
    const kept = await s.db.selectFrom('kept_rejections').selectAll().execute();
    expect(kept).toHaveLength(1);
    // A keyed fingerprint and the hour: not the id, not the time of the decision.
    expect(JSON.stringify(kept)).not.toContain(eve.id);
    expect(kept[0]!.rejected_at % HOUR).toBe(0);

    // The loophole: leave, rejoin as a newcomer, answer again at once.
    const before = dms(eve).length;
    s.standIn.leave(s.a.guild, eve.id);
    s.standIn.rejoin(s.a.guild, eve);
    await until(() => dms(eve).length > before);
    expect(dms(eve).at(-1)).toMatch(
      /^Hello again from Tight Circle\. A manager did not approve your earlier answers, and leaving and coming back does not change that decision\. You can answer again <t:\d+:R> with `\/profile`\.$/,
    );
    // No new welcome with a Start button; the old one, and /profile, refuse.
    expect(welcomes()).toHaveLength(1);
    const cooldown =
      /^A manager did not approve your answers last time\. You can answer again <t:\d+:R>\.$/;
    expect((await s.standIn.answer(pressStart(eve, welcome))).content).toMatch(cooldown);
    const profile = s.standIn.command({ guild: s.a.guild, user: eve.id, command: 'profile' });
    const profileMessage = (await s.standIn.callback(profile)).data as unknown as APIMessage;
    expect((await s.standIn.answer(pressStart(eve, profileMessage))).content).toMatch(cooldown);
    expect(reviews(eve)).toHaveLength(1);

    // Erasing again while rejected keeps it again; once the cooldown is over, the row goes.
    await erase(eve);
    expect(await s.db.selectFrom('kept_rejections').selectAll().execute()).toHaveLength(1);
    clock += 25 * HOUR;
    await s.bot.hearth.tick();
    expect(await s.db.selectFrom('kept_rejections').selectAll().execute()).toEqual([]);
    // Then they are a newcomer like any other: their answers go to the managers.
    s.standIn.leave(s.a.guild, eve.id);
    s.standIn.rejoin(s.a.guild, eve);
    await until(
      async () =>
        (
          await s.db
            .selectFrom('onboarding_members')
            .select('status')
            .where('user_id', '=', eve.id)
            .executeTakeFirst()
        )?.status === 'welcomed',
    );
    expect(await answer(eve, pressStart(eve, await welcomeOf(eve)))).toMatch(/^Thank you/);
    await until(
      async () =>
        (
          await s.db
            .selectFrom('onboarding_members')
            .select('status')
            .where('user_id', '=', eve.id)
            .executeTakeFirst()
        )?.status === 'pending_approval',
    );
    await cmd({ command: 'onboarding', subcommand: 'settings', options: { admission: 'auto' } });
  });
});

describe('choice keys across questionnaire revisions', () => {
  it('never gives a removed choice’s key to a new one, so an old answer never earns the new choice’s role', async () => {
    const old = await joinAndAnswer('old-explorer', 'Explorers');
    const question = (
      await s.db
        .selectFrom('questions')
        .innerJoin('question_revisions as r', (j) =>
          j
            .onRef('r.question_id', '=', 'questions.id')
            .onRef('r.revision', '=', 'questions.current_revision'),
        )
        .select(['questions.id', 'r.definition'])
        .where('questions.guild_id', '=', s.a.guild)
        .execute()
    ).find((q) => q.definition.includes('Which team?'))!;
    const keyOf = async (label: string) => {
      const row = await s.db
        .selectFrom('question_revisions')
        .select('definition')
        .where('question_id', '=', question.id)
        .orderBy('revision', 'desc')
        .executeTakeFirstOrThrow();
      return (
        JSON.parse(row.definition) as { choices: { key: string; label: string }[] }
      ).choices.find((c) => c.label === label)?.key;
    };
    const explorersKey = await keyOf('Explorers');
    // Explorers is removed; later, a new choice is added.
    for (const choices of ['Makers\nThinkers', 'Makers\nThinkers\nVoyagers']) {
      const edit = s.standIn.command({
        guild: s.a.guild,
        user: s.a.owner.id,
        command: 'onboarding',
        subcommand: 'edit',
        options: { question: question.id },
      });
      await s.standIn.answer(
        await s.standIn.fillModal({
          guild: s.a.guild,
          user: s.a.owner.id,
          opened: edit,
          answers: {
            'Question (up to 45 characters)': 'Which team?',
            'Choices, one per line (2 to 25)': choices,
          },
        }),
      );
    }
    const voyagersKey = await keyOf('Voyagers');
    expect(voyagersKey).toBeDefined();
    expect(voyagersKey).not.toBe(explorersKey);
    await cmd({
      command: 'onboarding',
      subcommand: 'map',
      options: { question: question.id, choice: voyagersKey!, role: { role: teamRole } },
    });
    // The member who picked Explorers comes back: their answers' roles are granted again.
    s.standIn.leave(s.a.guild, old.id);
    s.standIn.rejoin(s.a.guild, old);
    await until(() => s.standIn.rolesOf(s.a.guild, old.id).includes(s.a.memberRole));
    const voyager = await joinAndAnswer('voyager', 'Voyagers');
    await until(() => s.standIn.rolesOf(s.a.guild, voyager.id).includes(teamRole));
    expect(s.standIn.rolesOf(s.a.guild, old.id)).not.toContain(teamRole);
  });
});

describe('suggestions', () => {
  it('are limited to 5 a day per member, also when sent all at once, with a clear message', async () => {
    const eager = s.standIn.addMember(s.a.guild, 'eager', [s.a.memberRole]);
    const submit = async (text: string) => {
      const opened = s.standIn.command({ guild: s.a.guild, user: eager.id, command: 'suggest' });
      const modal = await s.standIn.callback(opened);
      if (modal.type !== InteractionResponseType.Modal)
        return (modal.data as { content: string }).content;
      return (
        await s.standIn.answer(
          await s.standIn.fillModal({
            guild: s.a.guild,
            user: eager.id,
            opened,
            answers: { 'The prompt': text },
          }),
        )
      ).content as string;
    };
    // Eight forms opened before any was sent, then sent at once: only five are kept.
    const opened = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const interaction = s.standIn.command({
          guild: s.a.guild,
          user: eager.id,
          command: 'suggest',
        });
        await s.standIn.shownModal(interaction);
        return interaction;
      }),
    );
    const replies = await Promise.all(
      opened.map(
        async (interaction, i) =>
          (
            await s.standIn.answer(
              await s.standIn.fillModal({
                guild: s.a.guild,
                user: eager.id,
                opened: interaction,
                answers: { 'The prompt': `Idea number ${i}` },
              }),
            )
          ).content as string,
      ),
    );
    const limit =
      /^You have already suggested 5 prompts in the last 24 hours, which is the limit\. You can suggest another one <t:\d+:R>\.$/;
    expect(replies.filter((r) => limit.test(r))).toHaveLength(3);
    const stored = await s.db
      .selectFrom('prompts')
      .select('id')
      .where('author_id', '=', eager.id)
      .execute();
    expect(stored).toHaveLength(5);
    // The command itself says so before the member types anything.
    expect(await submit('One more')).toMatch(limit);
    clock += 25 * HOUR;
    expect(await submit('Tomorrow’s idea')).toMatch(/^Thank you/);
  });
});
