/**
 * Maximal inputs for every command, every modal and every button Hearth offers, against a server
 * filled to its limits: 50 questions (25 of them with 25 choices of 100 characters, their
 * choices mapped to roles), a member whose 25 answers are 1,000 characters each, 40 admitted
 * members who never wrote and 45 people waiting, a full prompt bank, schedules and polls.
 * Commands and their options are read from the deployed definitions, so a new command or option
 * is fuzzed without touching this file. Every interaction must be answered exactly once, and
 * the stand-in must refuse nothing the bot sends (Discord's payload limits, checked after each
 * run and again by the shared afterEach).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  InteractionResponseType,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { commands } from '../../src/features/index.js';
import { addQuestion, mapChoiceRole } from '../../src/features/onboarding/questionnaire.js';
import { updateOnboardingSettings } from '../../src/features/onboarding/questionnaire.js';
import { requestAdmission, setCap } from '../../src/features/membership/service.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { DiscordStandIn, type InteractionState, type OptionValue } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

let standIn: DiscordStandIn;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let forum: string;
let longAnswers: APIUser;
const mappedRoles: string[] = [];
const waiting: APIUser[] = [];
const admitted: APIUser[] = [];
let interactions = 0;

const RUNS = Number(process.env.HEARTH_FUZZ_LIMITS_RUNS ?? 300);

/**
 * Text of exactly `n` UTF-16 units (what Hearth and Discord's length checks count), in one of
 * several styles: words, one long word, emoji, markdown, lines, accents, mentions.
 */
function text(n: number, style = 0, seed = 0): string {
  const units = [
    'word ',
    'x',
    '😀',
    '**bold** ',
    'line\n',
    'ünïcödé ',
    '@everyone ',
    '<@&1> ',
    'a\u0301 ',
  ];
  const unit = units[style % units.length]!;
  let out = `${seed} `;
  while (out.length < n) out += unit;
  let cut = [...out];
  while (cut.join('').length > n) cut = cut.slice(0, -1);
  return cut.join('').padEnd(n, 'x');
}
/** One line (no line breaks): a choice, a label. */
const line = (n: number, style: number, seed: number) => text(n, style % 9 === 4 ? 0 : style, seed);
const styleArb = fc.nat({ max: 8 });

/** Every interaction got exactly one accepted acknowledgement, and nothing it sent was refused. */
async function answeredOnce(interaction: InteractionState): Promise<void> {
  interactions += 1;
  await standIn.callback(interaction);
  await until(() => bot.hearth.router.inFlight === 0, 20_000);
  const responses = standIn.responsesTo(interaction);
  const callbacks = responses.filter((r) => r.path.endsWith('/callback'));
  expect(
    callbacks.map((r) => r.status),
    'one accepted callback',
  ).toEqual([204]);
  expect(
    responses.filter((r) => r.status >= 300).map((r) => `${r.method} ${r.status}`),
    'every response accepted',
  ).toEqual([]);
}

function expectNoRefusals(what: string): void {
  const refused = standIn.refusals.splice(0);
  expect(
    refused.map((r) => ({ what, request: `${r.method} ${r.path}`, errors: r.errors })),
  ).toEqual([]);
}

// ---------------------------------------------------------------- options from the definitions

interface OptionDefinition {
  name: string;
  type: ApplicationCommandOptionType;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { value: string | number }[];
  max_length?: number;
  min_value?: number;
  max_value?: number;
  channel_types?: number[];
  options?: OptionDefinition[];
}

/** Valid values for free-text options whose maximal random text would only be refused. */
const VALID: Record<string, (style: number, seed: number) => string> = {
  time: (s) => ['18:00', '07:05', '23:59'][s % 3]!,
  expression: (s) => ['0 18 * * mon', '*/5 * * * *', '30 9 1-7 * 1'][s % 3]!,
  options: (s, seed) =>
    Array.from({ length: 25 }, (_, i) => line(78, s, seed * 100 + i).replace(/;/g, ',')).join(';'),
  tag: (_s, seed) => `tag-${seed}`.padEnd(32, 'x').slice(0, 32),
  timezone: (s) => ['Europe/Rome', 'America/Argentina/ComodRivadavia', 'Pacific/Chatham'][s % 3]!,
};

