/**
 * A log reader's attack: with LOG_LEVEL=trace, every free-text input carries a marker, and every
 * error path the stand-in can force is forced (500s and 400s on interaction callbacks and on the
 * webhook edits of deferred replies, 500s on posts, 429s on webhook routes so @discordjs/rest
 * writes its rate-limit debug lines). No log line may hold the marker or any interaction token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { commands, components } from '../../src/features/index.js';
import type { Command } from '../../src/core/handlers.js';
import { loggableFields, scrubLine, serializeError } from '../../src/core/log.js';
import { DiscordStandIn, type Fault, type InteractionState } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

const MARK = 'ZQXsentinel7c1e';
const said = (n: number) => `${MARK} my private words #${n}`;

/** A test-only command slow enough to be deferred, whose reply echoes what the member typed. */
const echo: Command = {
  data: {
    name: 'echo',
    description: 'test probe: repeats the text after 2.2 s',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'what to repeat' },
    ],
  },
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    await ctx.reply({ content: `You said: ${ctx.interaction.options.getString('text') ?? ''}` });
  },
};

/**
 * A test-only command written carelessly: it logs what the member typed under every kind of name
 * (a free field, an id's name, a code's name, nested, in a list, inside an error, in a child
 * logger's bindings, as a printf argument). The logger, not the call site, keeps it out.
 */
const careless: Command = {
  data: {
    name: 'careless',
    description: 'test probe: logs the text under every kind of field',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'what to log' },
    ],
  },
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    const text = ctx.interaction.options.getString('text') ?? '';
    const log = ctx.app.logger;
    log.warn(
      {
        text,
        guild: text,
        kind: text,
        error: text,
        reason: text,
        nested: { deeper: { said: text, list: [text, { again: text }] } },
        failure: Object.assign(new Error('refused'), {
          requestBody: { json: { content: text } },
          said: text,
        }),
        raw: { message: text, stack: 'at nowhere' },
        bytes: Buffer.from(text),
        when: new Date(),
      },
      'a careless log call',
    );
    log.info({ guild: ctx.interaction.guildId }, 'careless printf %s %j', text, { text });
    log.child({ member: text, user: ctx.userId }).warn({ item: 1 }, 'careless child');
    log.error(new Error(`no such choice "${text}"`));
    await ctx.reply({ content: 'logged' });
  },
};

/** A handler that fails on the member's input: JSON.parse quotes what it could not read. */
const parse: Command = {
  data: {
    name: 'parse',
    description: 'test probe: parses the text as JSON',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'what to parse' },
    ],
  },
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    JSON.parse(ctx.interaction.options.getString('text') ?? '');
    await ctx.reply({ content: 'parsed' });
  },
};

let standIn: DiscordStandIn;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const WEBHOOK = /^\/webhooks\/\d+\/[^/]+/;

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Private Club' });
  // An anonymous poll for everyone needs 5 members (the member role's holders) to exist.
  // Long-standing members (joined before onboarding existed): no welcome is owed to them.
  for (const name of ['nell', 'ozzy', 'pia', 'quin', 'ros']) {
    const user = standIn.addMember(a.guild, name, [a.memberRole]);
    standIn.guilds.get(a.guild)!.members.get(user.id)!.joined_at = '2020-01-01T00:00:00.000Z';
  }
  bot = await startBot(standIn, {
    commands: [...commands, echo, careless, parse],
    components,
    env: { LOG_LEVEL: 'trace' },
  });
  const setup = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'hearth',
    subcommand: 'setup',
    options: {
      manager_role: { role: a.managerRole },
      member_role: { role: a.memberRole },
      welcome_channel: { channel: a.welcome },
      announcements_channel: { channel: a.announcements },
      log_channel: { channel: a.log },
    },
  });
  await standIn.answer(setup);
  const add = standIn.command({
    guild: a.guild,
    user: a.owner.id,
    command: 'onboarding',
    subcommand: 'add',
    options: { kind: 'paragraph' },
  });
  await standIn.answer(
    await standIn.fillModal({
      guild: a.guild,
      user: a.owner.id,
      opened: add,
      answers: { 'Question (up to 45 characters)': 'Tell us about you' },
    }),
  );
  await standIn.answer(
    standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'onboarding',
      subcommand: 'settings',
      options: { enabled: true },
    }),
  );
});

