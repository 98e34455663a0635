import {
  MessageFlags,
  RESTJSONErrorCodes,
  type Guild,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type MessageComponentInteraction,
  type ModalComponentData,
  type ModalSubmitInteraction,
  type ChatInputCommandInteraction,
  type APIModalInteractionResponseCallbackData,
  type JSONEncodable,
} from 'discord.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import {
  translator,
  localeFromDiscord,
  type CommandIds,
  type Locale,
  type Translate,
} from './i18n.js';
import type { Logger } from './log.js';
import type { GuildSettings } from './guilds.js';
import { discordErrorCode } from './discord-actions.js';

/** What every handler may use. Services get `db` and `now` from here; nothing is global. */
export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly now: () => number;
  /**
   * The slash commands' ids, by name, once Discord told them (at start and after a deploy):
   * messages then name commands with Discord's clickable mentions.
   */
  readonly commandIds?: CommandIds;
}

export type RepliableInteraction =
  ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction;

/** How an interaction is deferred when a handler needs more than about 2 s. */
export type DeferMode = 'ephemeral' | 'public' | 'update';

type AckState = 'none' | 'deferred' | 'replied' | 'modal';

export type ReplyPayload = Omit<
  InteractionReplyOptions,
  'flags' | 'ephemeral' | 'withResponse' | 'fetchReply'
> & {
  /** Only the member sees it. Default: true. */
  ephemeral?: boolean;
};

export type UpdatePayload = Omit<InteractionUpdateOptions, 'withResponse' | 'fetchReply'>;

/**
 * One interaction being handled. It owns the acknowledgement state, so handlers, the automatic
 * defer and the error boundary can each "reply" without knowing what the others did: the first
 * answer is `reply`/`update`/`showModal`, later ones become `editReply` or `followUp`. Operations are
 * queued, so an automatic defer firing while a reply is in flight cannot answer twice.
 */
export class InteractionContext<I extends RepliableInteraction = RepliableInteraction> {
  readonly interaction: I;
  readonly app: AppDeps;
  readonly guild: Guild;
  readonly settings: GuildSettings;
  /** The member's own language, for ephemeral replies. */
  readonly locale: Locale;
  readonly t: Translate;
  /** The server's language, for public messages. */
  readonly guildT: Translate;
  /** The member acting: the interaction's user, in a server or in a direct message. */
  readonly userId: string;
  readonly #deferMode: DeferMode;
  #state: AckState = 'none';
  /** True once the member has seen an actual answer (not only "thinking…"). */
  #answered = false;
  #queue: Promise<unknown> = Promise.resolve();
  /** Discord said another request acknowledged this interaction (40060). */
  #acknowledgedElsewhere = false;

  constructor(
    interaction: I,
    app: AppDeps,
    guild: Guild,
    settings: GuildSettings,
    deferMode: DeferMode,
  ) {
    this.interaction = interaction;
    this.app = app;
    this.guild = guild;
    this.settings = settings;
    this.locale = localeFromDiscord(interaction.locale);
    this.t = translator(this.locale, app.commandIds);
    this.guildT = translator(settings.language, app.commandIds);
    this.userId = interaction.user.id;
    this.#deferMode = deferMode;
  }

  get answered(): boolean {
    return this.#answered;
  }

  get acknowledged(): boolean {
    return this.#state !== 'none';
  }

  /**
   * Sends a message: the first answer, the edit of a deferred one, or a follow-up. The state moves
   * only once Discord accepted the answer: a first reply Discord refuses (too long, say) leaves the
   * interaction unanswered, so the error boundary's reply is still a first reply, not a follow-up.
   */
  reply(payload: ReplyPayload): Promise<void> {
    return this.#enqueue(async () => {
      const { ephemeral = true, ...rest } = payload;
      const base = { allowedMentions: { parse: [] }, ...rest };
      const withFlags: InteractionReplyOptions = ephemeral
        ? { ...base, flags: MessageFlags.Ephemeral }
        : base;
      if (this.#state === 'none') {
        await this.#first(() => this.interaction.reply(withFlags), 'replied');
      } else if (this.#state === 'deferred' && !this.#answered && this.#deferMode !== 'update') {
        // A deferred reply's visibility was fixed when it was deferred.
        await this.interaction.editReply(base);
      } else {
        await this.#followUp(withFlags);
      }
      this.#answered = true;
    });
  }

  /** Replaces the message a button or select menu is on (for components only). */
  update(payload: UpdatePayload): Promise<void> {
    return this.#enqueue(async () => {
      const interaction = this.interaction;
      if (!interaction.isMessageComponent())
        throw new Error('update() is only for component interactions');
      const base = { allowedMentions: { parse: [] }, ...payload };
      if (this.#state === 'none') {
        await this.#first(() => interaction.update(base), 'replied');
      } else {
        await interaction.editReply(base);
      }
      this.#answered = true;
    });
  }

  /** Opens a modal. Must be the first answer: call it before any slow work. */
  showModal(
    modal:
      | JSONEncodable<APIModalInteractionResponseCallbackData>
      | ModalComponentData
      | APIModalInteractionResponseCallbackData,
  ): Promise<void> {
    return this.#enqueue(async () => {
      const interaction = this.interaction;
      if (interaction.isModalSubmit())
        throw new Error('a modal cannot be opened from a modal submit');
      if (this.#state !== 'none')
        throw new Error('showModal() must be the first answer to an interaction');
      await this.#first(() => interaction.showModal(modal), 'modal');
      this.#answered = true;
    });
  }

  /** Acknowledges now so Discord keeps the interaction alive; a no-op once acknowledged. */
  defer(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#state !== 'none') return;
      const interaction = this.interaction;
      await this.#first(
        () =>
          this.#deferMode === 'update' && interaction.isMessageComponent()
            ? interaction.deferUpdate()
            : interaction.deferReply(
                this.#deferMode === 'public' ? {} : { flags: MessageFlags.Ephemeral },
              ),
        'deferred',
      );
    });
  }

  /**
   * The first acknowledgement. The state changes once Discord accepted it; when Discord answers
   * that the interaction was already acknowledged (40060: the request reached it, the response
   * did not reach us), later answers are follow-ups.
   */
  async #first(send: () => Promise<unknown>, next: AckState): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (discordErrorCode(error) === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) {
        this.#state = 'replied';
        this.#acknowledgedElsewhere = true;
      }
      throw error;
    }
    this.#state = next;
  }

  /** A follow-up message, also when discord.js never saw the first answer succeed (40060). */
  async #followUp(payload: InteractionReplyOptions): Promise<void> {
    if (this.#acknowledgedElsewhere && !this.interaction.replied && !this.interaction.deferred)
      await this.interaction.webhook.send(payload);
    else await this.interaction.followUp(payload);
  }

  #enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(operation);
    // Keep the queue going whether or not this operation fails; the caller still sees its error.
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
