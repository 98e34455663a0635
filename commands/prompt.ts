import {
  ComponentType,
  TextInputStyle,
  TimestampStyles,
  time,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { managerCommand, option, subcommand } from '../src/core/command-options.js';
import type { Translate } from '../src/features/prompts/messages.js';
// Registers the strings the definition below reads.
import '../src/features/prompts/messages.js';
import { component, defineCommand } from '../src/core/handlers.js';
import {
  addPrompt,
  editPrompt,
  importDeck,
  listPrompts,
  PROMPT_MAX,
  promptOf,
  removePrompt,
} from '../src/features/prompts/bank.js';
import { promptHistory, promptStats } from '../src/features/prompts/schedules.js';
import { promptRoutes } from '../src/features/prompts/routes.js';

const idOption = option.integer('prompt', 'cmd.opt.prompt', { required: true, autocomplete: true });

const data = {
  ...managerCommand('prompt', 'cmd.prompt.description'),
  options: [
    subcommand('add', 'cmd.prompt.add'),
    subcommand('edit', 'cmd.prompt.edit', [idOption]),
    subcommand('remove', 'cmd.prompt.remove', [idOption]),
    subcommand('list', 'cmd.prompt.list'),
    subcommand('import', 'cmd.prompt.import'),
    subcommand('stats', 'cmd.prompt.stats'),
    subcommand('history', 'cmd.prompt.history', [idOption]),
  ],
} as const;

const { add: addRoute, edit: editRoute } = promptRoutes;

export function promptModal(
  customId: string,
  title: string,
  tr: Translate,
  current?: { text: string; tag: string | null },
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: title.slice(0, 45),
    components: [
      {
        type: ComponentType.Label,
        label: tr('prompts.field.text'),
        component: {
          type: ComponentType.TextInput,
          custom_id: 'text',
          style: TextInputStyle.Paragraph,
          required: true,
          max_length: PROMPT_MAX,
          ...(current ? { value: current.text } : {}),
        },
      },
      {
        type: ComponentType.Label,
        label: tr('prompts.field.tag'),
        component: {
          type: ComponentType.TextInput,
          custom_id: 'tag',
          style: TextInputStyle.Short,
          required: false,
          max_length: 32,
          ...(current?.tag ? { value: current.tag } : {}),
        },
      },
    ],
  };
}

export function readField(fields: ReadonlyMap<string, unknown>, id: string): string | undefined {
  const field = fields.get(id) as { value?: unknown } | undefined;
  return typeof field?.value === 'string' ? field.value : undefined;
}

const preview = (text: string) =>
  (text.length > 80 ? `${text.slice(0, 79)}…` : text).replace(/\n/g, ' ');

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async add(ctx) {
      await ctx.showModal(promptModal(addRoute.build({}), ctx.t('prompts.addTitle'), ctx.t));
    },
    async edit(ctx, args) {
      const prompt = await promptOf(ctx.app.db, ctx.guild.id, args.prompt);
      await ctx.showModal(
        promptModal(
          editRoute.build({ prompt: prompt.id }),
          ctx.t('prompts.editTitle'),
          ctx.t,
          prompt,
        ),
      );
    },
    async remove(ctx, args) {
      const prompt = await removePrompt(ctx.app.db, ctx.guild.id, args.prompt);
      await ctx.reply({
        content: ctx.t('prompts.removed', { id: prompt.id, text: preview(prompt.text) }),
      });
    },
    async list(ctx) {
      const { t } = ctx;
      const prompts = await listPrompts(ctx.app.db, ctx.guild.id);
      const lines = prompts.slice(0, 40).map((p) =>
        t('prompts.listLine', {
          id: p.id,
          text: preview(p.text),
          tag: p.tag ?? '—',
          used: p.usedCount,
        }),
      );
      await ctx.reply({
        content:
          prompts.length === 0
            ? t('prompts.listEmpty')
            : [t('prompts.listTitle', { count: prompts.length }), ...lines]
                .join('\n')
                .slice(0, 2000),
      });
    },
    async import(ctx) {
      const { app } = ctx;
      const added = await importDeck(app.db, ctx.guild.id, ctx.settings.language, app.now());
      await ctx.reply({ content: ctx.t('prompts.imported', { count: added }) });
    },
    async stats(ctx) {
      const { t } = ctx;
      const stats = await promptStats(ctx.app.db, ctx.guild.id);
      const lines = stats.map((s, i) =>
        t('prompts.statsLine', {
          rank: i + 1,
          text: preview(s.text),
          repliers: s.repliers,
          replies: s.replies,
          posts: s.posts,
        }),
      );
      await ctx.reply({
        content:
          stats.length === 0
            ? t('prompts.statsEmpty')
            : [t('prompts.statsTitle'), ...lines].join('\n').slice(0, 2000),
      });
    },
    async history(ctx, args) {
      const { app, guild, t } = ctx;
      const prompt = await promptOf(app.db, guild.id, args.prompt);
      const history = await promptHistory(app.db, guild.id, prompt.id);
      const lines = history.map((h) =>
        t('prompts.historyLine', {
          at: time(Math.floor(h.postedAt / 1000), TimestampStyles.ShortDateTime),
          thread: h.threadId === null ? `<#${h.channelId}>` : `<#${h.threadId}>`,
          replies: h.replies,
          repliers: h.repliers,
          firstDay: h.firstDay.join(' '),
        }),
      );
      await ctx.reply({
        content: [
          `**${preview(prompt.text)}**`,
          ...(lines.length === 0 ? [t('prompts.historyEmpty')] : lines),
        ]
          .join('\n')
          .slice(0, 2000),
      });
    },
  },
  autocomplete: {
    async prompt({ app, guild }, typed) {
      const search = typed.toLowerCase();
      const prompts = await listPrompts(app.db, guild.id);
      return prompts
        .filter((p) => p.text.toLowerCase().includes(search) || String(p.id) === search)
        .slice(0, 25)
        .map((p) => ({ name: `#${p.id} ${preview(p.text)}`.slice(0, 100), value: p.id }));
    },
  },
});

export const components = [
  component({
    kind: 'modal',
    route: addRoute,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx) {
      const fields = ctx.interaction.fields.fields;
      const prompt = await addPrompt(
        ctx.app.db,
        ctx.guild.id,
        { text: readField(fields, 'text') ?? '', tag: readField(fields, 'tag') ?? null },
        ctx.app.now(),
      );
      await ctx.reply({
        content: ctx.t('prompts.added', { id: prompt.id, text: preview(prompt.text) }),
      });
    },
  }),
  component({
    kind: 'modal',
    route: editRoute,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const fields = ctx.interaction.fields.fields;
      const prompt = await editPrompt(ctx.app.db, ctx.guild.id, args.prompt, {
        text: readField(fields, 'text') ?? '',
        tag: readField(fields, 'tag') ?? null,
      });
      await ctx.reply({
        content: ctx.t('prompts.edited', { id: prompt.id, text: preview(prompt.text) }),
      });
    },
  }),
];
