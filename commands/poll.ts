import {
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  Routes,
  type APIMessage,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  pickedChannel,
  subcommand,
} from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import { commandText, type MessageKey } from '../src/features/polls/messages.js';
import type { InteractionContext } from '../src/core/context.js';
import { component, type Command } from '../src/core/handlers.js';
import {
  finishPoll,
  pollMessage,
  voteModal,
  pollKeyOf,
  rendererOf,
} from '../src/features/polls/discord.js';
import { toCsv } from '../src/core/csv.js';
import {
  POLL_KINDS,
  choiceLabel,
  createPoll,
  exportRows,
  attachMessage,
  listPolls,
  pollOf,
  pollResults,
  pollTemplate,
  pollTexts,
  vote,
  voterKey,
  type Ballot,
  type Poll,
  type PollKind,
  type PollQuestion,
} from '../src/features/polls/service.js';
import { pollRoutes } from '../src/features/polls/routes.js';

const HOUR = 3_600_000;
const POLL_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const pollOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.poll.name', 'cmd.opt.poll.description'),
  required: true,
  autocomplete: true,
};
const channelOption = {
  type: ApplicationCommandOptionType.Channel as const,
  ...commandText('cmd.opt.channel.name', 'cmd.opt.pollChannel.description'),
  required: true,
  channel_types: [...POLL_CHANNELS],
};
const settingsOptions = [
  {
    type: ApplicationCommandOptionType.Boolean as const,
    ...commandText('cmd.opt.anonymous.name', 'cmd.opt.anonymous.description'),
  },
  {
    type: ApplicationCommandOptionType.String as const,
    ...commandText('cmd.opt.results.name', 'cmd.opt.results.description'),
    choices: localizedChoices(['live', 'hidden'] as const, (value) => `polls.results.${value}`),
  },
  {
    type: ApplicationCommandOptionType.Integer as const,
    ...commandText('cmd.opt.hours.name', 'cmd.opt.closeHours.description'),
    min_value: 1,
    max_value: 24 * 60,
  },
  {
    type: ApplicationCommandOptionType.Role as const,
    ...commandText('cmd.opt.audience.name', 'cmd.opt.audience.description'),
  },
  {
    type: ApplicationCommandOptionType.Boolean as const,
    ...commandText('cmd.opt.reminder.name', 'cmd.opt.reminder.description'),
  },
];
const KIND_KEYS: Record<PollKind, MessageKey> = {
  single: 'polls.kind.single',
  multi: 'polls.kind.multi',
  rating: 'polls.kind.rating',
  nps: 'polls.kind.nps',
  text: 'polls.kind.text',
};
const TEMPLATES = ['product', 'event', 'feature', 'nps'] as const;

const data = {
  ...managerCommand('poll', 'cmd.poll.description'),
  options: [
    subcommand('cmd.poll.create.name', 'cmd.poll.create.description', [
      channelOption,
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.pollQuestion.name', 'cmd.opt.pollQuestion.description'),
        required: true,
        max_length: 45,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.kind.name', 'cmd.opt.pollKind.description'),
        required: true,
        choices: localizedChoices(POLL_KINDS, (value) => KIND_KEYS[value]),
      },
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.options.name', 'cmd.opt.options.description'),
        max_length: 2000,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.maxChoices.name', 'cmd.opt.maxChoices.description'),
        min_value: 1,
        max_value: 25,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.why.name', 'cmd.opt.why.description'),
        max_length: 45,
      },
      ...settingsOptions,
    ]),
    subcommand('cmd.poll.template.name', 'cmd.poll.template.description', [
      channelOption,
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.template.name', 'cmd.opt.template.description'),
        required: true,
        choices: localizedChoices(TEMPLATES, (value) => `polls.template.${value}`),
      },
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.topic.name', 'cmd.opt.topic.description'),
        required: true,
        max_length: 60,
      },
      ...settingsOptions,
    ]),
    subcommand('cmd.poll.close.name', 'cmd.poll.close.description', [pollOption]),
    subcommand('cmd.poll.results.name', 'cmd.poll.results.description', [pollOption]),
    subcommand('cmd.poll.export.name', 'cmd.poll.export.description', [pollOption]),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Posts a new poll and links the message to it. */
