import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayDispatchEvents,
  InteractionResponseType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { commands, components } from '../../src/features/index.js';
import type { Command } from '../../src/core/handlers.js';
import { UserError } from '../../src/core/errors.js';
import { getGuild } from '../../src/core/guilds.js';
import { DiscordStandIn, isEphemeral } from '../stand-in/server.js';
import { startBot, takeRefusals, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';
import { guildRoutes } from '../../src/features/guilds/routes.js';

/** A gate a test opens when it wants a slow handler to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

let slowGate = gate();

/** Test-only commands that misbehave in each way the error boundary must absorb. */
const probe = (
  name: string,
  execute: Command['execute'],
  defer: Command['defer'] = 'ephemeral',
): Command => ({
  data: { name, description: `test probe ${name}` },
  audience: 'everyone',
  defer,
  execute,
});
const probes: Command[] = [
  probe('slow', async (ctx) => {
    await slowGate.opened;
    await ctx.reply({ content: 'done at last' });
  }),
  probe(
    'slow-public',
    async (ctx) => {
      await slowGate.opened;
      await ctx.reply({ content: 'public result', ephemeral: false });
    },
    'public',
  ),
  probe('bug', () => Promise.reject(new Error('kaboom'))),
  probe('bug-after-defer', async (ctx) => {
    await ctx.defer();
    throw new Error('kaboom after defer');
  }),
  probe('bug-after-reply', async (ctx) => {
    await ctx.reply({ content: 'first part' });
    throw new Error('kaboom after reply');
  }),
  probe('silent', () => Promise.resolve()),
  // Discord refuses message content over 2,000 characters (400, 50035).
  probe('too-long', async (ctx) => {
    await ctx.reply({ content: 'x'.repeat(2_001) });
  }),
  probe('too-long-after-defer', async (ctx) => {
    await ctx.defer();
    await ctx.reply({ content: 'x'.repeat(2_001) });
  }),
  probe('expected', () => Promise.reject(new UserError('setup.invalidLanguage'))),
];

let standIn: DiscordStandIn;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let weak: ReturnType<typeof seedCommunity>;

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn);
  // A server where Hearth's role has few permissions and sits below the member role.
  weak = seedCommunity(standIn, {
    botPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
    botRolePosition: 1,
  });
  bot = await startBot(standIn, { commands: [...commands, ...probes], components });
});

afterAll(async () => {
  await bot.stop();
  await standIn.stop();
});

afterEach(() => {
  expect(standIn.unknownRequests).toEqual([]);
});

const errorsWithRef = (ref: string) => bot.logs.errors.filter((l) => l.ref === ref);

describe('automatic defer', () => {
  it('acknowledges a slow handler within 2.5 s and delivers its answer as the edit', async () => {
    slowGate = gate();
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'slow' });
    const callback = await standIn.callback(run);
    const ackedAfter = standIn.responsesTo(run)[0]!.at - run.createdAt;
    expect(callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(true);
    expect(ackedAfter).toBeLessThan(2_500);
    expect(ackedAfter).toBeGreaterThanOrEqual(1_900);
    slowGate.open();
    expect((await standIn.answer(run)).content).toBe('done at last');
    await until(() => bot.hearth.router.inFlight === 0);
    // One acknowledgement, one edit: never a second callback.
    expect(standIn.responsesTo(run).map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 204',
      'PATCH 200',
    ]);
  });

  it('defers publicly when the command answers publicly', async () => {
    slowGate = gate();
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'slow-public' });
    const callback = await standIn.callback(run);
    expect(callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(false);
    slowGate.open();
    expect((await standIn.answer(run)).content).toBe('public result');
  });
});