function channelsOf(types: readonly number[] | undefined): string[] {
  const guild = standIn.guilds.get(a.guild)!;
  return [...guild.channels.values()]
    .filter((c) => types === undefined || types.includes(c.type))
    .map((c) => c.id);
}

async function autocompleted(
  command: string,
  subcommand: string | undefined,
  options: Record<string, OptionValue>,
  focused: string,
  user: string,
  locale: string,
): Promise<(string | number)[]> {
  const request = standIn.command({
    guild: a.guild,
    user,
    command,
    ...(subcommand === undefined ? {} : { subcommand }),
    options: { ...options, [focused]: '' },
    focused,
    locale,
  });
  interactions += 1;
  const callback = await standIn.callback(request);
  expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
  return ((callback.data?.choices ?? []) as { value: string | number }[]).map((c) => c.value);
}

/** Options for one run of a (sub)command: maximal where free, picked where Discord offers a list. */
async function optionsFor(
  command: string,
  subcommand: string | undefined,
  defs: readonly OptionDefinition[],
  pick: {
    style: number;
    seed: number;
    optional: boolean;
    user: string;
    locale: string;
    /** The largest of everything: the member with the most answers, the highest numbers. */
    maximal?: boolean;
  },
): Promise<Record<string, OptionValue>> {
  const options: Record<string, OptionValue> = {};
  for (const [i, def] of defs.entries()) {
    if (def.required !== true && !pick.optional && (pick.seed + i) % 3 === 0) continue;
    const choose = <T>(list: readonly T[]): T | undefined =>
      list.length === 0 ? undefined : list[(pick.seed + i * 7) % list.length];
    let value: OptionValue | undefined;
    if (def.autocomplete === true) {
      const offered = await autocompleted(
        command,
        subcommand,
        options,
        def.name,
        pick.user,
        pick.locale,
      );
      value = choose(offered);
      if (value === undefined)
        value =
          def.type === ApplicationCommandOptionType.String
            ? text(def.max_length ?? 100, pick.style, pick.seed)
            : 1;
    } else if (def.choices !== undefined && def.choices.length > 0) {
      value = choose(def.choices)!.value;
    } else {
      switch (def.type) {
        case ApplicationCommandOptionType.String: {
          const valid = VALID[def.name];
          value =
            valid !== undefined && (pick.maximal === true || pick.style % 2 === 0)
              ? valid(pick.style, pick.seed)
              : text(def.max_length ?? 6000, pick.style, pick.seed);
          break;
        }
        case ApplicationCommandOptionType.Integer:
        case ApplicationCommandOptionType.Number: {
          const min = def.min_value ?? 0;
          const max = Math.min(def.max_value ?? 1000, 1000);
          value =
            pick.maximal === true || pick.style % 3 === 1
              ? max
              : pick.style % 3 === 0
                ? min
                : min + (pick.seed % (max - min + 1));
          break;
        }
        case ApplicationCommandOptionType.Boolean:
          value = (pick.seed + i) % 2 === 0;
          break;
        case ApplicationCommandOptionType.User:
          value = {
            user:
              pick.maximal === true
                ? longAnswers.id
                : choose([
                    longAnswers.id,
                    waiting[0]!.id,
                    admitted[0]!.id,
                    a.member.id,
                    a.owner.id,
                  ])!,
          };
          break;
        case ApplicationCommandOptionType.Role:
          value = { role: choose([a.memberRole, a.managerRole, ...mappedRoles])! };
          break;
        case ApplicationCommandOptionType.Channel:
          value = { channel: choose(channelsOf(def.channel_types))! };
          break;
        default:
          value = undefined;
      }
    }
    if (value !== undefined) options[def.name] = value;
  }
  return options;
}

// ---------------------------------------------------------------- modals and components

