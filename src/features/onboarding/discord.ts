/**
 * The Discord side of onboarding: turns questions into modals and modal submissions into answers,
 * sends welcomes, grants roles, posts approvals, and feeds member events to the services. Every
 * Discord call here happens outside any database transaction, and every failure that a manager
 * must fix becomes one notice in the manager log, never a retry loop.
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
  type Guild,
  type GatewayGuildMemberAddDispatchData,
  type GatewayGuildMemberUpdateDispatchData,
  type GatewayGuildMemberRemoveDispatchData,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { erasuresIn } from '../../core/member-data.js';
import { translator, type Translate } from './messages.js';
import { getGuild, type GuildSettings } from '../../core/guilds.js';
import { clearNotice } from '../../core/notices.js';
import { embedMessages } from '../../core/embeds.js';
import { clip } from '../../core/text.js';
import { decodeSubmission, renderModal, type ModalJson } from '../../forms/index.js';
import {
  desiredRoles,
  profileOf,
  reconcileMembers,
  recordJoin,
  recordLeave,
  type JoinOutcome,
  type PageView,
  type SubmittedField,
} from './members.js';
import { activeQuestions, getSettings } from './questionnaire.js';
import { admitAndTell, onRolesChanged, onSeatHolderLeft } from '../membership/api.js';
import {
  applyRoles,
  button,
  discordErrorCode,
  isManagerFixable,
  listMembers,
  notifyManagers,
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

/** Welcomes a member in the welcome channel and by direct message, each with the Start button. */
export async function sendWelcome(
  app: AppDeps,
  guild: Guild,
  userId: string,
  outcome: JoinOutcome,
): Promise<void> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined) return;
  const t = translator(settings.language);
  const questions = (await activeQuestions(app.db, guild.id)).length;
  const minutes = Math.max(1, Math.ceil(questions / 3));
  const variant = outcome.returning ? 'returning' : outcome.resuming ? 'resume' : 'new';
  const components = outcome.returning
    ? []
    : [
        button(
          onboardingRoutes.start.build({ guild: guild.id }),
          t(outcome.resuming ? 'welcome.continue' : 'welcome.start'),
        ),
      ];
  if (outcome.returning) {
    // Completed before: no questions again, the roles and the admission come back.
    await applyRoles(app, guild, userId, await desiredRoles(app.db, guild.id, userId), []);
    await admitAndTell(app, guild, userId);
  }

  const channel =
    settings.welcome_channel_id === null
      ? undefined
      : guild.channels.cache.get(settings.welcome_channel_id);
  if (channel === undefined || !channel.isSendable()) {
    await notifyManagers(app, guild, 'welcome-channel', (tr) => tr('notice.welcomeChannelMissing'));
  } else {
    try {
      await channel.send({
        content: t(`welcome.${variant}`, { member: `<@${userId}>`, server: guild.name, minutes }),
        components,
        allowedMentions: { users: [userId] },
      });
      await clearNotice(app.db, guild.id, 'welcome-channel');
    } catch (error) {
      if (!isManagerFixable(error)) throw error;
      await notifyManagers(app, guild, 'welcome-channel', (tr) =>
        tr('notice.welcomeChannel', { channel: `<#${channel.id}>` }),
      );
    }
  }

  try {
    await sendDirectMessage(guild.client, userId, {
      content: t(`welcome.dm.${variant}`, { server: guild.name, minutes }),
      components,
    });
  } catch (error) {
    // Closed DMs are the member's choice: the welcome channel has the same button. No retry.
    if (!(discordErrorCode(error) === RESTJSONErrorCodes.CannotSendMessagesToThisUser)) throw error;
    app.logger.debug(
      { guild: guild.id },
      'member does not accept direct messages; the welcome channel has the button',
    );
  }
}

async function sendDirectMessage(
  client: Client,
  userId: string,
  payload: { content: string; components: APIActionRowComponent<APIButtonComponent>[] },
): Promise<void> {
  const channel = await client.users.createDM(userId, { cache: false });
  await channel.send({ ...payload, allowedMentions: { parse: [] } });
}

/** Tells a member a manager's decision: by direct message, or (approval only) in the welcome channel. */
export async function tellDecision(
  app: AppDeps,
  guild: Guild,
  settings: GuildSettings,
  userId: string,
  approved: boolean,
  waitlistPosition?: number,
): Promise<void> {
  const t = translator(settings.language);
  const content =
    waitlistPosition !== undefined
      ? t('seats.approvedWaitlisted', { server: guild.name, position: waitlistPosition })
      : t(approved ? 'onboarding.approvedDm' : 'onboarding.rejectedDm', { server: guild.name });
  try {
    await sendDirectMessage(guild.client, userId, { content, components: [] });
    return;
  } catch (error) {
    if (!(discordErrorCode(error) === RESTJSONErrorCodes.CannotSendMessagesToThisUser)) throw error;
    app.logger.debug(
      { guild: guild.id },
      'member does not accept direct messages; decision not sent privately',
    );
  }
  // A rejection is never announced publicly.
  if (!approved || settings.welcome_channel_id === null) return;
  const channel = guild.channels.cache.get(settings.welcome_channel_id);
  if (channel?.isSendable() === true) {
    await channel
      .send({
        content: t('onboarding.approvedPublic', { member: `<@${userId}>` }),
        allowedMentions: { users: [userId] },
      })
      .catch((error: unknown) => {
        if (!isManagerFixable(error)) throw error;
      });
  }
}

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

/** Posts a completed questionnaire to the manager log, with Approve and Reject under the last part. */
export async function postForApproval(app: AppDeps, guild: Guild, userId: string): Promise<void> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined) return;
  const t = translator(settings.language);
  const channel =
    settings.log_channel_id === null
      ? undefined
      : guild.channels.cache.get(settings.log_channel_id);
  if (channel === undefined || !channel.isSendable()) {
    app.logger.warn({ guild: guild.id }, 'approval needed but no manager log channel is set');
    return;
  }
  const { messages } = await answerMessages(app, guild.id, userId, t, t('onboarding.reviewTitle'));
  for (const [i, embeds] of messages.entries()) {
    const last = i === messages.length - 1;
    await channel.send({
      embeds,
      components: last
        ? [
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
          ]
        : [],
      allowedMentions: { parse: [] },
    });
  }
}

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
  });
  if (outcome.welcome) await sendWelcome(app, guild, userId, outcome);
  // With onboarding off, joining is the admission step. (Only the join itself: any later update,
  // such as a nickname change, must not queue a long-standing member.)
  else if (
    event === GatewayDispatchEvents.GuildMemberAdd &&
    !(await getSettings(app.db, guild.id)).enabled
  )
    await admitAndTell(app, guild, userId);
}

/**
 * At start-up: joins and departures that happened while Hearth was offline are not replayed by
 * Discord. Lists each onboarding guild's members and welcomes the missed joins once.
 */
export async function reconcileOnboarding(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    const settings = await getSettings(app.db, guild.id);
    if (!settings.enabled) continue;
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
    );
    for (const { userId, outcome } of welcomes) await sendWelcome(app, guild, userId, outcome);
    if (welcomes.length > 0)
      app.logger.info(
        { guild: guild.id, count: welcomes.length },
        'welcomed members who joined while Hearth was offline',
      );
  }
}
