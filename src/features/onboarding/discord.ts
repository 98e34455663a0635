/**
 * The Discord side of onboarding: turns questions into modals and modal submissions into answers,
 * feeds member events to the services, and carries out the effects the services enqueue with
 * their decisions (welcomes, roles, approval requests, the admission step, verdicts). Every
 * Discord call here happens outside any database transaction, through the outbox worker, and
 * every failure that a manager must fix becomes one notice in the manager log, never a retry loop.
 */
import {
  ButtonStyle,
  ComponentType,
  GatewayDispatchEvents,
  RESTJSONErrorCodes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIGuildMember,
  type Client,
  type GatewayGuildMemberAddDispatchData,
  type GatewayGuildMemberUpdateDispatchData,
  type GatewayGuildMemberRemoveDispatchData,
  type ModalSubmitInteraction,
} from 'discord.js';
import { randomBytes } from 'node:crypto';
import { Routes } from 'discord-api-types/v10';
import type { AppDeps } from '../../core/context.js';
import { erasureKeyOf, erasuresIn, keptSubject } from '../../core/member-data.js';
import { effect, PermanentFailure, type EffectContext } from '../../core/outbox/index.js';
import { enqueueNotice } from '../../core/outbox/notice.js';
import { dmChannel, hasCustomId, postOnce, tellMember } from '../../core/outbox/post.js';
import { dangerousNow } from '../../core/outbox/roles.js';
import { permissionList } from '../../core/authority.discord.js';
import {
  admitEffect,
  approvalEffect,
  decisionEffect,
  rolesEffect,
  stillRejectedEffect,
  welcomeEffect,
} from './effects.js';
import { translator, type MessageKey, type Translate } from './messages.js';
import { getGuild, type GuildSettings } from '../../core/guilds.js';
import { trustPolicy } from '../../core/config.js';
import { clearNotice } from '../../core/notices.js';
import { embedMessages } from '../../core/embeds.js';
import { clip } from '../../core/text.js';
import { decodeSubmission, renderModal, type ModalJson } from '../../forms/index.js';
import {
  enqueueApprovedDecision,
  isPresent,
  profileOf,
  reconcileMembers,
  recordJoin,
  recordLeave,
  type PageView,
  type SubmittedField,
} from './members.js';
import { getSettings } from './questionnaire.js';
import {
  admitAndTell,
  admitOfflineJoins,
  decideAdmission,
  onRolesChanged,
  onSeatHolderLeft,
} from '../membership/api.js';
import {
  button,
  discordErrorCode,
  isManagerFixable,
  listMembers,
} from '../../core/discord-actions.js';
import { onboardingRoutes } from './routes.js';

/** The modal for one page, exactly as members see it (managers' previews use the same function). */
export function pageModal(
  view: PageView,
  customId: string,
  title: string,
  t: Translate,
): ModalJson {
  return renderModal({
    customId,
    title,
    t,
    fields: view.questions.map((question) => ({
      question: question.definition,
      ref: { question: question.id, revision: question.revision },
      prefill: view.prefill.get(question.id),
    })),
  });
}

/** The answers a page's modal carried, keyed back to the question revisions the member saw. */
export function submittedFields(interaction: ModalSubmitInteraction): SubmittedField[] {
  return decodeSubmission(interaction.components).map(({ ref, raw }) => ({
    questionId: ref.question,
    revision: ref.revision,
    raw,
  }));
}

/** One failure a manager can fix (a channel's permissions, a deleted channel), told once. */
async function tellManagers(
  ctx: EffectContext,
  key: string,
  message: MessageKey,
  params: Record<string, string> = {},
): Promise<void> {
  await ctx.app.db
    .transaction()
    .execute((trx) => enqueueNotice(trx, ctx.guildId, { key, message, params }, ctx.app.now()));
}

async function settingsOf(ctx: EffectContext): Promise<GuildSettings> {
  const settings = await getGuild(ctx.app.db, ctx.guildId);
  if (settings === undefined) throw new PermanentFailure('guild');
  return settings;
}

/**
 * The welcome, in the welcome channel and by direct message, each with the Start button (a
 * returning member gets no questions). Each part is recorded when done, so a retry sends only
 * what is missing. A welcome channel Hearth cannot use is told to managers once, and the DM still
 * goes; closed DMs are the member's choice: the channel has the same button.
 */
