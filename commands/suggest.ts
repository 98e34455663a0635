import {
  ComponentType,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import type { Translate } from '../src/features/prompts/messages.js';
import { guildOnly, named } from '../src/core/command-options.js';
import type { InteractionContext } from '../src/core/context.js';
import { component, defineCommand } from '../src/core/handlers.js';
import {
  checkSuggestionAllowance,
  PROMPT_MAX,
  reviewSuggestion,
  suggestPrompt,
} from '../src/features/prompts/bank.js';
import { trustPolicy } from '../src/core/config.js';
import { readField } from './prompt.js';
import { promptRoutes } from '../src/features/prompts/routes.js';

const data = { ...named('suggest', 'cmd.suggest'), ...guildOnly() } as const;

function suggestionModal(tr: Translate): APIModalInteractionResponseCallbackData {
  return {
    custom_id: promptRoutes.suggestModal.build({}),
    title: tr('prompts.suggestTitle'),
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
        },
      },
      {
        type: ComponentType.Label,
        label: tr('prompts.field.credit'),
        component: {
          type: ComponentType.RadioGroup,
          custom_id: 'credit',
          required: true,
          options: [
            { value: 'yes', label: tr('prompts.creditYes'), default: true },
            { value: 'no', label: tr('prompts.creditNo') },
          ],
        },
      },
    ],
  };
}

/** Opens the form, unless the member already used today's suggestions (no typing for nothing). */
async function open(ctx: InteractionContext): Promise<void> {
  await checkSuggestionAllowance(
    ctx.app.db,
    ctx.guild.id,
    ctx.userId,
    ctx.app.now(),
    trustPolicy(ctx.app.config).suggestionsPerDay,
  );
  await ctx.showModal(suggestionModal(ctx.t));
}

/** `/suggest`: a member proposes a discussion prompt; managers review it in the manager log. */
export const command = defineCommand(data, {
  audience: 'everyone',
  defer: 'ephemeral',
  execute: open,
});

export const components = [
  // The button under every posted prompt opens the same form.
  component({
    kind: 'button',
    route: promptRoutes.suggest,
    audience: 'everyone',
    defer: 'ephemeral',
    execute: open,
  }),
  component({
    kind: 'modal',
    route: promptRoutes.suggestModal,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx) {
      const { app, guild } = ctx;
      const fields = ctx.interaction.fields.fields;
      const credit = readField(fields, 'credit') === 'yes';
      // The suggestion and the request managers review, in one transaction: never lost.
      await suggestPrompt(
        app.db,
        guild.id,
        { text: readField(fields, 'text') ?? '', authorId: ctx.userId, credit },
        app.now(),
        trustPolicy(app.config).suggestionsPerDay,
      );
      await ctx.reply({ content: ctx.t('prompts.suggested') });
    },
  }),
  component({
    kind: 'button',
    route: promptRoutes.review,
    audience: 'managers',
    defer: 'update',
    async execute(ctx, args) {
      if (args.verdict !== 'approve' && args.verdict !== 'reject')
        throw new UserError('error.unknownInteraction');
      const prompt = await reviewSuggestion(
        ctx.app.db,
        ctx.guild.id,
        args.prompt,
        args.verdict === 'approve',
      );
      const original = ctx.interaction.message.content;
      await ctx.update({
        content: `${original}\n\n${ctx.guildT(prompt.status === 'active' ? 'prompts.approvedBy' : 'prompts.rejectedBy', { manager: ctx.interaction.user.username })}`,
        components: [],
        allowedMentions: { parse: [] },
      });
    },
  }),
];
