import { UserError } from '../src/core/errors.js';
import type { Translate } from '../src/features/onboarding/messages.js';
// Registers the strings the definition below reads.
import '../src/features/onboarding/messages.js';
import { guildOnly, named } from '../src/core/command-options.js';
import { trustPolicy } from '../src/core/config.js';
import type { InteractionContext } from '../src/core/context.js';
import { component, defineCommand } from '../src/core/handlers.js';
import { replyWithEmbeds } from '../src/core/embeds.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import { answerMessages, pageModal, submittedFields } from '../src/features/onboarding/discord.js';
import { button } from '../src/core/discord-actions.js';
import { decideAdmission } from '../src/features/membership/api.js';
import {
  openPage,
  profileOf,
  submitPage,
  type FlowMode,
} from '../src/features/onboarding/members.js';
import { onboardingRoutes } from '../src/features/onboarding/routes.js';

const data = { ...named('profile', 'cmd.profile'), ...guildOnly() } as const;

function modalTitle(t: Translate, mode: FlowMode, page: number, pageCount: number): string {
  return t(mode === 'edit' ? 'onboarding.modalTitleEdit' : 'onboarding.modalTitle', {
    page: page + 1,
    count: pageCount,
  });
}

async function openModal(
  ctx: InteractionContext,
  mode: FlowMode,
  requestedPage?: number,
): Promise<void> {
  const view = await openPage(
    ctx.app.db,
    ctx.guild.id,
    ctx.userId,
    mode,
    requestedPage,
    ctx.app.now(),
    trustPolicy(ctx.app.config),
  );
  await ctx.showModal(
    pageModal(
      view,
      onboardingRoutes.page.build({ guild: ctx.guild.id, page: view.page, mode }),
      modalTitle(ctx.t, mode, view.page, view.pageCount),
      ctx.t,
    ),
  );
}

/** `/profile`: a member's own answers, with a way to continue or to edit them. */
export const command = defineCommand(data, {
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    const profile = await profileOf(ctx.app.db, ctx.guild.id, ctx.userId);
    if (profile === undefined) {
      await ctx.reply({ content: ctx.t('profile.none') });
      return;
    }
    const status = ctx.t(`profile.status.${profile.status}`);
    const { messages } = await answerMessages(
      ctx.app,
      ctx.guild.id,
      ctx.userId,
      ctx.t,
      ctx.t('profile.title', { server: ctx.guild.name }),
      { description: `<@${ctx.userId}>\n${status}` },
    );
    const components =
      profile.status === 'completed'
        ? [
            button(
              onboardingRoutes.edit.build({ guild: ctx.guild.id, page: 0 }),
              ctx.t('profile.edit'),
            ),
          ]
        : profile.status === 'welcomed' ||
            profile.status === 'in_progress' ||
            profile.status === 'rejected'
          ? [
              button(
                onboardingRoutes.start.build({ guild: ctx.guild.id }),
                ctx.t('welcome.continue'),
              ),
            ]
          : [];
    await replyWithEmbeds(ctx, messages, { components });
  },
});

export const components = [
  // Start or continue onboarding: opens the first page with an unanswered question.
  component({
    kind: 'button',
    route: onboardingRoutes.start,
    audience: 'everyone',
    defer: 'ephemeral',
    guildFromArgs: (args) => args.guild,
    execute: (ctx) => openModal(ctx, 'join'),
  }),
  // Edit a completed profile, page by page.
  component({
    kind: 'button',
    route: onboardingRoutes.edit,
    audience: 'everyone',
    defer: 'ephemeral',
    guildFromArgs: (args) => args.guild,
    execute: (ctx, args) => openModal(ctx, 'edit', args.page),
  }),
  component({
    kind: 'modal',
    route: onboardingRoutes.page,
    audience: 'everyone',
    defer: 'ephemeral',
    guildFromArgs: (args) => args.guild,
    async execute(ctx, args) {
      if (args.mode !== 'join' && args.mode !== 'edit')
        throw new UserError('error.unknownInteraction');
      const mode: FlowMode = args.mode;
      const { app, guild, userId, t } = ctx;
      const result = await submitPage(app.db, {
        guildId: guild.id,
        userId,
        mode,
        page: args.page,
        fields: submittedFields(ctx.interaction),
        now: app.now(),
        rejectionCooldownMs: trustPolicy(app.config).rejectionCooldownMs,
      });
      const again = (page: number) =>
        mode === 'join'
          ? onboardingRoutes.start.build({ guild: guild.id })
          : onboardingRoutes.edit.build({ guild: guild.id, page });
      switch (result.kind) {
        case 'invalid':
          await ctx.reply({
            content: clip(
              [
                t('onboarding.fixProblems'),
                ...result.problems.map((p) => `• ${t(p.key, p.params)}`),
              ].join('\n'),
              DISCORD_LIMITS.content,
            ),
            components: [button(again(result.page), t('onboarding.fixButton'))],
          });
          return;
        case 'next':
          await ctx.reply({
            content: t('onboarding.pageSaved', { page: args.page + 1, count: result.pageCount }),
            components: [button(again(result.page), t('welcome.continue'))],
          });
          return;
        case 'complete':
          if (result.admission === 'edit') {
            await ctx.reply({ content: t('profile.updated') });
          } else if (!result.firstCompletion) {
            await ctx.reply({ content: t('onboarding.alreadyDone') });
          } else if (result.admission === 'approval') {
            // The request to managers was enqueued with the completion: it cannot be lost.
            await ctx.reply({ content: t('onboarding.waiting', { server: guild.name }) });
          } else {
            // The seat is decided before the reply, so the member learns where they stand (the
            // admission step enqueued with the completion then finds it decided). Roles, the
            // member role and the greeting follow from the outbox.
            const admission = await decideAdmission(app, guild, userId);
            await ctx.reply({
              content:
                admission?.outcome === 'waitlisted'
                  ? t('seats.waitlisted', { server: guild.name, position: admission.position })
                  : admission?.outcome === 'barred'
                    ? t('seats.barredReply', { server: guild.name })
                    : t('onboarding.done', { server: guild.name }),
            });
          }
      }
    },
  }),
];