export const welcomePost = effect(welcomeEffect, {
  label: 'onboarding.effect.welcome',
  async execute(ctx, { user, variant, minutes }) {
    const settings = await settingsOf(ctx);
    const t = translator(settings.language, ctx.app.commandIds);
    const server = await ctx.guildName();
    const components =
      variant === 'returning'
        ? []
        : [
            button(
              onboardingRoutes.start.build({ guild: ctx.guildId }),
              t(variant === 'resume' ? 'welcome.continue' : 'welcome.start'),
            ),
          ];
    const done = ctx.progress<{ channel?: true; dm?: true }>() ?? {};
    if (done.channel !== true) {
      const channelId = settings.welcomeChannelId;
      if (channelId === null) {
        await tellManagers(ctx, 'welcome-channel', 'notice.welcomeChannelMissing');
      } else {
        const content = t(`welcome.${variant}`, { member: `<@${user}>`, server, minutes });
        try {
          await postOnce(
            ctx,
            channelId,
            { content, components, allowed_mentions: { users: [user] } },
            { isMine: (m) => m.content === content },
          );
          await clearNotice(ctx.app.db, ctx.guildId, 'welcome-channel');
        } catch (error) {
          if (!isManagerFixable(error)) throw error;
          await tellManagers(ctx, 'welcome-channel', 'notice.welcomeChannel', {
            channel: `<#${channelId}>`,
          });
        }
      }
      await ctx.saveProgress({ ...done, channel: true });
    }
    const content = t(`welcome.dm.${variant}`, { server, minutes });
    try {
      await postOnce(
        ctx,
        await dmChannel(ctx, user),
        { content, components, allowed_mentions: { parse: [] } },
        { isMine: (m) => m.content === content, nonceSuffix: 'd' },
      );
    } catch (error) {
      if (discordErrorCode(error) !== RESTJSONErrorCodes.CannotSendMessagesToThisUser) throw error;
      ctx.app.logger.debug(
        { guild: ctx.guildId },
        'member does not accept direct messages; the welcome channel has the button',
      );
    }
  },
});

/**
 * Roles the answers map to, one by one, so one role Hearth cannot manage does not block the
 * others: that one is told to managers once, and the member's flow goes on.
 */
export const rolesPost = effect(rolesEffect, {
  label: 'onboarding.effect.roles',
  async execute(ctx, { user, grant, revoke }) {
    for (const [roleId, add] of [
      ...grant.map((r) => [r, true] as const),
      ...revoke.map((r) => [r, false] as const),
    ]) {
      // Checked again at every grant: a role vetted when it was configured may have gained a
      // dangerous permission since. Taking a role away is always fine.
      const refusal = add ? await dangerousNow(ctx, roleId) : undefined;
      if (refusal !== undefined) {
        ctx.app.logger.warn(
          { guild: ctx.guildId, role: roleId },
          'refused to grant a dangerous role',
        );
        const t = translator((await settingsOf(ctx)).language, ctx.app.commandIds);
        await tellManagers(ctx, `role-dangerous:${roleId}`, 'notice.roleDangerous', {
          role: `<@&${roleId}>`,
          permissions: permissionList(refusal.permissions, t),
        });
        continue;
      }
      const route = Routes.guildMemberRole(ctx.guildId, user, roleId);
      try {
        if (add) await ctx.rest.put(route, { reason: 'Hearth onboarding answers' });
        else await ctx.rest.delete(route, { reason: 'Hearth onboarding answers' });
        await clearNotice(ctx.app.db, ctx.guildId, `role:${roleId}`);
        if (add) await clearNotice(ctx.app.db, ctx.guildId, `role-dangerous:${roleId}`);
      } catch (error) {
        // The member left: their roles left with them.
        if (discordErrorCode(error) === RESTJSONErrorCodes.UnknownMember) return;
        if (!isManagerFixable(error)) throw error;
        ctx.app.logger.warn(
          { guild: ctx.guildId, role: roleId, code: discordErrorCode(error) },
          'cannot manage a role',
        );
        await tellManagers(ctx, `role:${roleId}`, 'notice.roleGrant', { role: `<@&${roleId}>` });
      }
    }
  },
});

/**
 * The admission after completion, approval or return; after an approval, the member is told. An
 * approval is a manager's decision: it lets in someone a manager removed before. A member who left
 * before it runs takes no seat (they are admitted, or wait, when they come back).
 */
export const admitStep = effect(admitEffect, {
  label: 'onboarding.effect.admit',
  async execute(ctx, { user, tell, decision }) {
    if (!(await isPresent(ctx.app.db, ctx.guildId, user))) return;
    const result = await decideAdmission(ctx.app, { id: ctx.guildId }, user, {
      tellByDm: tell === 'join',
      byManager: tell === 'approved',
    });
    if (tell !== 'approved') return;
    await enqueueApprovedDecision(
      ctx.app.db,
      ctx.guildId,
      user,
      result?.outcome === 'waitlisted' ? result.position : undefined,
      decision,
      ctx.app.now(),
    );
  },
});

/**
 * A rejected member came back: told once, privately, that the decision stands and when they may
 * answer again. Never in the welcome channel (a rejection is never announced publicly), so closed
 * DMs mean they learn it when they try (`/profile` says when).
 */
