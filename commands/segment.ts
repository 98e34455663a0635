import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { localizedChoices, managerCommand, subcommand } from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import type { Command } from '../src/core/handlers.js';
import { commandText } from '../src/features/segments/messages.js';
import {
  listView,
  segmentComponents,
  segmentView,
  suggestView,
} from '../src/features/segments/views.discord.js';
import {
  MAX_RULES,
  SEAT_STATES,
  type Leaf,
  type SeatState,
} from '../src/features/segments/rules.js';
import {
  addRule,
  createSegment,
  editSegment,
  listSegments,
  questionsOf,
  removeRule,
  removeSegment,
} from '../src/features/segments/service.js';

const MATCHES = ['all', 'any'] as const;

const segmentOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.segment.name', 'cmd.opt.segment.description'),
  required: true,
  autocomplete: true,
};
const nameOption = (required: boolean) => ({
  type: ApplicationCommandOptionType.String as const,
  ...commandText('cmd.opt.segmentName.name', 'cmd.opt.segmentName.description'),
  required,
  max_length: 40,
});
const matchOption = {
  type: ApplicationCommandOptionType.String as const,
  ...commandText('cmd.opt.segmentMatch.name', 'cmd.opt.segmentMatch.description'),
  choices: localizedChoices(MATCHES, (value) => `segments.match.${value}`),
};
const questionOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.segQuestion.name', 'cmd.opt.segQuestion.description'),
  required: true,
  autocomplete: true,
};
const notOption = {
  type: ApplicationCommandOptionType.Boolean as const,
  ...commandText('cmd.opt.segNot.name', 'cmd.opt.segNot.description'),
};
const groupOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.segGroup.name', 'cmd.opt.segGroup.description'),
  min_value: 1,
  max_value: MAX_RULES,
};
const daysOption = (required: boolean) => ({
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText(
    'cmd.opt.segDays.name',
    required ? 'cmd.opt.segDays.description' : 'cmd.opt.segDaysOptional.description',
  ),
  required,
  min_value: 1,
  max_value: 3650,
});
/** Every rule subcommand: the segment first, then the rule's own options, then not and group. */
const ruleCommand = (
  nameKey: Parameters<typeof subcommand>[0],
  descriptionKey: Parameters<typeof subcommand>[1],
  options: APIApplicationCommandBasicOption[],
  negatable = true,
) =>
  subcommand(nameKey, descriptionKey, [
    segmentOption,
    ...options,
    ...(negatable ? [notOption] : []),
    groupOption,
  ]);

const data = {
  ...managerCommand('segment', 'cmd.segment.description'),
  options: [
    subcommand('cmd.segment.create.name', 'cmd.segment.create.description', [
      nameOption(true),
      matchOption,
    ]),
    subcommand('cmd.segment.edit.name', 'cmd.segment.edit.description', [
      segmentOption,
      nameOption(false),
      matchOption,
    ]),
    subcommand('cmd.segment.remove.name', 'cmd.segment.remove.description', [segmentOption]),
    subcommand('cmd.segment.list.name', 'cmd.segment.list.description'),
    subcommand('cmd.segment.show.name', 'cmd.segment.show.description', [segmentOption]),
    subcommand('cmd.segment.suggest.name', 'cmd.segment.suggest.description'),
    ruleCommand('cmd.segment.ruleAnswer.name', 'cmd.segment.ruleAnswer.description', [
      questionOption,
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.segChoice.name', 'cmd.opt.segChoice.description'),
        required: true,
        autocomplete: true,
      },
    ]),
    ruleCommand('cmd.segment.ruleScale.name', 'cmd.segment.ruleScale.description', [
      questionOption,
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.segAtLeast.name', 'cmd.opt.segAtLeast.description'),
        min_value: 0,
        max_value: 10,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.segAtMost.name', 'cmd.opt.segAtMost.description'),
        min_value: 0,
        max_value: 10,
      },
    ]),
    ruleCommand('cmd.segment.ruleAnswered.name', 'cmd.segment.ruleAnswered.description', [
      questionOption,
    ]),
    ruleCommand('cmd.segment.ruleRole.name', 'cmd.segment.ruleRole.description', [
      {
        type: ApplicationCommandOptionType.Role,
        ...commandText('cmd.opt.segRole.name', 'cmd.opt.segRole.description'),
        required: true,
      },
    ]),
    ruleCommand('cmd.segment.ruleActive.name', 'cmd.segment.ruleActive.description', [
      daysOption(true),
    ]),
    ruleCommand('cmd.segment.ruleMessages.name', 'cmd.segment.ruleMessages.description', [
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.segAtLeast.name', 'cmd.opt.segAtLeast.description'),
        required: true,
        min_value: 1,
        max_value: 1_000_000,
      },
      daysOption(false),
    ]),
    ruleCommand('cmd.segment.ruleReplied.name', 'cmd.segment.ruleReplied.description', [
      daysOption(false),
    ]),
    ruleCommand(
      'cmd.segment.ruleJoined.name',
      'cmd.segment.ruleJoined.description',
      [
        daysOption(true),
        {
          type: ApplicationCommandOptionType.Boolean,
          ...commandText('cmd.opt.segBefore.name', 'cmd.opt.segBefore.description'),
        },
      ],
      false,
    ),
    ruleCommand('cmd.segment.ruleSeat.name', 'cmd.segment.ruleSeat.description', [
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.segState.name', 'cmd.opt.segState.description'),
        required: true,
        choices: localizedChoices(SEAT_STATES, (value) => `segments.seat.${value}`),
      },
    ]),
    subcommand('cmd.segment.ruleRemove.name', 'cmd.segment.ruleRemove.description', [
      segmentOption,
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.segRule.name', 'cmd.opt.segRule.description'),
        required: true,
        min_value: 1,
        max_value: MAX_RULES,
      },
    ]),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type Options = Parameters<Command['execute']>[0]['interaction']['options'];