async function publish(
  ctx: InteractionContext<ChatInputCommandInteraction>,
  title: string,
  questions: PollQuestion[],
): Promise<Poll> {
  const { app, guild, interaction } = ctx;
  const options = interaction.options;
  const hours = options.getInteger('hours');
  const now = app.now();
  const closesAt = hours === null ? null : now + hours * HOUR;
  const remind = options.getBoolean('reminder') ?? false;
  if (remind && closesAt === null) throw new UserError('polls.reminderNeedsClose');
  const audienceRole = options.getRole('audience');
  if (
    audienceRole !== null &&
    (audienceRole.id === guild.id || !guild.roles.cache.has(audienceRole.id))
  )
    throw new UserError('error.invalidReference');
  const poll = await createPoll(
    app.db,
    guild.id,
    {
      channelId: pickedChannel(ctx, POLL_CHANNELS),
      title,
      questions,
      anonymous: options.getBoolean('anonymous') ?? false,
      results: (options.getString('results') ?? 'live') === 'hidden' ? 'hidden' : 'live',
      audience: audienceRole === null ? [] : [audienceRole.id],
      closesAt,
      // One reminder, a day before the end, or halfway through a shorter poll.
      remindAt:
        remind && closesAt !== null ? closesAt - Math.min(24 * HOUR, (closesAt - now) / 2) : null,
    },
    now,
  );
  const message = (await guild.client.rest.post(Routes.channelMessages(poll.channelId), {
    body: { ...(await pollMessage(app, poll, ctx.guildT)), allowed_mentions: { parse: [] } },
  })) as APIMessage;
  await attachMessage(app.db, poll.id, message.id);
  await ctx.reply({
    content: ctx.t('polls.created', { channel: `<#${poll.channelId}>`, id: poll.id }),
  });
  return poll;
}

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t, interaction } = ctx;
    const options = interaction.options;
    switch (options.getSubcommand(true)) {
      case 'create': {
        const kind = options.getString('kind', true) as PollKind;
        if (!POLL_KINDS.includes(kind)) throw new UserError('error.invalidReference');
        const label = options.getString('question', true);
        const list = (options.getString('options') ?? '')
          .split(/[;\n]/)
          .map((o) => o.trim())
          .filter((o) => o.length > 0);
        const max = options.getInteger('max_choices');
        const question: PollQuestion = {
          kind,
          label,
          required: true,
          ...(kind === 'single' || kind === 'multi' ? { options: list } : {}),
          ...(kind === 'multi' && max !== null ? { min: 1, max } : {}),
        };
        // An optional free-text follow-up ("Why?") turns the question into a two-step survey.
        const why = options.getString('why')?.trim() ?? '';
        if (why.length > 0 && kind === 'text') throw new UserError('polls.whyNeedsChoice');
        await publish(
          ctx,
          label,
          why.length > 0 ? [question, { kind: 'text', label: why, required: false }] : [question],
        );
        return;
      }
      case 'template': {
        const name = options.getString('template', true);
        if (!TEMPLATES.includes(name as (typeof TEMPLATES)[number]))
          throw new UserError('error.invalidReference');
        const survey = pollTemplate(
          name as (typeof TEMPLATES)[number],
          ctx.settings.language,
          options.getString('topic', true).trim(),
        );
        await publish(ctx, survey.title, survey.questions);
        return;
      }
      case 'close': {
        const poll = await finishPoll(
          app,
          guild.client,
          guild.id,
          (await pollOf(app.db, guild.id, options.getInteger('poll', true))).id,
          rendererOf(app, guild.client),
        );
        await ctx.reply({
          content:
            poll === undefined
              ? t('polls.alreadyClosed')
              : t('polls.closedNow', { title: poll.title }),
        });
        return;
      }
      case 'results': {
        const poll = await pollOf(app.db, guild.id, options.getInteger('poll', true));
        const results = await pollResults(app.db, poll);
        const lines: string[] = [t('polls.voters', { count: poll.voters })];
        const texts: string[] = [];
        for (const [i, r] of results.entries()) {
          lines.push(`**${i + 1}. ${r.question.label}**`);
          if (r.question.kind === 'text') {
            for (const answer of await pollTexts(app.db, poll.id, i))
              texts.push(`[${r.question.label}] ${answer.text}`);
            lines.push(t('polls.textAnswers', { count: r.answered }));
          } else {
            lines.push(...r.counts.map((count, c) => `${choiceLabel(r.question, c)}: ${count}`));
            if (r.nps !== undefined) lines.push(t('polls.npsScore', { score: r.nps }));
          }
        }
        // Free text goes in a file: it can be long, and it never names anyone in an anonymous poll.
        await ctx.reply({
          content: lines.join('\n').slice(0, 2000),
          ...(texts.length === 0
            ? {}
            : {
                files: [
                  {
                    attachment: Buffer.from(texts.join('\n\n'), 'utf8'),
                    name: `poll-${poll.id}-answers.txt`,
                  },
                ],
              }),
        });
        return;
      }
      case 'export': {
        const poll = await pollOf(app.db, guild.id, options.getInteger('poll', true));
        const rows = await exportRows(app.db, poll);
        const header = [
          t('polls.csv.time'),
          t('polls.csv.question'),
          t('polls.csv.answer'),
          ...(poll.anonymous ? [] : [t('onboarding.csv.member')]),
        ];
        const csv = toCsv([
          header,
          ...rows.map((r) => [
            new Date(r.at).toISOString(),
            r.question,
            r.answer,
            ...(poll.anonymous ? [] : [r.member]),
          ]),
        ]);
        await ctx.reply({
          content: t('polls.exported', { count: rows.length }),
          files: [{ attachment: Buffer.from(csv, 'utf8'), name: `poll-${poll.id}.csv` }],
        });
        return;
      }
      default:
        throw new UserError('error.unknownInteraction');
    }
  },
  async autocomplete({ app, guild }) {
    return (await listPolls(app.db, guild.id)).map((p) => ({
      name: `#${p.id} ${p.title} (${p.status})`.slice(0, 100),
      value: p.id,
    }));
  },
};