interface ShownField {
  type: ComponentType;
  custom_id: string;
  max_length?: number;
  min_values?: number;
  max_values?: number;
  options?: { value: string }[];
}

/** Fills a modal the bot showed with the most it allows, and submits it. */
async function fillMaximal(
  opened: InteractionState,
  user: string,
  style: number,
  seed: number,
  locale: string,
  guild: string | undefined = a.guild,
): Promise<InteractionState> {
  const modal = await standIn.shownModal(opened);
  const raw: Record<string, unknown> = {};
  for (const label of modal.components) {
    const field = label.component as ShownField;
    if (field.type === ComponentType.TextInput) {
      const max = field.max_length ?? 4000;
      raw[field.custom_id] = {
        value:
          field.custom_id === 'choices'
            ? Array.from({ length: 25 }, (_, i) => line(100, style, seed * 100 + i)).join('\n')
            : text(max, style, seed),
      };
    } else {
      const values = (field.options ?? []).map((o) => o.value);
      const most = Math.min(field.max_values ?? 1, values.length);
      const picked = values.slice(0, Math.max(most, field.min_values ?? 0));
      raw[field.custom_id] =
        field.type === ComponentType.RadioGroup ? { value: picked[0] ?? null } : { values: picked };
    }
  }
  return standIn.fillModal({
    ...(guild === undefined ? {} : { guild }),
    user,
    opened,
    answers: {},
    raw,
    locale,
  });
}

interface Pressable {
  message: APIMessage;
  customId: string;
  select?: string[];
  inDm?: boolean;
}

/** Buttons and select menus on a message, as a member could press them. */
function pressables(message: APIMessage, inDm = false): Pressable[] {
  const found: Pressable[] = [];
  for (const row of (message.components ?? []) as {
    components?: {
      type: ComponentType;
      custom_id?: string;
      disabled?: boolean;
      options?: { value: string }[];
    }[];
  }[]) {
    for (const c of row.components ?? []) {
      if (c.custom_id === undefined || c.disabled === true) continue;
      if (c.type === ComponentType.Button) found.push({ message, customId: c.custom_id, inDm });
      if (c.type === ComponentType.StringSelect)
        found.push({
          message,
          customId: c.custom_id,
          select: (c.options ?? []).slice(0, 1).map((o) => o.value),
          inDm,
        });
    }
  }
  return found;
}

/** Presses a component and follows a modal it opens; returns the pressables it produced. */
async function press(
  target: Pressable,
  user: string,
  style: number,
  seed: number,
  locale: string,
): Promise<Pressable[]> {
  const interaction = target.inDm
    ? standIn.clickInDm({ user, message: target.message, customId: target.customId, locale })
    : target.select !== undefined
      ? standIn.select({
          guild: a.guild,
          user,
          message: target.message,
          customId: target.customId,
          values: target.select,
          locale,
        })
      : standIn.click({
          guild: a.guild,
          user,
          message: target.message,
          customId: target.customId,
          locale,
        });
  return follow(interaction, user, style, seed, locale, target.inDm ? undefined : a.guild);
}

/** Checks an interaction was answered once; a modal is filled and submitted, maximally. */
async function follow(
  interaction: InteractionState,
  user: string,
  style: number,
  seed: number,
  locale: string,
  guild: string | undefined = a.guild,
): Promise<Pressable[]> {
  await answeredOnce(interaction);
  const callback = await standIn.callback(interaction);
  if (callback.type === InteractionResponseType.Modal) {
    const submitted = await fillMaximal(interaction, user, style, seed, locale, guild);
    await answeredOnce(submitted);
    return submitted.messages.flatMap((m) => pressables(m, guild === undefined));
  }
  return interaction.messages.flatMap((m) => pressables(m, guild === undefined));
}

// ---------------------------------------------------------------- the commands

interface Invocation {
  command: string;
  subcommand?: string;
  defs: readonly OptionDefinition[];
  manager: boolean;
}