describe('error boundary', () => {
  it('answers a bug with a reference that matches exactly one logged error', async () => {
    const run = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'bug',
      locale: 'it',
    });
    const answer = await standIn.answer(run);
    expect(isEphemeral(answer)).toBe(true);
    const ref = /`([0-9a-f]{8})`/.exec(String(answer.content))?.[1];
    expect(answer.content).toMatch(/^Qualcosa è andato storto/);
    expect(ref).toBeDefined();
    const logged = errorsWithRef(ref!);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      msg: 'interaction handler failed',
      err: { message: 'kaboom' },
      interaction: { command: 'bug' },
    });
    // The member never sees the internal error.
    expect(JSON.stringify(answer)).not.toContain('kaboom');
  });

  it('edits the deferred reply when the bug comes after a defer', async () => {
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'bug-after-defer' });
    const answer = await standIn.answer(run);
    expect(answer.content).toMatch(/^Something went wrong on our side/);
    expect(standIn.responsesTo(run).map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('follows up when the bug comes after a reply', async () => {
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'bug-after-reply' });
    await standIn.callback(run);
    const followUp = await standIn.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/webhooks/${standIn.applicationId}/${run.token}`,
    );
    expect((followUp.body as { content: string }).content).toMatch(
      /^Something went wrong on our side/,
    );
    expect(isEphemeral(followUp.body as { flags?: number })).toBe(true);
  });

  it('still answers, with the error and its reference, when Discord refuses the first reply', async () => {
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'too-long' });
    await until(() => bot.hearth.router.inFlight === 0 && run.acknowledged);
    const callbacks = standIn.responsesTo(run).filter((r) => r.path.endsWith('/callback'));
    // The refused reply acknowledged nothing; the error is the one answer Discord accepted.
    expect(callbacks.map((r) => r.status)).toEqual([400, 204]);
    expect(standIn.responsesTo(run)).toHaveLength(2);
    const answer = (callbacks[1]!.body as { data: { content: string; flags?: number } }).data;
    expect(answer.content).toMatch(/^Something went wrong on our side/);
    expect(isEphemeral(answer)).toBe(true);
    const ref = /`([0-9a-f]{8})`/.exec(answer.content)?.[1];
    expect(errorsWithRef(ref!)).toHaveLength(1);
    expect(takeRefusals(standIn)).toMatchObject([
      { method: 'POST', code: 50035, errors: { data: { content: { _errors: [{}] } } } },
    ]);
  });

  it('edits the deferred reply with the error when Discord refuses the edit', async () => {
    const run = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'too-long-after-defer',
    });
    await until(() => bot.hearth.router.inFlight === 0 && standIn.responsesTo(run).length === 3);
    expect(standIn.responsesTo(run).map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 204',
      'PATCH 400',
      'PATCH 200',
    ]);
    const edit = standIn.responsesTo(run)[2]!.body as { content: string };
    expect(edit.content).toMatch(/^Something went wrong on our side.*`[0-9a-f]{8}`/);
    expect(takeRefusals(standIn)).toMatchObject([{ method: 'PATCH', code: 50035 }]);
  });

  it('answers for a handler that forgot to answer, and logs it as a bug', async () => {
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'silent' });
    expect((await standIn.answer(run)).content).toMatch(/^Something went wrong on our side/);
    await until(() =>
      bot.logs.errors.some(
        (l) =>
          (l.err as { message?: string } | undefined)?.message ===
          'handler finished without answering',
      ),
    );
  });

  it('shows an expected problem in the member’s language and logs no error', async () => {
    const errorsBefore = bot.logs.errors.length;
    const run = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'expected',
      locale: 'it',
    });
    expect((await standIn.answer(run)).content).toBe(
      'Hearth parla italiano (`it`) e inglese (`en`). Non è stato modificato nulla.',
    );
    expect(bot.logs.errors.length).toBe(errorsBefore);
  });

  it('tells the member a stale or forged component no longer works', async () => {
    const help = standIn.command({ guild: a.guild, user: a.member.id, command: 'help' });
    await standIn.answer(help);
    const message = help.messages[0]!;
    for (const customId of [
      'gone.route:1',
      `${guildRoutes.helpTopic.build({})}:extra`,
      `${guildRoutes.status.build({})}:1`,
    ]) {
      const click = standIn.click({ guild: a.guild, user: a.member.id, message, customId });
      expect((await standIn.answer(click)).content).toBe(
        'This button or menu no longer works. Run the command again to get a fresh one.',
      );
    }
    const unknownCommand = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'retired-command',
    });
    expect((await standIn.answer(unknownCommand)).content).toMatch(/no longer works/);
  });

  it('survives Discord refusing the answer itself', async () => {
    standIn.fault({
      method: 'POST',
      path: /^\/interactions\/.*\/callback$/,
      status: 500,
      times: 1,
    });
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'help' });
    await standIn.waitForRequest(
      (r) => r.path.startsWith(`/interactions/${run.id}/`) && r.status === 500,
    );
    await until(() => bot.hearth.router.inFlight === 0);
    // The process and the client carry on.
    const next = standIn.command({ guild: a.guild, user: a.member.id, command: 'help' });
    expect((await standIn.answer(next)).embeds).toBeDefined();
  });
});

describe('/help', () => {
  it('switches topics with the select menu, in place', async () => {
    const run = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'help',
      locale: 'it',
    });
    const first = await standIn.answer(run);
    expect(JSON.stringify(first)).toContain('Cos’è Hearth');
    const pick = standIn.select({
      guild: a.guild,
      user: a.member.id,
      message: run.messages[0]!,
      customId: guildRoutes.helpTopic.build({}),
      values: ['managers'],
      locale: 'it',
    });
    const callback = await standIn.callback(pick);
    expect(callback.type).toBe(InteractionResponseType.UpdateMessage);
    // The Italian client's name for the command.
    expect(JSON.stringify(callback.data)).toContain('/hearth configura');
    expect(JSON.stringify(callback.data)).toContain('Per i manager');
    const forged = standIn.select({
      guild: a.guild,
      user: a.member.id,
      message: run.messages[0]!,
      customId: guildRoutes.helpTopic.build({}),
      values: ['secrets'],
    });
    expect((await standIn.answer(forged)).content).toMatch(/no longer works/);
  });
});

describe('/hearth status', () => {
  it('lists every missing permission and role-position problem, with what to fix', async () => {
    const setup = standIn.command({
      guild: weak.guild,
      user: weak.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        member_role: { role: weak.memberRole },
        announcements_channel: { channel: weak.announcements },
        log_channel: { channel: weak.log },
      },
    });
    const answer = await standIn.answer(setup);
    const description = (answer.embeds as { description: string }[])[0]!.description;
    expect(description.split('\n')).toEqual([
      '**What to fix (6)**',
      '• The Welcome channel is not set: choose one with `/hearth setup`.',
      `• In <#${weak.announcements}> Hearth is missing: Embed Links, Attach Files, Create Public Threads, Send Messages in Threads. Give the Hearth role these permissions in that channel (Edit Channel > Permissions).`,
      `• In <#${weak.log}> Hearth is missing: Embed Links, Attach Files. Give the Hearth role these permissions in that channel (Edit Channel > Permissions).`,
      '• Hearth cannot list events in the server’s Events: give the Hearth role the Create Events permission (Server Settings > Roles).',
      '• Hearth cannot grant roles: give the Hearth role the Manage Roles permission (Server Settings > Roles).',
      `• Hearth cannot grant <@&${weak.memberRole}> because that role is not below Hearth’s own highest role. In Server Settings > Roles, drag the Hearth role above <@&${weak.memberRole}>.`,
    ]);
  });

  it('notices a deleted channel when checked again', async () => {
    const status = standIn.command({
      guild: weak.guild,
      user: weak.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    await standIn.answer(status);
    standIn.guilds.get(weak.guild)!.channels.delete(weak.log);
    standIn.dispatch(GatewayDispatchEvents.ChannelDelete, {
      id: weak.log,
      guild_id: weak.guild,
      type: 0,
    });
    await until(() => !bot.hearth.client.channels.cache.has(weak.log));
    const again = standIn.click({
      guild: weak.guild,
      user: weak.owner.id,
      message: status.messages[0]!,
      customId: guildRoutes.status.build({}),
    });
    const callback = await standIn.callback(again);
    expect(callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(JSON.stringify(callback.data)).toContain(
      'The Manager log channel was deleted: choose another with `/hearth setup`.',
    );
  });
});

describe('guild membership', () => {
  it('marks a guild the bot was removed from, and forgets the mark when invited back', async () => {
    const guild = standIn.addGuild({ name: 'Short stay' });
    standIn.dispatch(GatewayDispatchEvents.GuildCreate, standIn.guildCreatePayload(guild));
    await until(async () => (await getGuild(bot.db, guild)) !== undefined);
    const payload = standIn.guildCreatePayload(guild);
    standIn.removeBotFromGuild(guild);
    const left = await until(async () => (await getGuild(bot.db, guild))?.leftAt ?? undefined);
    expect(left).toBeGreaterThan(0);
    standIn.guilds.set(guild, {
      id: guild,
      name: 'Short stay',
      ownerId: '1',
      preferredLocale: 'en-US',
      roles: new Map(),
      channels: new Map(),
      members: new Map(),
    });
    standIn.dispatch(GatewayDispatchEvents.GuildCreate, payload);
    await until(async () => (await getGuild(bot.db, guild))?.leftAt === null);
  });
});

describe('shutdown', () => {
  it('finishes work in flight and tells new interactions Hearth is restarting', async () => {
    slowGate = gate();
    const inFlight = standIn.command({ guild: a.guild, user: a.member.id, command: 'slow' });
    await until(() => bot.hearth.router.inFlight > 0);
    const stopping = bot.hearth.stop();
    const late = standIn.command({ guild: a.guild, user: a.member.id, command: 'help' });
    expect((await standIn.answer(late)).content).toBe(
      'Hearth is restarting. Try again in a minute.',
    );
    slowGate.open();
    expect((await standIn.answer(inFlight)).content).toBe('done at last');
    await stopping;
    expect(bot.hearth.client.isReady()).toBe(false);
    bot = await startBot(standIn, { db: bot.db, commands: [...commands, ...probes], components });
  });
});