export const stillRejectedPost = effect(stillRejectedEffect, {
  label: 'onboarding.effect.stillRejected',
  async execute(ctx, { user, decidedAt }) {
    const settings = await settingsOf(ctx);
    const at = decidedAt + trustPolicy(ctx.app.config).rejectionCooldownMs;
    const content = translator(settings.language, ctx.app.commandIds)(
      'onboarding.stillRejectedDm',
      {
        server: await ctx.guildName(),
        at: `<t:${Math.ceil(at / 1000)}:R>`,
      },
    );
    await tellMember(ctx, user, { content });
  },
});

/** A manager's verdict, by DM; an approval (never a rejection) is said in the welcome channel when DMs are closed. */
export const decisionPost = effect(decisionEffect, {
  label: 'onboarding.effect.decision',
  async execute(ctx, { user, approved, position }) {
    const settings = await settingsOf(ctx);
    const t = translator(settings.language, ctx.app.commandIds);
    const server = await ctx.guildName();
    const content =
      position !== undefined
        ? t('seats.approvedWaitlisted', { server, position })
        : t(approved ? 'onboarding.approvedDm' : 'onboarding.rejectedDm', { server });
    const welcome = settings.welcomeChannelId;
    await tellMember(
      ctx,
      user,
      { content },
      // An approval is said in the welcome channel; a rejection never is.
      approved && welcome !== null
        ? () => ({
            channelId: welcome,
            body: { content: t('onboarding.approvedPublic', { member: `<@${user}>` }) },
          })
        : undefined,
    );
  },
});

/** Room kept in every message of answers for the footer a decision adds ("Approved by …"). */
const DECISION_FOOTER_MAX = 120;

/**
 * A member's answers as embeds, message by message: the question as the member saw it, then
 * the answer, in full (a long answer continues in the next field, long questionnaires in the
 * next message). `answered` is how many answers there are.
 */
export async function answerMessages(
  app: AppDeps,
  guildId: string,
  userId: string,
  t: Translate,
  title: string,
  options: { description?: string; footer?: string } = {},
): Promise<{ messages: APIEmbed[][]; answered: number }> {
  const profile = await profileOf(app.db, guildId, userId);
  const answers = profile?.answers ?? [];
  const fields = answers.map((a) => ({
    name: a.current ? a.label : `${a.label} ${t('onboarding.retired')}`,
    value: a.answer === null || a.answer.trim() === '' ? t('onboarding.skipped') : a.answer,
  }));
  const messages = embedMessages(
    { title, description: options.description ?? `<@${userId}>`, fields },
    { reserve: DECISION_FOOTER_MAX },
  );
  if (options.footer !== undefined)
    messages.at(-1)!.at(-1)!.footer = { text: clip(options.footer, DECISION_FOOTER_MAX) };
  return { messages, answered: answers.length };
}

/** The Approve and Reject buttons under the last part of a member's answers. */
export function decisionButtons(
  userId: string,
  t: Translate,
): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          custom_id: onboardingRoutes.decide.build({ user: userId, verdict: 'approve' }),
          label: t('onboarding.approve'),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          custom_id: onboardingRoutes.decide.build({ user: userId, verdict: 'reject' }),
          label: t('onboarding.reject'),
        },
      ],
    },
  ];
}

/**
 * A completed questionnaire in the manager log, with Approve and Reject under the last part. With
 * no manager log set it cannot go anywhere: given up, and `/hearth status` and `/onboarding
 * pending` show who waits. Each part is recorded when posted, so a retry posts only the rest.
 */
export const approvalPost = effect(approvalEffect, {
  label: 'onboarding.effect.approval',
  async execute(ctx, { user }) {
    const settings = await settingsOf(ctx);
    if (settings.logChannelId === null) throw new PermanentFailure('setting:log_channel_id');
    const profile = await profileOf(ctx.app.db, ctx.guildId, user);
    // Decided meanwhile (another request, the pending list), or gone: nothing to ask.
    if (profile?.status !== 'pending_approval') return;
    const t = translator(settings.language, ctx.app.commandIds);
    const { messages } = await answerMessages(
      ctx.app,
      ctx.guildId,
      user,
      t,
      t('onboarding.reviewTitle'),
    );
    const marker = onboardingRoutes.decide.build({ user, verdict: 'approve' });
    const posted = ctx.progress<{ parts: number }>()?.parts ?? 0;
    for (const [i, embeds] of messages.entries()) {
      if (i < posted) continue;
      const last = i === messages.length - 1;
      const first = embeds[0];
      await postOnce(
        ctx,
        settings.logChannelId,
        {
          embeds,
          components: last ? decisionButtons(user, t) : [],
          allowed_mentions: { parse: [] },
        },
        {
          nonceSuffix: `p${i}`,
          isMine: (m) =>
            last
              ? hasCustomId(m, marker)
              : m.embeds[0]?.title === first?.title &&
                m.embeds[0]?.description === first?.description &&
                m.embeds[0]?.fields?.[0]?.name === first?.fields?.[0]?.name,
        },
      );
      await ctx.saveProgress({ parts: i + 1 });
    }
  },
});

