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
import { scrubLine, serializeError } from '../../src/core/log.js';
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

let standIn: DiscordStandIn;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const WEBHOOK = /^\/webhooks\/\d+\/[^/]+/;

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'Private Club' });
  bot = await startBot(standIn, {
    commands: [...commands, echo],
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