/** The audience rule: only members holding one of its roles may vote. */
function checkAudience(ctx: InteractionContext, poll: Poll): void {
  if (poll.audience.length === 0) return;
  const member = ctx.interaction.member;
  const roles =
    member === null
      ? []
      : Array.isArray(member.roles)
        ? member.roles
        : [...member.roles.cache.keys()];
  if (!poll.audience.some((r) => roles.includes(r)))
    throw new UserError('polls.notAudience', {
      roles: poll.audience.map((r) => `<@&${r}>`).join(' '),
    });
}

async function castVote(ctx: InteractionContext, pollId: number, ballot: Ballot): Promise<void> {
  const { app, guild } = ctx;
  const poll = await pollOf(app.db, guild.id, pollId);
  if (poll.status !== 'open') throw new UserError('polls.closed');
  checkAudience(ctx, poll);
  const { replaced } = await vote(app.db, {
    guildId: guild.id,
    pollId: poll.id,
    voter: voterKey(poll, ctx.userId, pollKeyOf(app)),
    ballot,
    now: app.now(),
  });
  await ctx.reply({
    content: [
      ctx.t(replaced ? 'polls.voteChanged' : 'polls.voteSaved'),
      ctx.t(poll.anonymous ? 'polls.youAreAnonymous' : 'polls.youAreNamed'),
    ].join(' '),
  });
  rendererOf(app, guild.client).touch(guild.id, poll.id, poll.renderedAt);
}

export const components = [
  component({
    kind: 'button',
    route: pollRoutes.vote,
    audience: 'everyone',
    defer: 'ephemeral',
    execute: (ctx, args) => castVote(ctx, args.poll, new Map([[0, { choices: [args.choice] }]])),
  }),
  component({
    kind: 'button',
    route: pollRoutes.open,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const poll = await pollOf(ctx.app.db, ctx.guild.id, args.poll);
      if (poll.status !== 'open') throw new UserError('polls.closed');
      checkAudience(ctx, poll);
      await ctx.showModal(voteModal(poll, ctx.t));
    },
  }),
  component({
    kind: 'modal',
    route: pollRoutes.answer,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const ballot = new Map<number, { choices?: number[]; text?: string }>();
      for (const [customId, field] of ctx.interaction.fields.fields) {
        const match = /^q(\d)$/.exec(customId);
        if (match === null) continue;
        const { value, values } = field as { value?: unknown; values?: unknown };
        const index = Number(match[1]);
        if (field.type === ComponentType.TextInput)
          ballot.set(index, { text: typeof value === 'string' ? value : '' });
        else if (typeof value === 'string') ballot.set(index, { choices: [Number(value)] });
        else if (Array.isArray(values)) ballot.set(index, { choices: values.map(Number) });
      }
      await castVote(ctx, args.poll, ballot);
    },
  }),
];