const invocations: Invocation[] = commands.flatMap((c) => {
  const defs = (c.data.options ?? []) as OptionDefinition[];
  const manager = c.audience === 'managers';
  const subs = defs.filter((d) => d.type === ApplicationCommandOptionType.Subcommand);
  return subs.length === 0
    ? [{ command: c.data.name, defs, manager }]
    : subs.map((s) => ({
        command: c.data.name,
        subcommand: s.name,
        defs: s.options ?? [],
        manager,
      }));
});

/** Subcommands that change the seeded state (seats, questions, polls) go last in the sweep. */
const DESTRUCTIVE = new Set([
  'template',
  'remove',
  'cap',
  'uncap',
  'reserve',
  'move',
  'leave',
  'close',
  'sync',
  'admit',
  'settings',
]);

async function runCommand(
  inv: Invocation,
  pick: {
    style: number;
    seed: number;
    optional: boolean;
    locale: string;
    asMember: boolean;
    maximal?: boolean;
  },
): Promise<Pressable[]> {
  const user = inv.manager || !pick.asMember ? a.owner.id : longAnswers.id;
  const options = await optionsFor(inv.command, inv.subcommand, inv.defs, { ...pick, user });
  const interaction = standIn.command({
    guild: a.guild,
    user,
    command: inv.command,
    ...(inv.subcommand === undefined ? {} : { subcommand: inv.subcommand }),
    options,
    locale: pick.locale,
  });
  return follow(interaction, user, pick.style, pick.seed, pick.locale);
}

// ---------------------------------------------------------------- a server at its limits

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn, { name: 'S'.repeat(100) });
  forum = standIn.addChannel(a.guild, { name: 'ideas', type: ChannelType.GuildForum });
  // Events may take place in a voice or stage channel (`/event create voice:`).
  standIn.addChannel(a.guild, { name: 'v'.repeat(100), type: ChannelType.GuildVoice });
  standIn.addChannel(a.guild, { name: 's'.repeat(100), type: ChannelType.GuildStageVoice });
  for (let i = 0; i < 25; i++)
    mappedRoles.push(standIn.addRole(a.guild, { name: line(100, i, i), position: 2 }));
  longAnswers = standIn.addMember(a.guild, 'long-answers');
  for (let i = 0; i < 85; i++) {
    const person = standIn.addMember(a.guild, `person-${i}`);
    (i < 40 ? admitted : waiting).push(person);
  }
  // Deployed, so messages carry Discord's mentions (longer than the names): limits count them.
  bot = await startBot(standIn, { deploy: true });
  const db = bot.db;
  const now = Date.now();
  await standIn.answer(
    standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        welcome_channel: { channel: a.welcome },
        announcements_channel: { channel: a.announcements },
        log_channel: { channel: a.log },
        member_role: { role: a.memberRole },
        manager_role: { role: a.managerRole },
      },
    }),
  );
  // 50 questions: 25 paragraphs, 25 choices of 25 choices of 100 characters, all labels maximal.
  for (let i = 0; i < 50; i++) {
    const choice = i % 2 === 1;
    const question = await addQuestion(
      db,
      a.guild,
      {
        kind: choice ? (i % 4 === 1 ? 'single' : 'multi') : 'paragraph',
        label: line(45, i, i),
        description: line(100, i + 3, i),
        required: true,
        ...(choice
          ? {
              choicesText: Array.from({ length: 25 }, (_, c) => line(100, c, i * 100 + c)).join(
                '\n',
              ),
              minValues: 1,
              maxValues: 25,
            }
          : {}),
      },
      now,
    );
    if (choice && i < 8)
      for (const [c, choiceDef] of (question.definition.choices ?? []).entries())
        await mapChoiceRole(db, a.guild, question.id, choiceDef.key, mappedRoles[c]!, now);
  }
  // 40 admitted members who never wrote, and 45 people waiting.
  await setCap(db, a.guild, 41, now);
  for (const person of [...admitted, ...waiting])
    await requestAdmission(db, a.guild, person.id, now);
  for (let i = 0; i < 45; i++)
    await addPrompt(db, a.guild, { text: text(1500, i, i), tag: `tag-${i % 3}` }, now);
  await updateOnboardingSettings(db, a.guild, { enabled: true, admissionMode: 'approval' }, now);
  expectNoRefusals('setup');

  // The member answers all 50 questions through the real modals: 25 answers of 1,000 characters.
  const newcomer = standIn.join(a.guild, 'newcomer');
  longAnswers = newcomer;
  const welcome = await until(() =>
    standIn.postedIn(a.welcome).find((m) => m.content.includes(newcomer.id)),
  );
  let next: Pressable | undefined = pressables(welcome)[0];
  for (let page = 0; next !== undefined && page < 12; page++) {
    const produced = await press(next, newcomer.id, 0, page, 'en-US');
    next = produced[0];
  }
  await until(() => standIn.postedIn(a.log).some((m) => m.components?.length));
  expectNoRefusals('answering 50 questions');
}, 120_000);