export const onboardingEffects = [
  welcomePost,
  approvalPost,
  rolesPost,
  admitStep,
  decisionPost,
  stillRejectedPost,
];

export const MEMBER_EVENTS = [
  GatewayDispatchEvents.GuildMemberAdd,
  GatewayDispatchEvents.GuildMemberUpdate,
  GatewayDispatchEvents.GuildMemberRemove,
] as const;
export type MemberEventData =
  | GatewayGuildMemberAddDispatchData
  | GatewayGuildMemberUpdateDispatchData
  | GatewayGuildMemberRemoveDispatchData;

/**
 * How a rejection kept after the member erased their data is found again: their `reject`
 * fingerprint (never their id in the database) and the cooldown it holds for.
 */
export function keptRejectionOf(
  app: AppDeps,
  guildId: string,
): (userId: string) => { subject: string; cooldownMs: number } {
  const key = erasureKeyOf(app);
  const cooldownMs = trustPolicy(app.config).rejectionCooldownMs;
  return (userId) => ({ subject: keptSubject(key, 'reject', guildId, userId), cooldownMs });
}

/**
 * Member joins, screening and departures, read from the gateway payloads themselves so they never
 * depend on what discord.js happens to cache.
 */
export async function onMemberEvent(
  app: AppDeps,
  client: Client,
  event: (typeof MEMBER_EVENTS)[number],
  data: MemberEventData,
): Promise<void> {
  const guild = client.guilds.cache.get(data.guild_id);
  if (guild === undefined || data.user.bot === true) return;
  const userId = data.user.id;
  if (event === GatewayDispatchEvents.GuildMemberRemove) {
    await recordLeave(app.db, guild.id, userId, app.now());
    await onSeatHolderLeft(app, guild, userId);
    return;
  }
  const member = data as Partial<Pick<APIGuildMember, 'joined_at' | 'pending' | 'roles'>>;
  if (event === GatewayDispatchEvents.GuildMemberUpdate && Array.isArray(member.roles))
    await onRolesChanged(app, guild, userId, member.roles);
  if (typeof member.joined_at !== 'string') return;
  const outcome = await recordJoin(app.db, guild.id, userId, {
    joinedAt: Date.parse(member.joined_at),
    pending: member.pending === true,
    now: app.now(),
    erasedAt: (await erasuresIn(app, guild.id))(userId),
    keptRejection: keptRejectionOf(app, guild.id)(userId),
  });
  // A claimed welcome is already in the outbox, written with the join. With onboarding off,
  // joining is the admission step. (Only the join itself: any later update, such as a nickname
  // change, must not queue a long-standing member.)
  if (
    !outcome.welcome &&
    event === GatewayDispatchEvents.GuildMemberAdd &&
    !(await getSettings(app.db, guild.id)).enabled
  )
    await admitAndTell(app, guild, userId);
}

/**
 * At start-up: joins and departures that happened while Hearth was offline are not replayed by
 * Discord. Lists each onboarding guild's members and welcomes the missed joins once (the welcomes
 * are enqueued with the joins). Each server on its own: one failing leaves the others done.
 */
export async function reconcileOnboarding(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    try {
      const settings = await getSettings(app.db, guild.id);
      if (!settings.enabled) {
        // Onboarding off: joining is the admission step, for the joins missed offline too.
        const admitted = await admitOfflineJoins(app, guild);
        if (admitted > 0)
          app.logger.info(
            { guild: guild.id, count: admitted },
            'admitted members who joined while Hearth was offline',
          );
        continue;
      }
      const present = (await listMembers(client, guild.id))
        .filter((m) => m.user.bot !== true && m.joined_at !== null)
        .map((m) => ({
          userId: m.user.id,
          joinedAt: Date.parse(m.joined_at!),
          pending: m.pending === true,
        }));
      const welcomes = await reconcileMembers(
        app.db,
        guild.id,
        present,
        app.now(),
        await erasuresIn(app, guild.id),
        keptRejectionOf(app, guild.id),
      );
      if (welcomes.length > 0)
        app.logger.info(
          { guild: guild.id, count: welcomes.length },
          'welcomed members who joined while Hearth was offline',
        );
    } catch (error) {
      app.logger.error(
        { err: error, guild: guild.id, ref: randomBytes(4).toString('hex') },
        'could not reconcile onboarding in one server; the others go on',
      );
    }
  }
}