/** The rule a rule- subcommand describes, from its options. */
function leafOf(sub: string, options: Options, guildId: string): Leaf | undefined {
  switch (sub) {
    case 'rule-answer':
      return {
        kind: 'choice',
        question: options.getInteger('question', true),
        choice: options.getString('choice', true),
      };
    case 'rule-scale': {
      const min = options.getInteger('at_least');
      const max = options.getInteger('at_most');
      if (min === null && max === null) throw new UserError('segments.scaleNeedsBound');
      if (min !== null && max !== null && min > max) throw new UserError('segments.scaleRange');
      return {
        kind: 'scale',
        question: options.getInteger('question', true),
        min: min ?? 0,
        max: max ?? 10,
      };
    }
    case 'rule-answered':
      return { kind: 'answered', question: options.getInteger('question', true) };
    case 'rule-role': {
      const role = options.getRole('role', true);
      if (role.id === guildId) throw new UserError('error.invalidReference');
      return { kind: 'role', role: role.id };
    }
    case 'rule-active':
      return { kind: 'active', days: options.getInteger('days', true) };
    case 'rule-messages':
      return {
        kind: 'messages',
        atLeast: options.getInteger('at_least', true),
        days: options.getInteger('days'),
      };
    case 'rule-replied':
      return { kind: 'replied', days: options.getInteger('days') };
    case 'rule-joined':
      return {
        kind: 'joined',
        within: options.getBoolean('before') !== true,
        days: options.getInteger('days', true),
      };
    case 'rule-seat': {
      const state = options.getString('state', true) as SeatState;
      if (!SEAT_STATES.includes(state)) throw new UserError('error.invalidReference');
      return { kind: 'seat', state };
    }
    default:
      return undefined;
  }
}

function matchOf(options: Options): 'all' | 'any' | undefined {
  const value = options.getString('match');
  if (value === null) return undefined;
  if (value !== 'all' && value !== 'any') throw new UserError('error.invalidReference');
  return value;
}

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t, interaction } = ctx;
    const options = interaction.options;
    const now = app.now();
    const sub = options.getSubcommand(true);
    switch (sub) {
      case 'create': {
        const segment = await createSegment(
          app.db,
          guild.id,
          {
            name: options.getString('name', true),
            match: matchOf(options) ?? 'all',
            by: ctx.userId,
          },
          now,
        );
        await ctx.reply({ content: t('segments.created', { name: segment.name }) });
        return;
      }
      case 'edit': {
        const name = options.getString('name');
        const match = matchOf(options);
        const segment = await editSegment(
          app.db,
          guild.id,
          options.getInteger('segment', true),
          { ...(name === null ? {} : { name }), ...(match === undefined ? {} : { match }) },
          now,
        );
        await ctx.reply(
          await segmentView(ctx, segment.id, t('segments.edited', { name: segment.name })),
        );
        return;
      }
      case 'remove': {
        const segment = await removeSegment(app.db, guild.id, options.getInteger('segment', true));
        await ctx.reply({ content: t('segments.removed', { name: segment.name }) });
        return;
      }
      case 'list':
        await ctx.reply(await listView(ctx));
        return;
      case 'show':
        await ctx.reply(await segmentView(ctx, options.getInteger('segment', true)));
        return;
      case 'suggest':
        await ctx.reply(await suggestView(ctx));
        return;
      case 'rule-remove': {
        const number = options.getInteger('rule', true);
        const segment = await removeRule(
          app.db,
          guild.id,
          options.getInteger('segment', true),
          number,
          now,
        );
        await ctx.reply(
          await segmentView(
            ctx,
            segment.id,
            t('segments.ruleRemoved', { number, name: segment.name }),
          ),
        );
        return;
      }
      default: {
        const leaf = leafOf(sub, options, guild.id);
        if (leaf === undefined) throw new UserError('error.unknownInteraction');
        const group = options.getInteger('group');
        const segment = await addRule(
          app.db,
          guild.id,
          options.getInteger('segment', true),
          leaf,
          { negate: options.getBoolean('not') === true, ...(group === null ? {} : { group }) },
          now,
        );
        await ctx.reply(
          await segmentView(ctx, segment.id, t('segments.ruleAdded', { name: segment.name })),
        );
      }
    }
  },
  async autocomplete({ interaction, app, guild }) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    if (focused.name === 'segment') {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed))
        .map((s) => ({ name: `${s.name} (${s.memberCount})`.slice(0, 100), value: s.id }));
    }
    const sub = interaction.options.getSubcommand(false);
    const questions = (await questionsOf(app.db, guild.id)).filter((q) => !q.retired);
    if (focused.name === 'question') {
      const fits = (kind: string) =>
        sub === 'rule-answer'
          ? kind === 'single' || kind === 'multi'
          : sub === 'rule-scale'
            ? kind === 'scale'
            : true;
      return questions
        .filter((q) => fits(q.kind) && q.label.toLowerCase().includes(typed))
        .map((q) => ({ name: q.label.slice(0, 100), value: q.id }));
    }
    if (focused.name === 'choice') {
      const raw = interaction.options.get('question')?.value;
      const question = questions.find((q) => q.id === Number(raw));
      return (question?.choices ?? [])
        .filter((c) => c.label.toLowerCase().includes(typed))
        .map((c) => ({ name: c.label.slice(0, 100), value: c.key }));
    }
    return [];
  },
};

export const components = segmentComponents;
