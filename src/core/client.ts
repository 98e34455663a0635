import { Client, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';

/**
 * The gateway intents Hearth asks for, and why. Every feature that needs another intent adds it
 * here with its reason, and the README's set-up section lists the privileged ones to enable.
 */
export const INTENTS = [
  // Guild create/delete (which servers Hearth is in), roles and channels for permission checks,
  // and the bot's own member. Not privileged.
  GatewayIntentBits.Guilds,
  // Privileged (enable "Server Members Intent" in the Developer Portal): joins, rules screening
  // and departures for onboarding, and the member list to find joins missed while offline.
  GatewayIntentBits.GuildMembers,
  // Message metadata (author, channel, time; not the text, which needs MessageContent) for member
  // activity: "admitted members inactive for N weeks". Not privileged.
  GatewayIntentBits.GuildMessages,
] as const;

/**
 * Cache limits. Hearth's database is the source of truth and a micro-community bot rarely needs
 * anything Discord did not just send it, so caches hold only what handlers read: guilds, their
 * roles and channels (for permission checks) and the bot's own member. Members and users arrive
 * with every interaction and can be fetched when needed.
 */
export function cacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  return {
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: {
        maxSize: 0,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      VoiceStateManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
    }),
    sweepers: Options.DefaultSweeperSettings,
  };
}

export interface ClientFactoryOptions {
  /** A Discord-compatible API base such as `http://127.0.0.1:5000/api`; Discord's when absent. */
  apiBase?: string | undefined;
  /**
   * Privileged, and off unless the operator turns it on (ENABLE_MESSAGE_CONTENT): lets insights
   * count the words of each message, in memory. The text is never stored.
   */
  messageContent?: boolean;
}

/** The discord.js client Hearth runs on: fewest intents, bounded caches, no mentions by default. */
export function createDiscordClient(options: ClientFactoryOptions = {}): Client {
  return new Client({
    intents: [
      ...INTENTS,
      ...(options.messageContent === true ? [GatewayIntentBits.MessageContent] : []),
    ],
    ...cacheOptions(),
    // Nobody is pinged unless a message opts in, per message.
    allowedMentions: { parse: [], repliedUser: false },
    ...(options.apiBase === undefined ? {} : { rest: { api: options.apiBase } }),
  });
}
