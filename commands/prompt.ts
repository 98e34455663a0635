import {
  ComponentType,
  TextInputStyle,
  TimestampStyles,
  time,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { fieldValue } from '../src/core/modal-fields.js';
import { managerCommand, option, subcommand } from '../src/core/command-options.js';
import type { Translate } from '../src/features/prompts/messages.js';
// Registers the strings the definition below reads.
import '../src/features/prompts/messages.js';
import { component, defineCommand } from '../src/core/handlers.js';
import type { InteractionContext } from '../src/core/context.js';
import { listMessage } from '../src/core/pages.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
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
  ...managerCommand('prompt', 'cmd.prompt'),
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
    title: clip(title, DISCORD_LIMITS.modalTitle),
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

export const readField = fieldValue;

/** A prompt as a list shows it: on one line, cut at a word (the bank keeps the whole text). */
export const preview = (text: string) => clip(text.replace(/\s+/g, ' '), 80);

async function listPayload(ctx: InteractionContext, page: number) {
  const { t } = ctx;
  const prompts = await listPrompts(ctx.app.db, ctx.guild.id);
  if (prompts.length === 0) return { content: t('prompts.listEmpty'), components: [] };
  const { content, components } = listMessage({
    header: t('prompts.listTitle', { count: prompts.length }),
    lines: prompts.map((p) =>
      t('prompts.listLine', {
        id: p.id,
        text: preview(p.text),
        tag: p.tag ?? '—',
        used: p.usedCount,
      }),
    ),
    page,
    customIdOf: (n) => promptRoutes.listPage.build({ page: n }),
    t,
  });
  return { content, components };
}

async function statsPayload(ctx: InteractionContext, page: number) {
  const { t } = ctx;
  const stats = await promptStats(ctx.app.db, ctx.guild.id);
  if (stats.length === 0) return { content: t('prompts.statsEmpty'), components: [] };
  const { content, components } = listMessage({
    header: t('prompts.statsTitle'),
    lines: stats.map((s, i) =>
      t('prompts.statsLine', {
        rank: i + 1,
        text: preview(s.text),
        repliers: s.repliers,
        replies: s.replies,
        posts: s.posts,
      }),
    ),
    page,
    customIdOf: (n) => promptRoutes.statsPage.build({ page: n }),
    t,
  });
  return { content, components };
}

async function historyPayload(ctx: InteractionContext, promptId: number, page: number) {
  const { t } = ctx;
  const prompt = await promptOf(ctx.app.db, ctx.guild.id, promptId);
  const history = await promptHistory(ctx.app.db, ctx.guild.id, prompt.id);
  const { content, components } = listMessage({
    header: `**${preview(prompt.text)}**`,
    lines: history.map((h) =>
      t('prompts.historyLine', {
        at: time(Math.floor(h.postedAt / 1000), TimestampStyles.ShortDateTime),
        thread: h.threadId === null ? `<#${h.channelId}>` : `<#${h.threadId}>`,
        replies: h.replies,
        repliers: h.repliers,
        firstDay: h.firstDay.join(' '),
      }),
    ),
    empty: t('prompts.historyEmpty'),
    page,
    customIdOf: (n) => promptRoutes.historyPage.build({ prompt: prompt.id, page: n }),
    t,
  });
  return { content, components };
}

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
      await ctx.reply(await listPayload(ctx, 0));
    },
    async import(ctx) {
      const { app } = ctx;
      const added = await importDeck(app.db, ctx.guild.id, ctx.settings.language, app.now());
      await ctx.reply({ content: ctx.t('prompts.imported', { count: added }) });
    },
    async stats(ctx) {
      await ctx.reply(await statsPayload(ctx, 0));
    },
    async history(ctx, args) {
      await ctx.reply(await historyPayload(ctx, args.prompt, 0));
    },
  },
  autocomplete: {
    async prompt({ app, guild }, typed) {
      const search = typed.toLowerCase();
      const prompts = await listPrompts(app.db, guild.id);
      return prompts
        .filter((p) => p.text.toLowerCase().includes(search) || String(p.id) === search)
        .slice(0, 25)
        .map((p) => ({
          name: clip(`#${p.id} ${preview(p.text)}`, DISCORD_LIMITS.autocompleteName),
          value: p.id,
        }));
    },
  },
});

export const components = [
  component({
    kind: 'button',
    route: promptRoutes.listPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await listPayload(ctx, args.page)),
  }),
  component({
    kind: 'button',
    route: promptRoutes.statsPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await statsPayload(ctx, args.page)),
  }),
  component({
    kind: 'button',
    route: promptRoutes.historyPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await historyPayload(ctx, args.prompt, args.page)),
  }),
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