afterAll(async () => {
  await bot.stop();
  await standIn.stop();
});

/** Runs `act` with `faults` in place and waits until the bot logged a warning or an error about it. */
async function underFaults(faults: Fault[], act: () => unknown): Promise<void> {
  const before = bot.logs.raw.length;
  for (const fault of faults) standIn.fault(fault);
  try {
    await act();
    await until(() => bot.logs.lines.slice(before).some((l) => l.level >= 40), 20_000);
  } finally {
    standIn.clearFaults();
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a log reader', () => {
  it('finds no member-written text and no interaction token in any log line, at trace level, whatever fails', async () => {
    // 1. A slow command deferred, its edit refused with 500s, then rate limited (429) and refused (400).
    await underFaults([{ method: 'PATCH', path: WEBHOOK, status: 500 }], () =>
      standIn.command({
        guild: a.guild,
        user: a.member.id,
        command: 'echo',
        options: { text: said(1) },
      }),
    );
    await underFaults(
      [
        { method: 'PATCH', path: WEBHOOK, status: 429, retryAfterSeconds: 0.05, times: 1 },
        { method: 'PATCH', path: WEBHOOK, status: 400, code: 50035 },
      ],
      () =>
        standIn.command({
          guild: a.guild,
          user: a.member.id,
          command: 'echo',
          options: { text: said(2) },
        }),
    );

    // 2. /suggest: the member's prompt, the manager-log post failing with a 500.
    await underFaults(
      [{ method: 'POST', path: new RegExp(`^/channels/${a.log}/messages$`), status: 500 }],
      async () => {
        const opened = standIn.command({ guild: a.guild, user: a.member.id, command: 'suggest' });
        await standIn.fillModal({
          guild: a.guild,
          user: a.member.id,
          opened,
          answers: { 'The prompt': said(3), 'Credit you by name when it is posted?': 'yes' },
        });
      },
    );

    // 3. An anonymous poll with free text: the vote's reply refused (500, then 400 with an error tree).
    await standIn.answer(
      standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'poll',
        subcommand: 'create',
        options: {
          channel: { channel: a.announcements },
          question: 'Anything to add?',
          kind: 'text',
          anonymous: true,
        },
      }),
    );
    const pollMessage = standIn.postedIn(a.announcements).at(-1)!;
    const voteButton = (pollMessage.components![0] as { components: { custom_id: string }[] })
      .components[0]!.custom_id;
    for (const [n, fault] of [
      [4, { method: 'POST', path: CALLBACK, status: 500, times: 4 }],
      [5, { method: 'POST', path: CALLBACK, status: 400, code: 50035, times: 1 }],
    ] as const) {
      const opened = standIn.click({
        guild: a.guild,
        user: a.member.id,
        message: pollMessage,
        customId: voteButton,
      });
      await standIn.shownModal(opened);
      await underFaults([fault], () =>
        standIn.fillModal({
          guild: a.guild,
          user: a.member.id,
          opened,
          answers: { 'Anything to add?': said(n) },
        }),
      );
    }

    // 4. Onboarding: a newcomer's answer, the reply to their page refused; then their profile's.
    const newcomer = standIn.join(a.guild, 'newcomer');
    await until(() => standIn.postedIn(a.welcome).some((m) => m.content.includes(newcomer.id)));
    const welcome = standIn.postedIn(a.welcome).find((m) => m.content.includes(newcomer.id))!;
    const start = (welcome.components![0] as { components: { custom_id: string }[] }).components[0]!
      .custom_id;
    const opened = standIn.click({
      guild: a.guild,
      user: newcomer.id,
      message: welcome,
      customId: start,
    });
    await standIn.shownModal(opened);
    await underFaults(
      [{ method: 'POST', path: CALLBACK, status: 400, code: 50035, times: 1 }],
      () =>
        standIn.fillModal({
          guild: a.guild,
          user: newcomer.id,
          opened,
          answers: { 'Tell us about you': said(6) },
        }),
    );

    // 5. Options a person types: an invalid time zone quoted back, the reply refused; autocomplete.
    await underFaults(
      [{ method: 'POST', path: CALLBACK, status: 400, code: 50035, times: 1 }],
      () =>
        standIn.command({
          guild: a.guild,
          user: a.owner.id,
          command: 'hearth',
          subcommand: 'setup',
          options: { timezone: said(7) },
        }),
    );
    await underFaults([{ method: 'POST', path: CALLBACK, status: 500, times: 4 }], () =>
      standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { timezone: said(8) },
        focused: 'timezone',
      }),
    );

    // 6. A manager's poll and prompt: the poll post fails; the prompt's reply is refused.
    await underFaults(
      [
        {
          method: 'POST',
          path: new RegExp(`^/channels/${a.announcements}/messages$`),
          status: 500,
        },
      ],
      () =>
        standIn.command({
          guild: a.guild,
          user: a.owner.id,
          command: 'poll',
          subcommand: 'create',
          options: {
            channel: { channel: a.announcements },
            question: said(9).slice(0, 40),
            kind: 'single',
            options: `${said(10)}; ${MARK} other`,
          },
        }),
    );
    await underFaults(
      [{ method: 'POST', path: CALLBACK, status: 400, code: 50035, times: 1 }],
      async () => {
        const prompt = standIn.command({
          guild: a.guild,
          user: a.owner.id,
          command: 'prompt',
          subcommand: 'add',
        });
        await standIn.fillModal({
          guild: a.guild,
          user: a.owner.id,
          opened: prompt,
          answers: { 'The prompt': said(11) },
        });
      },
    );
    // 7. Call sites that put the member's words where they do not belong: a careless log call,
    // and a handler that fails on the input (its error quotes it).
    await standIn.answer(
      standIn.command({
        guild: a.guild,
        user: a.member.id,
        command: 'careless',
        options: { text: said(12) },
      }),
    );
    await underFaults([], () =>
      standIn.command({
        guild: a.guild,
        user: a.member.id,
        command: 'parse',
        options: { text: said(13) },
      }),
    );

    // Let retries and late warnings land.
    await wait(500);

    const tokens = [...standIn.interactions.values()].map((i: InteractionState) => i.token);
    expect(tokens.length).toBeGreaterThan(10);
    const lines = bot.logs.raw;
    const leaks = lines.filter(
      (line) => line.includes(MARK) || tokens.some((t) => line.includes(t)),
    );
    expect(leaks).toEqual([]);
    expect(lines.some((l) => l.includes(bot.config.DISCORD_TOKEN))).toBe(false);
    // The attack really reached the logs: errors from Discord, and the REST debug lines of a 429.
    const parsed = bot.logs.lines;
    expect(parsed.filter((l) => l.level >= 50).length).toBeGreaterThanOrEqual(5);
    expect(
      parsed.some((l) => l.msg === 'discord.js REST debug' && String(l.message).includes('429')),
    ).toBe(true);
    expect(parsed.some((l) => JSON.stringify(l).includes('/interactions/'))).toBe(true);
    // The careless lines and the failed parse were written, with their ids and codes, not the words.
    const careful = parsed.find((l) => l.msg === 'a careless log call')!;
    expect(careful).toMatchObject({
      text: '[redacted]',
      guild: '[redacted]',
      kind: '[redacted]',
      nested: { deeper: { said: '[redacted]', list: ['[redacted]', { again: '[redacted]' }] } },
      failure: { type: 'Error', message: 'refused' },
      bytes: '[redacted]',
    });
    expect(parsed.find((l) => l.msg === 'careless printf %s %j')).toMatchObject({ guild: a.guild });
    expect(parsed.find((l) => l.msg === 'careless child')).toMatchObject({
      member: '[redacted]',
      user: a.member.id,
      item: 1,
    });
    const failedParse = parsed.find(
      (l) => l.msg === 'interaction handler failed' && JSON.stringify(l).includes('SyntaxError'),
    );
    expect(failedParse?.err).toMatchObject({ type: 'SyntaxError' });
    console.log(
      `log sentinel: ${lines.length} log lines at trace, ${parsed.filter((l) => l.level >= 40).length} warnings and errors, ${tokens.length} interaction tokens: ${leaks.length} leaks`,
    );
  }, 120_000);
});