afterAll(async () => {
  await bot.stop();
  await standIn.stop();
});

describe('maximal inputs', () => {
  it('answers every command, modal and button once, and Discord accepts everything sent', async () => {
    const started = performance.now();
    // First every (sub)command once, in both languages, with every option at its maximum.
    const sweep = [...invocations].sort(
      (x, y) =>
        Number(DESTRUCTIVE.has(x.subcommand ?? '')) - Number(DESTRUCTIVE.has(y.subcommand ?? '')),
    );
    const pool: Pressable[] = [
      ...standIn.postedIn(a.log).flatMap((m) => pressables(m)),
      ...standIn.postedIn(a.welcome).flatMap((m) => pressables(m)),
    ];
    for (const [i, inv] of sweep.entries()) {
      for (const locale of ['en-US', 'it']) {
        const produced = await runCommand(inv, {
          style: i,
          seed: i,
          optional: true,
          locale,
          asMember: !inv.manager,
          maximal: locale === 'it',
        });
        expectNoRefusals(`${inv.command} ${inv.subcommand ?? ''} (${locale})`);
        // Every button the answer offers, pressed once (pages, Edit, Continue, Vote…).
        for (const target of produced.slice(0, 4)) {
          await press(target, inv.manager ? a.owner.id : longAnswers.id, i, i, locale);
          expectNoRefusals(`${inv.command} ${inv.subcommand ?? ''} → ${target.customId}`);
        }
        pool.push(...produced);
      }
    }
    for (const target of pool.filter((p) => p.message.channel_id === a.log).slice(0, 2)) {
      await press(target, a.owner.id, 1, 1, 'it');
      expectNoRefusals(`manager log → ${target.customId}`);
    }
    const sweepInteractions = interactions;

    // Then random runs: any command, any options, any button a previous answer offered.
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: invocations.length - 1 }),
        styleArb,
        fc.nat({ max: 10_000 }),
        fc.boolean(),
        fc.constantFrom('en-US', 'it'),
        fc.boolean(),
        fc.nat(),
        async (index, style, seed, optional, locale, asMember, pressIndex) => {
          const inv = invocations[index]!;
          const produced = await runCommand(inv, { style, seed, optional, locale, asMember });
          expectNoRefusals(`${inv.command} ${inv.subcommand ?? ''}`);
          const all = [...produced, ...pool.slice(-20)];
          const target = all.length === 0 ? undefined : all[pressIndex % all.length];
          if (target !== undefined) {
            const user = inv.manager || !asMember ? a.owner.id : longAnswers.id;
            pool.push(...(await press(target, user, style, seed, locale)));
            expectNoRefusals(`${inv.command} ${inv.subcommand ?? ''} → ${target.customId}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `fuzz-limits: ${invocations.length} (sub)commands swept in 2 languages (${sweepInteractions} interactions), ` +
        `${RUNS} random runs; ${interactions} interactions in all, ${standIn.refusals.length} refused, ${seconds} s`,
    );
    expect(standIn.refusals).toEqual([]);
    expect(standIn.unknownRequests).toEqual([]);
    expect(bot.logs.errors.map((l) => l.msg)).toEqual([]);
    expect(forum).toBeDefined();
  }, 300_000);
});