describe('the scrubber and the error serializer', () => {
  it('keep route shapes and codes, and drop tokens, request bodies and Discord’s per-field messages', () => {
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmFiY2RlZg';
    expect(scrubLine(`POST /interactions/1234567890123456789/${token}/callback`)).toBe(
      'POST /interactions/1234567890123456789/[redacted]/callback',
    );
    expect(scrubLine(`Major parameter: 1234567890123456789/${token}`)).toBe(
      'Major parameter: 1234567890123456789/[redacted]',
    );
    expect(
      scrubLine('https://discord.com/api/webhooks/1234567890123456789/Ab-cd_EFghijklmnopQRST'),
    ).toBe('https://discord.com/api/webhooks/1234567890123456789/[redacted]');
    // Ordinary routes and links stay readable.
    for (const kept of [
      '/channels/1234567890123456789/messages/1234567890123456780',
      'https://discord.com/channels/1234567890123456789/1234567890123456788/1234567890123456787',
      '/guilds/1234567890123456789/members/1234567890123456788/roles/1234567890123456787',
    ])
      expect(scrubLine(kept)).toBe(kept);

    const apiError = Object.assign(
      new Error('Invalid Form Body\ncontent[BASE_TYPE_MAX_LENGTH]: x'),
      {
        name: 'DiscordAPIError[50035]',
        code: 50035,
        status: 400,
        method: 'POST',
        url: `https://discord.com/api/v10/interactions/1234567890123456789/${token}/callback?with_response=false`,
        rawError: {
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            data: {
              content: {
                _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Value "${MARK}" is too long` }],
              },
            },
          },
        },
        requestBody: { files: [], json: { data: { content: said(99) } } },
      },
    );
    const serialized = JSON.stringify(serializeError(apiError));
    expect(serialized).not.toContain(MARK);
    expect(JSON.parse(scrubLine(serialized))).toMatchObject({
      type: 'DiscordAPIError[50035]',
      code: 50035,
      status: 400,
      method: 'POST',
      route: '/interactions/1234567890123456789/[redacted]/callback',
      message: 'Invalid Form Body',
      fields: ['data.content[BASE_TYPE_MAX_LENGTH]'],
    });
  });
});

describe('the structural check of every field', () => {
  it('keeps ids, codes and counts under their names, and nothing else', () => {
    expect(
      loggableFields({
        guild: '1234567890123456789',
        guilds: ['1234567890123456789', 'not an id'],
        scope: 'global',
        reason: 'request',
        error: 'discord:50013',
        kind: 'membership.role',
        route: 'privacy.erase',
        count: 3,
        ok: true,
        none: null,
        interaction: { id: '1234567890123456780', type: 2, command: 'privacy', guild: 'dm' },
      }),
    ).toEqual({
      guild: '1234567890123456789',
      guilds: ['1234567890123456789', '[redacted]'],
      scope: 'global',
      reason: 'request',
      error: 'discord:50013',
      kind: 'membership.role',
      route: 'privacy.erase',
      count: 3,
      ok: true,
      none: null,
      interaction: { id: '1234567890123456780', type: 2, command: 'privacy', guild: 'dm' },
    });
  });

  it('writes [redacted] for text under any other name or shape, at any depth, in any container', () => {
    const words = `${MARK} my private words`;
    const out = loggableFields({
      name: words,
      user: words,
      code: words,
      deep: { a: { b: { c: { d: { e: words } } } } },
      bytes: Buffer.from(words),
      map: new Map([['k', words]]),
      list: [[words]],
      token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz',
      big: 12345678901234567890n,
      nested: { message: words },
    });
    expect(JSON.stringify(out)).not.toContain(MARK);
    expect(JSON.stringify(out)).not.toContain('GhIjKl');
    expect(out).toMatchObject({ name: '[redacted]', user: '[redacted]', code: '[redacted]' });
    expect(out.bytes).toBe('[redacted]');
    expect(out.nested).toEqual({ message: '[redacted]' });
  });

  it('serializes an error under any name, without the input its message quotes', () => {
    let parseError: unknown;
    try {
      JSON.parse(`${MARK} my private words`);
    } catch (error) {
      parseError = error;
    }
    const out = loggableFields({ whatever: parseError, also: [new TypeError("can't do 'that'")] });
    expect(JSON.stringify(out)).not.toContain(MARK);
    expect(out.whatever).toMatchObject({ type: 'SyntaxError' });
    // An apostrophe inside a word is not a quote; a quoted span is.
    expect((out.also as { message: string }[])[0]!.message).toBe("can't do '…'");
  });
});
