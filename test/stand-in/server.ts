/**
 * A local Discord stand-in: REST and gateway on one loopback port, enough of Discord for the real,
 * unmodified discord.js client to log in, receive events and answer interactions. Every REST call
 * is recorded so tests assert on what the bot actually sent. See ../shared/notes/offline-discord.md.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIChannel,
  type APIGuildMember,
  type APIGuildScheduledEvent,
  type APIInteraction,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ALL_PERMISSIONS,
  channelPermissions,
  guildPayload,
  guildPermissions,
  memberPayload,
  messagePayload,
  rolePayload,
  snowflake,
  textChannelPayload,
  userPayload,
} from './payloads.js';
import {
  DEFAULT_MAX_FILE_BYTES,
  MISSING_ACCESS,
  MISSING_PERMISSIONS,
  mergeEdit,
  validateForumPost,
  validateInteractionCallback,
  validateMessage,
  validateScheduledEvent,
  validateThreadFromMessage,
  type ErrorTree,
  type Limits,
  type Refusal,
} from './validate.js';

/** A request the stand-in refused because Discord would have: a payload over a limit, an empty message, a missing permission. */
export interface RecordedRefusal {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Discord's JSON error code: 50035 (invalid form body), 50006 (empty message), 40005 (upload too large), 50013, 50001. */
  readonly code: number;
  readonly message: string;
  /** The `errors` tree of a 50035 answer; empty for the others. */
  readonly errors: ErrorTree;
}

export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** Decoded path after `/api/v10`, for example `/channels/123/messages`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body, or the `payload_json` part of a multipart body. */
  readonly body: unknown;
  readonly files: readonly { name: string; filename: string; content: Buffer }[];
  readonly auth: string | undefined;
  readonly auditReason: string | undefined;
  readonly at: number;
  status: number;
}

export interface Fault {
  method?: string;
  /** Matched against the decoded path. */
  path: RegExp;
  /** Narrows it to some requests on that path (one effect's, by what its body carries). */
  match?: ((request: RecordedRequest) => boolean) | undefined;
  status: 429 | 500 | 403 | 404 | 400;
  /** Discord's JSON error code, such as 50013 (missing permissions) or 50007 (cannot DM). */
  code?: number;
  retryAfterSeconds?: number;
  /** How many requests it hits; Infinity by default. */
  times?: number;
  /** Carry the request out, then answer with the fault anyway: the bot never hears it worked. */
  afterHandling?: boolean;
  /**
   * With `afterHandling`: carry the request out, then drop the connection without any answer (the
   * bot sees a network error, not Discord's refusal). Recorded with status 0.
   */
  hangUp?: boolean;
}

interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  roles: Map<string, APIRole>;
  channels: Map<string, APIChannel>;
  members: Map<string, APIGuildMember>;
}

export interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly createdAt: number;
  acknowledged: boolean;
  /** Messages created by the callback or follow-ups, for the test to press components on. */
  readonly messages: APIMessage[];
}

interface Session {
  readonly socket: WebSocket;
  intents: number;
  seq: number;
  identified: boolean;
}

type Handler = (
  req: RecordedRequest,
  params: Record<string, string>,
) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

/** Which intent Discord requires before it sends each dispatch (undefined: always sent). */
const EVENT_INTENTS: Partial<Record<GatewayDispatchEvents, GatewayIntentBits>> = {
  [GatewayDispatchEvents.GuildCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ThreadCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildMemberAdd]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberUpdate]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberRemove]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.PresenceUpdate]: GatewayIntentBits.GuildPresences,
  [GatewayDispatchEvents.TypingStart]: GatewayIntentBits.GuildMessageTyping,
};

/** Discord invalidates an interaction token not acknowledged within 3 s. */
const INTERACTION_ACK_WINDOW_MS = 3_000;

/** A labelled component of a modal the bot showed. */
export interface ModalLabel {
  type: ComponentType.Label;
  label: string;
  description?: string;
  component: {
    type: ComponentType;
    custom_id: string;
    required?: boolean;
    options?: { label: string; value: string; default?: boolean }[];
    value?: string;
    min_values?: number;
    max_values?: number;
    max_length?: number;
    style?: number;
  };
}

/** A text display of a modal the bot showed (read-only text above or between the inputs). */
export interface ModalTextDisplay {
  type: ComponentType.TextDisplay;
  content: string;
}

/** Any top-level component of a modal the bot showed. */
export type ModalComponent = ModalLabel | ModalTextDisplay;

export type OptionValue =
  string | number | boolean | { role: string } | { channel: string } | { user: string };

export interface CommandInvocation {
  guild: string;
  user: string;
  command: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** The member's Discord client language. Default `en-US`. */
  locale?: string;
  /** An autocomplete request for this option instead of a command run. */
  focused?: string;
}

export class DiscordStandIn {
  readonly applicationId = snowflake();
  readonly botUser: APIUser;
  readonly token: string;
  readonly requests: RecordedRequest[] = [];
  /** Requests no route matched. A test must end with none. */
  readonly unknownRequests: RecordedRequest[] = [];
  readonly guilds = new Map<string, GuildState>();
  readonly users = new Map<string, APIUser>();
  readonly messages = new Map<string, APIMessage[]>();
  /** Guild scheduled events (the server's Events), by id. */
  readonly scheduledEvents = new Map<string, APIGuildScheduledEvent>();
  /**
   * Discord's clock, against which a scheduled event's start must not be past. A test whose bot
   * runs on a simulated clock sets this to that clock.
   */
  now: () => number = Date.now;
  /** Identify payloads received, with their intents. */
  readonly identifies: { intents: number; token: string }[] = [];
  readonly interactions = new Map<string, InteractionState>();
  /** Slash command definitions, as deployed: they give each option its declared type. */
  readonly commandDefinitions = new Map<
    string,
    {
      options?: readonly {
        name: string;
        type: number;
        options?: readonly { name: string; type: number }[];
      }[];
    }
  >();
  /**
   * Slash commands as deployed, per scope (`global` or a guild id), with their ids: what a bulk
   * overwrite (PUT) stored, or what a test deployed with {@link deployCommands}.
   */
  readonly deployedCommands = new Map<string, { id: string; name: string }[]>();
  /** Direct-message channels the bot opened, by user id. */
  readonly dmChannels = new Map<string, string>();
  readonly #events = new EventEmitter();
  readonly #routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [];
  readonly #faults: (Fault & { remaining: number })[] = [];
  readonly #sessions = new Set<Session>();
  /** Nonces seen per channel and author, as `enforce_nonce` needs. */
  readonly #nonces = new Map<string, APIMessage>();
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;
  #port = 0;
  #sessionCounter = 0;

  /** How long a nonce sent with enforce_nonce deduplicates (Discord: a few minutes). */
  nonceTtlMs: number;
  readonly #nonceAt = new Map<string, number>();
  /**
   * Called after a request was handled and before its response is sent: a test can kill the bot
   * at the worst moment (Discord has stored the message, the bot has not heard back).
   */
  beforeResponse: ((request: RecordedRequest) => void) | undefined;
  /**
   * When set, the gateway answers an identify by closing with this code, as Discord does with
   * 4014 (privileged intent not enabled) or 4004 (token refused).
   */
  gatewayCloseCode: number | undefined;
  /** Threads opened from messages: message id → thread id. */
  readonly threadsByMessage = new Map<string, string>();
  /** Who is in each thread Hearth made (its creator first), by thread id. */
  readonly threadMembers = new Map<string, Set<string>>();
  /** Discord's limit of members in one thread (30033 past it); a test may lower it. */
  threadMemberCap = 1_000;
  /**
   * Every request refused because Discord would refuse it (not injected faults). A test, or a
   * shared helper after each test, asserts the bot never had a payload refused.
   */
  readonly refusals: RecordedRefusal[] = [];
  /** Payload limits that depend on the server; the rest are Discord's fixed limits (validate.ts). */
  readonly limits: Limits;
  /** The message a component interaction came from, by interaction id (what an update changes). */
  readonly #sourceMessages = new Map<string, APIMessage>();
  /** What the interaction's original response shows now, by interaction id, when known. */
  readonly #originals = new Map<string, Record<string, unknown>>();

  /**
   * How long an interaction may wait for its first acknowledgement: Discord's 3 s. A test about
   * something other than latency (counting a burst of 500 clicks) may widen it, so that it does
   * not depend on spare CPU; the tests of acknowledgement timing keep Discord's figure.
   */
  interactionWindowMs = INTERACTION_ACK_WINDOW_MS;

  constructor(options: { token?: string; nonceTtlMs?: number; maxFileBytes?: number } = {}) {
    this.nonceTtlMs = options.nonceTtlMs ?? 5 * 60_000;
    this.limits = { maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES };
    this.token = options.token ?? 'MTIzNDU2Nzg5MDEyMzQ1Njc4.standin.c2VudGluZWwtdG9rZW4';
    this.botUser = userPayload(this.applicationId, 'Hearth', true);
    this.users.set(this.botUser.id, this.botUser);
    this.#events.setMaxListeners(1000);
    this.#installRoutes();
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      // A client killed mid-request (the crash test's kill -9) aborts its request: nothing to answer.
      this.#onRequest(req, res).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'ECONNRESET') return;
        throw error;
      });
    });
    this.#wss = new WebSocketServer({ server: this.#server, path: '/gateway' });
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const session of this.#sessions) session.socket.terminate();
    this.#wss?.close();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve(),
    );
  }

  // ---------------------------------------------------------------- world building

  /**
   * Adds a guild the bot is in, with @everyone, a bot role (position 10 unless given) and the bot
   * as a member. Returns its id.
   */
  addGuild(
    options: {
      name?: string;
      preferredLocale?: string;
      botPermissions?: bigint;
      botRolePosition?: number;
      ownerId?: string;
    } = {},
  ): string {
    const id = snowflake();
    const owner = options.ownerId ?? this.addUser('owner').id;
    const everyone = rolePayload({
      id,
      name: '@everyone',
      position: 0,
      permissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
    });
    const botRole = rolePayload({
      id: snowflake(),
      name: 'Hearth',
      position: options.botRolePosition ?? 10,
      managed: true,
      permissions: String(options.botPermissions ?? PermissionFlagsBits.Administrator),
      tags: { bot_id: this.botUser.id },
    });
    const guild: GuildState = {
      id,
      name: options.name ?? `guild ${this.guilds.size + 1}`,
      ownerId: owner,
      preferredLocale: options.preferredLocale ?? 'en-US',
      roles: new Map([
        [everyone.id, everyone],
        [botRole.id, botRole],
      ]),
      channels: new Map(),
      members: new Map(),
    };
    guild.members.set(this.botUser.id, memberPayload(this.botUser, [botRole.id]));
    this.guilds.set(id, guild);
    return id;
  }

  addUser(name: string): APIUser {
    const user = userPayload(snowflake(), name);
    this.users.set(user.id, user);
    return user;
  }

  /** Adds a member to a guild (without dispatching anything). */
  addMember(guildId: string, name: string, roleIds: string[] = []): APIUser {
    const user = this.addUser(name);
    this.#guild(guildId).members.set(user.id, memberPayload(user, roleIds));
    return user;
  }

  addRole(guildId: string, partial: Partial<APIRole> & { name: string }): string {
    const role = rolePayload({ id: snowflake(), position: 1, ...partial });
    this.#guild(guildId).roles.set(role.id, role);
    return role.id;
  }

  addChannel(
    guildId: string,
    partial: { name: string } & Partial<Parameters<typeof textChannelPayload>[0]>,
  ): string {
    const channel = textChannelPayload({ id: snowflake(), guild_id: guildId, ...partial });
    this.#guild(guildId).channels.set(channel.id, channel);
    return channel.id;
  }

  /** A person joins the guild: the member is added and GUILD_MEMBER_ADD is dispatched. */
  join(
    guildId: string,
    name: string,
    options: { pending?: boolean; joinedAt?: number } = {},
  ): APIUser {
    const user = this.addUser(name);
    const member = {
      ...memberPayload(user, [], new Date(options.joinedAt ?? Date.now()).toISOString()),
      pending: options.pending === true,
    };
    this.#guild(guildId).members.set(user.id, member);
    this.dispatch(GatewayDispatchEvents.GuildMemberAdd, { ...member, guild_id: guildId });
    return user;
  }

  /** The same person joins again (a new join time). */
  rejoin(guildId: string, user: APIUser): void {
    const member = memberPayload(user, [], new Date().toISOString());
    this.#guild(guildId).members.set(user.id, member);
    this.dispatch(GatewayDispatchEvents.GuildMemberAdd, { ...member, guild_id: guildId });
  }

  /** The member accepts the server rules (rules screening): pending turns false. */
  passScreening(guildId: string, userId: string): void {
    const member = this.#guild(guildId).members.get(userId);
    if (!member) throw new Error(`stand-in: ${userId} is not in ${guildId}`);
    member.pending = false;
    this.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...member, guild_id: guildId });
  }

  leave(guildId: string, userId: string): void {
    const member = this.#guild(guildId).members.get(userId);
    this.#guild(guildId).members.delete(userId);
    this.dispatch(GatewayDispatchEvents.GuildMemberRemove, {
      guild_id: guildId,
      user: member?.user ?? this.users.get(userId),
    });
  }

  /** The roles a member holds now. */
  rolesOf(guildId: string, userId: string): string[] {
    return [...(this.#guild(guildId).members.get(userId)?.roles ?? [])].sort();
  }

  guildCreatePayload(guildId: string): unknown {
    const guild = this.#guild(guildId);
    return {
      ...guildPayload({
        id: guild.id,
        name: guild.name,
        owner_id: guild.ownerId,
        preferred_locale: guild.preferredLocale,
        roles: [...guild.roles.values()],
      }),
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      members: [...guild.members.values()],
      channels: [...guild.channels.values()],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /**
   * Deploys commands as a bulk overwrite does: a command keeps its id when a command of that name
   * was already deployed in the scope, and a new one gets a new id. Returns what Discord returns.
   */
  deployCommands(definitions: readonly { name: string }[], guildId?: string) {
    const key = guildId ?? 'global';
    const before = new Map((this.deployedCommands.get(key) ?? []).map((c) => [c.name, c.id]));
    const deployed = definitions.map((c) => ({
      ...c,
      id: before.get(c.name) ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    }));
    this.deployedCommands.set(key, deployed);
    return deployed;
  }

  // ---------------------------------------------------------------- gateway

  /** Sends a dispatch to every identified session whose intents cover it, as Discord does. */
  dispatch(event: GatewayDispatchEvents, data: unknown): void {
    const intent = EVENT_INTENTS[event];
    for (const session of this.#sessions) {
      if (!session.identified) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      session.seq += 1;
      // Without MessageContent, Discord blanks content (and embeds, attachments) it sends the bot.
      const withheld =
        event === GatewayDispatchEvents.MessageCreate &&
        (session.intents & GatewayIntentBits.MessageContent) === 0
          ? { ...(data as Record<string, unknown>), content: '', embeds: [], attachments: [] }
          : data;
      session.socket.send(
        JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: withheld }),
      );
    }
  }

  /** The bot is removed from a guild. */
  removeBotFromGuild(guildId: string): void {
    this.guilds.delete(guildId);
    this.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId });
  }

  /** Asks connected clients to reconnect (op 7). */
  requestReconnect(): void {
    for (const session of this.#sessions)
      session.socket.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
  }

  #onConnection(socket: WebSocket): void {
    const session: Session = { socket, intents: 0, seq: 0, identified: false };
    this.#sessions.add(session);
    socket.on('close', () => this.#sessions.delete(session));
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw: Buffer) => {
      const packet = JSON.parse(raw.toString()) as {
        op: GatewayOpcodes;
        d: Record<string, unknown>;
      };
      if (packet.op === GatewayOpcodes.Heartbeat) {
        socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
      } else if (packet.op === GatewayOpcodes.Identify) {
        if (this.gatewayCloseCode !== undefined) {
          socket.close(this.gatewayCloseCode, 'stand-in: refused');
          return;
        }
        const intents = Number(packet.d.intents);
        this.identifies.push({ intents, token: String(packet.d.token) });
        session.intents = intents;
        session.identified = true;
        this.#sendReady(session);
      } else if (packet.op === GatewayOpcodes.Resume) {
        session.identified = true;
        session.seq = Number(packet.d.seq ?? 0);
        session.seq += 1;
        socket.send(
          JSON.stringify({
            op: GatewayOpcodes.Dispatch,
            t: GatewayDispatchEvents.Resumed,
            s: session.seq,
            d: {},
          }),
        );
      }
    });
  }

  #sendReady(session: Session): void {
    this.#sessionCounter += 1;
    const send = (t: string, d: unknown) => {
      session.seq += 1;
      session.socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d }));
    };
    send(GatewayDispatchEvents.Ready, {
      v: 10,
      user: this.botUser,
      guilds: [...this.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: `session-${this.#sessionCounter}`,
      resume_gateway_url: `ws://127.0.0.1:${this.#port}/gateway`,
      application: { id: this.applicationId, flags: 0 },
    });
    if ((session.intents & GatewayIntentBits.Guilds) !== 0) {
      for (const id of this.guilds.keys())
        send(GatewayDispatchEvents.GuildCreate, this.guildCreatePayload(id));
    }
  }

  // ---------------------------------------------------------------- interactions

  /** A member runs a slash command (or asks for autocomplete when `focused` is set). */
  command(invocation: CommandInvocation): InteractionState {
    const guild = this.#guild(invocation.guild);
    const member = guild.members.get(invocation.user) ?? this.#foreignMember(invocation.user);
    const resolved: {
      roles: Record<string, APIRole>;
      channels: Record<string, unknown>;
      users: Record<string, APIUser>;
    } = { roles: {}, channels: {}, users: {} };
    // Discord sends each option with the type the deployed command declares.
    const definition = this.commandDefinitions.get(invocation.command);
    const scope =
      invocation.subcommand === undefined
        ? definition?.options
        : definition?.options?.find((o) => o.name === invocation.subcommand)?.options;
    const declared = (name: string) =>
      scope?.find((o) => o.name === name)?.type as ApplicationCommandOptionType | undefined;
    const options: APIApplicationCommandInteractionDataOption[] = Object.entries(
      invocation.options ?? {},
    ).map(([name, value]) => {
      if (typeof value === 'object') {
        // Discord resolves role and channel options only within the invoking guild and rejects a
        // forged payload naming anything else, so the bot can never receive one.
        if ('role' in value) {
          const role = guild.roles.get(value.role);
          if (!role)
            throw new Error(
              `stand-in: Discord never resolves role ${value.role} outside guild ${guild.id}`,
            );
          resolved.roles[value.role] = role;
          return { name, type: ApplicationCommandOptionType.Role, value: value.role };
        }
        if ('channel' in value) {
          const channel = guild.channels.get(value.channel);
          if (!channel)
            throw new Error(
              `stand-in: Discord never resolves channel ${value.channel} outside guild ${guild.id}`,
            );
          resolved.channels[value.channel] = { ...channel, permissions: '0' };
          return { name, type: ApplicationCommandOptionType.Channel, value: value.channel };
        }
        const user = this.users.get(value.user);
        if (user) resolved.users[value.user] = user;
        return { name, type: ApplicationCommandOptionType.User, value: value.user };
      }
      const type =
        declared(name) ??
        (typeof value === 'boolean'
          ? ApplicationCommandOptionType.Boolean
          : typeof value === 'number'
            ? ApplicationCommandOptionType.Number
            : ApplicationCommandOptionType.String);
      return {
        name,
        type,
        value,
        ...(invocation.focused === name ? { focused: true } : {}),
      } as APIApplicationCommandInteractionDataOption;
    });
    const data = {
      id: snowflake(),
      name: invocation.command,
      type: ApplicationCommandType.ChatInput,
      guild_id: guild.id,
      options:
        invocation.subcommand === undefined
          ? options
          : [
              {
                name: invocation.subcommand,
                type: ApplicationCommandOptionType.Subcommand,
                options,
              },
            ],
      ...(Object.keys(resolved.roles).length +
        Object.keys(resolved.channels).length +
        Object.keys(resolved.users).length >
      0
        ? { resolved }
        : {}),
    };
    const type =
      invocation.focused === undefined
        ? InteractionType.ApplicationCommand
        : InteractionType.ApplicationCommandAutocomplete;
    return this.#interact(type, guild, member, invocation.locale, { data });
  }

  /** A member presses a button on a message. */
  click(options: {
    guild: string;
    user: string;
    message: APIMessage;
    customId: string;
    locale?: string;
  }): InteractionState {
    const guild = this.#guild(options.guild);
    const member = guild.members.get(options.user) ?? this.#foreignMember(options.user);
    return this.#interact(InteractionType.MessageComponent, guild, member, options.locale, {
      message: options.message,
      channel_id: options.message.channel_id,
      data: { custom_id: options.customId, component_type: ComponentType.Button },
    });
  }

  /** A member picks values in a string select menu. */
  select(options: {
    guild: string;
    user: string;
    message: APIMessage;
    customId: string;
    values: string[];
    locale?: string;
  }): InteractionState {
    const guild = this.#guild(options.guild);
    const member = guild.members.get(options.user) ?? this.#foreignMember(options.user);
    return this.#interact(InteractionType.MessageComponent, guild, member, options.locale, {
      message: options.message,
      channel_id: options.message.channel_id,
      data: {
        custom_id: options.customId,
        component_type: ComponentType.StringSelect,
        values: options.values,
      },
    });
  }

  /** A member submits a modal. `fields` maps text input custom ids to values. */
  submitModal(options: {
    guild: string;
    user: string;
    customId: string;
    fields: Record<string, string>;
    locale?: string;
  }): InteractionState {
    const guild = this.#guild(options.guild);
    const member = guild.members.get(options.user) ?? this.#foreignMember(options.user);
    const components = Object.entries(options.fields).map(([custom_id, value]) => ({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.TextInput, custom_id, value }],
    }));
    return this.#interact(InteractionType.ModalSubmit, guild, member, options.locale, {
      data: { custom_id: options.customId, components },
    });
  }

  /**
   * The modal the bot opened in answer to `opened`, as Discord received it, for modals made of
   * labelled inputs only; {@link shownForm} also types the text displays a modal may hold.
   */
  async shownModal(
    opened: InteractionState,
  ): Promise<{ custom_id: string; title: string; components: ModalLabel[] }> {
    const form = await this.shownForm(opened);
    if (form.components.some((c) => c.type !== ComponentType.Label))
      throw new Error('stand-in: this modal holds text displays: read it with shownForm()');
    return form as { custom_id: string; title: string; components: ModalLabel[] };
  }

  /** The modal the bot opened in answer to `opened`, labels and text displays alike. */
  async shownForm(
    opened: InteractionState,
  ): Promise<{ custom_id: string; title: string; components: ModalComponent[] }> {
    const callback = await this.callback(opened);
    if (callback.type !== InteractionResponseType.Modal)
      throw new Error(`stand-in: the bot answered with type ${callback.type}, not a modal`);
    return callback.data as unknown as {
      custom_id: string;
      title: string;
      components: ModalComponent[];
    };
  }

  /**
   * A member fills in the modal the bot showed and submits it. `answers` maps a field's label (or
   * its description, or the text display right above it: where a long question is shown) to the
   * typed text, or to the labels of the options picked; unanswered fields come back empty, as
   * Discord sends them, and text displays send nothing back. `raw` overrides a field's submitted
   * value by custom id (forged input).
   */
  async fillModal(options: {
    guild?: string;
    user: string;
    opened: InteractionState;
    answers: Record<string, string | string[]>;
    raw?: Record<string, unknown>;
    /** Sends a field under another custom id (a forged submission). */
    rename?: Record<string, string>;
    locale?: string;
  }): Promise<InteractionState> {
    const modal = await this.shownForm(options.opened);
    const components = modal.components.map((label, index) => {
      // Discord sends a text display back with its id only.
      if (label.type !== ComponentType.Label) return { type: label.type, id: index + 1 };
      const above = modal.components[index - 1];
      const key = [
        label.label,
        label.description,
        above?.type === ComponentType.TextDisplay ? above.content : undefined,
      ].find((text) => text !== undefined && Object.hasOwn(options.answers, text));
      const answer = key === undefined ? undefined : options.answers[key];
      const field = label.component;
      const pickedLabels = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
      const values =
        field.type === ComponentType.TextInput
          ? []
          : pickedLabels.map((l) => {
              const option = (field.options ?? []).find((o) => o.label === l || o.value === l);
              if (!option) throw new Error(`stand-in: "${label.label}" has no option "${l}"`);
              return option.value;
            });
      let submitted: Record<string, unknown>;
      if (field.type === ComponentType.TextInput)
        submitted = { value: typeof answer === 'string' ? answer : '' };
      else if (field.type === ComponentType.RadioGroup) submitted = { value: values[0] ?? null };
      else submitted = { values };
      if (options.raw && field.custom_id in options.raw)
        submitted = options.raw[field.custom_id] as Record<string, unknown>;
      const customId = options.rename?.[field.custom_id] ?? field.custom_id;
      return {
        type: ComponentType.Label,
        id: index + 1,
        component: { type: field.type, id: index + 100, custom_id: customId, ...submitted },
      };
    });
    return this.#submit(options.guild, options.user, modal.custom_id, components, options.locale);
  }

  #submit(
    guildId: string | undefined,
    userId: string,
    customId: string,
    components: unknown[],
    locale?: string,
  ): InteractionState {
    const data = { custom_id: customId, components };
    if (guildId === undefined)
      return this.#interactDm(InteractionType.ModalSubmit, userId, locale, { data });
    const guild = this.#guild(guildId);
    const member = guild.members.get(userId) ?? this.#foreignMember(userId);
    return this.#interact(InteractionType.ModalSubmit, guild, member, locale, { data });
  }

  /** A member presses a button on a message the bot sent them by direct message. */
  clickInDm(options: {
    user: string;
    message: APIMessage;
    customId: string;
    locale?: string;
  }): InteractionState {
    return this.#interactDm(InteractionType.MessageComponent, options.user, options.locale, {
      message: options.message,
      channel_id: options.message.channel_id,
      data: { custom_id: options.customId, component_type: ComponentType.Button },
    });
  }

  #interactDm(
    type: InteractionType,
    userId: string,
    locale: string | undefined,
    extra: Record<string, unknown>,
  ): InteractionState {
    const user = this.users.get(userId) ?? userPayload(userId, 'stranger');
    const channelId = this.dmChannels.get(userId) ?? snowflake();
    const id = snowflake();
    const token = `itoken-${id}`;
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      channel_id: channelId,
      channel: { id: channelId, type: 1, recipients: [user] },
      user,
      locale: locale ?? 'en-US',
      app_permissions: '0',
      entitlements: [],
      authorizing_integration_owners: { '1': userId },
      context: 1,
      attachment_size_limit: 10_485_760,
      ...extra,
    };
    const state: InteractionState = {
      id,
      token,
      createdAt: Date.now(),
      acknowledged: false,
      messages: [],
    };
    this.interactions.set(id, state);
    if (isMessage(extra.message)) this.#sourceMessages.set(id, extra.message);
    this.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return state;
  }

  /** A member deletes a message (Discord keeps no trace of it). */
  deleteMessage(channelId: string, messageId: string): void {
    this.messages.set(
      channelId,
      (this.messages.get(channelId) ?? []).filter((m) => m.id !== messageId),
    );
  }

  /** Messages the bot posted in a channel (or a user's DM channel), oldest first. */
  /** A channel is deleted in Discord's client (its threads go with it); nothing is dispatched. */
  deleteChannel(guildId: string, channelId: string): void {
    const guild = this.#guild(guildId);
    for (const [id, channel] of guild.channels)
      if (id === channelId || (channel as { parent_id?: string }).parent_id === channelId)
        guild.channels.delete(id);
  }

  /** Threads in a channel, of one type (12: private), as Discord stores them. */
  threadsIn(channelId: string, type?: number): APIChannel[] {
    return [...this.guilds.values()].flatMap((guild) =>
      [...guild.channels.values()].filter(
        (c) =>
          (c as { parent_id?: string }).parent_id === channelId &&
          this.#isThread(c) &&
          (type === undefined || (c.type as number) === type),
      ),
    );
  }

  postedIn(channelId: string): APIMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  dmsTo(userId: string): APIMessage[] {
    const channel = this.dmChannels.get(userId);
    return channel === undefined ? [] : this.postedIn(channel);
  }

  /** Every request made with this interaction's token (callback, edits, follow-ups), in order. */
  responsesTo(interaction: InteractionState): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${interaction.token}`));
  }

  /** Waits for the interaction's first acknowledgement and returns it. */
  async callback(
    interaction: InteractionState,
    timeoutMs = 10_000,
  ): Promise<{ type: InteractionResponseType; data?: Record<string, unknown> }> {
    const request = await this.waitForRequest(
      (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
      timeoutMs,
    );
    return request.body as { type: InteractionResponseType; data?: Record<string, unknown> };
  }

  /**
   * Waits until the member can see an answer: a message callback, an update, a modal, or the edit
   * of a deferred reply. Returns the message data.
   */
  async answer(
    interaction: InteractionState,
    timeoutMs = 10_000,
  ): Promise<Record<string, unknown>> {
    const first = await this.callback(interaction, timeoutMs);
    if (
      first.type === InteractionResponseType.DeferredChannelMessageWithSource ||
      first.type === InteractionResponseType.DeferredMessageUpdate
    ) {
      const edit = await this.waitForRequest(
        (r) =>
          r.path.startsWith(`/webhooks/${this.applicationId}/${interaction.token}`) &&
          r.method !== 'GET',
        timeoutMs,
      );
      return edit.body as Record<string, unknown>;
    }
    return first.data ?? {};
  }

  #interact(
    type: InteractionType,
    guild: GuildState,
    member: APIGuildMember,
    locale: string | undefined,
    extra: Record<string, unknown>,
  ): InteractionState {
    const id = snowflake();
    const token = `itoken-${id}`;
    const channelId =
      typeof extra.channel_id === 'string'
        ? extra.channel_id
        : ([...guild.channels.keys()][0] ?? snowflake());
    // Discord gives the server owner every permission, whatever their roles.
    const permissions =
      member.user.id === guild.ownerId
        ? ALL_PERMISSIONS
        : guildPermissions(guild.roles.values(), member.roles, guild.id);
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
      guild_locale: guild.preferredLocale,
      channel_id: channelId,
      channel: { id: channelId, type: 0, name: 'channel', guild_id: guild.id },
      member: { ...member, permissions: String(permissions) },
      locale: locale ?? 'en-US',
      app_permissions: String(
        guildPermissions(
          guild.roles.values(),
          guild.members.get(this.botUser.id)?.roles ?? [],
          guild.id,
        ),
      ),
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...extra,
    } as unknown as APIInteraction;
    const state: InteractionState = {
      id,
      token,
      createdAt: Date.now(),
      acknowledged: false,
      messages: [],
    };
    this.interactions.set(id, state);
    if (isMessage(extra.message)) this.#sourceMessages.set(id, extra.message);
    this.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return state;
  }

  #foreignMember(userId: string): APIGuildMember {
    const user = this.users.get(userId) ?? userPayload(userId, 'stranger');
    return memberPayload(user, []);
  }

  #findChannel(id: string): APIChannel | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(id);
      if (channel) return channel;
    }
    for (const [userId, channelId] of this.dmChannels) {
      if (channelId === id)
        return { id, type: 1, recipients: [this.users.get(userId)!] } as unknown as APIChannel;
    }
    return undefined;
  }

  #guild(id: string): GuildState {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`stand-in: no guild ${id}`);
    return guild;
  }

  // ---------------------------------------------------------------- REST

  /** Makes matching requests fail the way Discord fails them. */
  fault(fault: Fault): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? Infinity });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** Resolves with the first recorded request (already made or future) that matches. */
  waitForRequest(
    predicate: (r: RecordedRequest) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedRequest> {
    const existing = this.requests.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#events.off('request', listener);
        reject(new Error(`stand-in: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (r: RecordedRequest) => {
        if (!predicate(r)) return;
        clearTimeout(timer);
        this.#events.off('request', listener);
        resolve(r);
      };
      this.#events.on('request', listener);
    });
  }

  #route(method: string, path: string, handler: Handler): void {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:(\w+)/g, (_m, key: string) => {
        keys.push(key);
        return '([^/]+)';
      })}$`,
    );
    this.#routes.push({ method, pattern, keys, handler });
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const rawPath = decodeURIComponent(url.pathname);
    const path = rawPath.replace(/^\/api(\/v\d+)?/, '');
    const { body, files } = parseBody(raw, req.headers['content-type']);
    const auditHeader = req.headers['x-audit-log-reason'];
    const record: RecordedRequest = {
      seq: this.requests.length,
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body,
      files,
      auth: req.headers.authorization,
      auditReason: typeof auditHeader === 'string' ? decodeURIComponent(auditHeader) : undefined,
      at: Date.now(),
      status: 0,
    };
    this.requests.push(record);
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      this.beforeResponse?.(record);
      res.writeHead(
        status,
        payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      );
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
      this.#events.emit('request', record);
    };

    const fault = this.#faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method === record.method) &&
        f.path.test(path) &&
        (f.match === undefined || f.match(record)),
    );
    if (fault && fault.afterHandling !== true) {
      fault.remaining -= 1;
      if (fault.status === 429) {
        const retryAfter = fault.retryAfterSeconds ?? 0.05;
        reply(
          429,
          { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
          { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
        );
      } else {
        reply(fault.status, { message: 'stand-in fault', code: fault.code ?? 0 });
      }
      return;
    }

    const needsAuth = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsAuth && record.auth !== `Bot ${this.token}`) {
      reply(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    for (const route of this.#routes) {
      if (route.method !== record.method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(route.keys.map((key, i) => [key, match[i + 1] ?? '']));
      try {
        const result = await route.handler(record, params);
        if (fault) {
          fault.remaining -= 1;
          if (fault.hangUp === true) {
            record.status = 0;
            res.socket?.destroy();
            this.#events.emit('request', record);
            return;
          }
          reply(fault.status, { message: 'stand-in fault after handling', code: fault.code ?? 0 });
          return;
        }
        reply(result.status, result.body);
      } catch (error) {
        reply(500, { message: `stand-in error: ${(error as Error).message}`, code: 0 });
      }
      return;
    }
    this.unknownRequests.push(record);
    reply(404, { message: `stand-in: unknown route ${record.method} ${path}`, code: 0 });
  }

  #installRoutes(): void {
    this.#route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: `ws://127.0.0.1:${this.#port}/gateway`,
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      },
    }));
    this.#route('GET', '/applications/@me', () => ({
      status: 200,
      body: { id: this.applicationId, name: 'Hearth', bot: this.botUser, flags: 0 },
    }));
    this.#route('GET', '/users/@me', () => ({ status: 200, body: this.botUser }));
    // Deployed commands, per scope (global, or a guild id), with the ids Discord gives them.
    const scope = (params: Record<string, string>) => params.guild ?? 'global';
    const putCommands: Handler = (req, params) => ({
      status: 200,
      body: this.deployCommands(req.body as { name: string }[], params.guild),
    });
    const getCommands: Handler = (_req, params) => ({
      status: 200,
      body: this.deployedCommands.get(scope(params)) ?? [],
    });
    this.#route('PUT', '/applications/:app/commands', putCommands);
    this.#route('GET', '/applications/:app/commands', getCommands);
    this.#route('GET', '/applications/:app/guilds/:guild/commands', getCommands);
    this.#route('PUT', '/applications/:app/guilds/:guild/commands', putCommands);

    this.#route('POST', '/interactions/:id/:token/callback', (req, params) => {
      const state = this.interactions.get(params.id ?? '');
      if (!state || state.token !== params.token)
        return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      if (Date.now() - state.createdAt > this.interactionWindowMs)
        return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      if (state.acknowledged)
        return {
          status: 400,
          body: { message: 'Interaction has already been acknowledged.', code: 40060 },
        };
      const body = (req.body ?? {}) as {
        type: InteractionResponseType;
        data?: Record<string, unknown>;
      };
      const source = this.#sourceMessages.get(state.id) as Record<string, unknown> | undefined;
      // A refused callback acknowledges nothing: the bot may still answer within the 3 s.
      const refused = validateInteractionCallback(body, req.files, this.limits, source);
      if (refused) return this.#refuse(req, refused);
      state.acknowledged = true;
      if (body.type === InteractionResponseType.ChannelMessageWithSource) {
        state.messages.push(this.#storeMessage('interaction', body.data ?? {}));
        this.#originals.set(state.id, body.data ?? {});
      } else if (body.type === InteractionResponseType.DeferredChannelMessageWithSource) {
        this.#originals.set(state.id, {});
      } else if (body.type === InteractionResponseType.UpdateMessage) {
        const updated = mergeEdit(source, body.data ?? {});
        if (updated) this.#originals.set(state.id, updated);
      } else if (body.type === InteractionResponseType.DeferredMessageUpdate && source) {
        this.#originals.set(state.id, source);
      }
      return { status: 204 };
    });
    const webhookMessage =
      (edit: boolean): Handler =>
      (req, params) => {
        const state = [...this.interactions.values()].find((s) => s.token === params.token);
        if (!state) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
        const body = (req.body ?? {}) as Record<string, unknown>;
        const original = params.message === '@original';
        const existing = !edit
          ? undefined
          : original
            ? this.#originals.get(state.id)
            : (state.messages.find((m) => m.id === params.message) as
                Record<string, unknown> | undefined);
        const refused = validateMessage(body, req.files, this.limits, {
          edit,
          ...(existing === undefined ? {} : { existing }),
        });
        if (refused) return this.#refuse(req, refused);
        if (original) {
          const updated = mergeEdit(existing ?? {}, body);
          if (updated) this.#originals.set(state.id, updated);
        }
        const message = this.#storeMessage('interaction', body);
        state.messages.push(message);
        return { status: 200, body: message };
      };
    this.#route('PATCH', '/webhooks/:app/:token/messages/:message', webhookMessage(true));
    this.#route('POST', '/webhooks/:app/:token', webhookMessage(false));
    this.#route('DELETE', '/webhooks/:app/:token/messages/:message', () => ({ status: 204 }));

    this.#route('POST', '/channels/:channel/messages', (req, params) => {
      const channel = this.#findChannel(params.channel ?? '');
      if (!channel) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      const body = (req.body ?? {}) as Record<string, unknown>;
      const uploads =
        req.files.length > 0 || (Array.isArray(body.attachments) && body.attachments.length > 0);
      const denied = this.#botLacks(channel, [
        this.#isThread(channel)
          ? PermissionFlagsBits.SendMessagesInThreads
          : PermissionFlagsBits.SendMessages,
        ...(uploads ? [PermissionFlagsBits.AttachFiles] : []),
      ]);
      if (denied) return this.#refuse(req, denied);
      const refused = validateMessage(body, req.files, this.limits);
      if (refused) return this.#refuse(req, refused);
      // A private thread shows only to its members (and to Manage Threads): Hearth must be in it.
      const privateMembers =
        channel.type === ChannelType.PrivateThread ? this.threadMembers.get(channel.id) : undefined;
      if (
        channel.type === ChannelType.PrivateThread &&
        !(privateMembers?.has(this.botUser.id) ?? false) &&
        this.#botLacks(channel, [PermissionFlagsBits.ManageThreads]) !== undefined
      )
        return this.#refuse(req, MISSING_ACCESS);
      const nonceKey =
        body.enforce_nonce === true &&
        (typeof body.nonce === 'string' || typeof body.nonce === 'number')
          ? `${channel.id}:${body.nonce}`
          : undefined;
      const earlier = nonceKey === undefined ? undefined : this.#nonces.get(nonceKey);
      if (earlier && Date.now() - (this.#nonceAt.get(nonceKey!) ?? 0) <= this.nonceTtlMs)
        return { status: 200, body: earlier };
      const message = this.#storeMessage(channel.id, body);
      // Mentioning someone in a private thread adds them to it, as Discord does (when the
      // mention pings: allowed_mentions decides), if they are in the server.
      if (privateMembers !== undefined)
        for (const userId of this.#pingedUsers(body)) {
          const guildId = (channel as { guild_id?: string }).guild_id ?? '';
          if (this.guilds.get(guildId)?.members.has(userId) === true) privateMembers.add(userId);
        }
      if (nonceKey !== undefined) {
        this.#nonces.set(nonceKey, message);
        this.#nonceAt.set(nonceKey, Date.now());
      }
      return { status: 200, body: message };
    });
    this.#route('POST', '/users/@me/channels', (req) => {
      const recipient = String((req.body as { recipient_id?: string }).recipient_id);
      const user = this.users.get(recipient);
      if (!user) return { status: 400, body: { message: 'Invalid Recipient(s)', code: 50033 } };
      const id = this.dmChannels.get(recipient) ?? snowflake();
      this.dmChannels.set(recipient, id);
      return {
        status: 200,
        body: { id, type: 1, recipients: [user], last_message_id: null, flags: 0 },
      };
    });
    const memberRole =
      (add: boolean): Handler =>
      (req, params) => {
        const guild = this.guilds.get(params.guild ?? '');
        if (!guild) return { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
        if (!guild.roles.has(params.role ?? ''))
          return { status: 404, body: { message: 'Unknown Role', code: 10011 } };
        const member = guild.members.get(params.user ?? '');
        if (!member) return { status: 404, body: { message: 'Unknown Member', code: 10007 } };
        const denied = this.#cannotManageRole(guild, params.role!);
        if (denied) return this.#refuse(req, denied);
        const roles = new Set(member.roles);
        if (add) roles.add(params.role!);
        else roles.delete(params.role!);
        member.roles = [...roles];
        return { status: 204 };
      };
    this.#route('PUT', '/guilds/:guild/members/:user/roles/:role', memberRole(true));
    this.#route('DELETE', '/guilds/:guild/members/:user/roles/:role', memberRole(false));
    // ---- guild scheduled events (the server's Events)
    const scheduledDenied = (guildId: string, creatorId?: string | null): Refusal | undefined => {
      const guild = this.guilds.get(guildId);
      if (!guild) return undefined;
      const bits = guildPermissions(
        guild.roles.values(),
        guild.members.get(this.botUser.id)?.roles ?? [],
        guild.id,
      );
      // Create Events: make events, and edit or delete one's own; Manage Events: anyone's.
      const own = creatorId === undefined || creatorId === this.botUser.id;
      const allowed = own
        ? PermissionFlagsBits.CreateEvents | PermissionFlagsBits.ManageEvents
        : PermissionFlagsBits.ManageEvents;
      return (bits & allowed) === 0n ? MISSING_PERMISSIONS : undefined;
    };
    const UNKNOWN_GUILD = { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
    const UNKNOWN_EVENT = {
      status: 404,
      body: { message: 'Unknown Guild Scheduled Event', code: 10070 },
    };
    const channelType = (guildId: string) => (id: string) =>
      this.guilds.get(guildId)?.channels.get(id)?.type;
    const scheduledOf = (guildId: string, id: string) => {
      const found = this.scheduledEvents.get(id);
      return found?.guild_id === guildId ? found : undefined;
    };
    this.#route('GET', '/guilds/:guild/scheduled-events', (_req, params) => {
      if (!this.guilds.has(params.guild ?? '')) return UNKNOWN_GUILD;
      return {
        status: 200,
        body: [...this.scheduledEvents.values()].filter((e) => e.guild_id === params.guild),
      };
    });
    this.#route('GET', '/guilds/:guild/scheduled-events/:event', (_req, params) => {
      if (!this.guilds.has(params.guild ?? '')) return UNKNOWN_GUILD;
      const found = scheduledOf(params.guild ?? '', params.event ?? '');
      return found === undefined ? UNKNOWN_EVENT : { status: 200, body: found };
    });
    this.#route('POST', '/guilds/:guild/scheduled-events', (req, params) => {
      const guildId = params.guild ?? '';
      if (!this.guilds.has(guildId)) return UNKNOWN_GUILD;
      const denied = scheduledDenied(guildId);
      if (denied) return this.#refuse(req, denied);
      const refused = validateScheduledEvent(req.body, {
        now: this.now(),
        channelType: channelType(guildId),
      });
      if (refused) return this.#refuse(req, refused);
      const body = req.body as Record<string, unknown>;
      const made = {
        id: snowflake(),
        guild_id: guildId,
        channel_id: (body.channel_id as string | null | undefined) ?? null,
        creator_id: this.botUser.id,
        creator: this.botUser,
        name: String(body.name),
        description: (body.description as string | null | undefined) ?? null,
        scheduled_start_time: String(body.scheduled_start_time),
        scheduled_end_time: (body.scheduled_end_time as string | null | undefined) ?? null,
        privacy_level: body.privacy_level,
        status: 1,
        entity_type: body.entity_type,
        entity_id: null,
        entity_metadata: (body.entity_metadata as { location?: string } | null | undefined) ?? null,
        user_count: 0,
        image: null,
      } as APIGuildScheduledEvent;
      this.scheduledEvents.set(made.id, made);
      return { status: 200, body: made };
    });
    this.#route('PATCH', '/guilds/:guild/scheduled-events/:event', (req, params) => {
      const guildId = params.guild ?? '';
      if (!this.guilds.has(guildId)) return UNKNOWN_GUILD;
      const found = scheduledOf(guildId, params.event ?? '');
      if (found === undefined) return UNKNOWN_EVENT;
      const denied = scheduledDenied(guildId, found.creator_id);
      if (denied) return this.#refuse(req, denied);
      const refused = validateScheduledEvent(req.body, {
        now: this.now(),
        channelType: channelType(guildId),
        existing: found as unknown as Record<string, unknown>,
      });
      if (refused) return this.#refuse(req, refused);
      const edited = { ...found, ...(req.body as object) } as APIGuildScheduledEvent;
      this.scheduledEvents.set(found.id, edited);
      return { status: 200, body: edited };
    });
    this.#route('DELETE', '/guilds/:guild/scheduled-events/:event', (req, params) => {
      const guildId = params.guild ?? '';
      if (!this.guilds.has(guildId)) return UNKNOWN_GUILD;
      const found = scheduledOf(guildId, params.event ?? '');
      if (found === undefined) return UNKNOWN_EVENT;
      const denied = scheduledDenied(guildId, found.creator_id);
      if (denied) return this.#refuse(req, denied);
      this.scheduledEvents.delete(found.id);
      return { status: 204 };
    });
    this.#route('GET', '/guilds/:guild/roles', (_req, params) => {
      const guild = this.guilds.get(params.guild ?? '');
      return guild
        ? { status: 200, body: [...guild.roles.values()] }
        : { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
    });
    this.#route('GET', '/guilds/:guild', (_req, params) => {
      const guild = this.guilds.get(params.guild ?? '');
      return guild
        ? {
            status: 200,
            body: {
              id: guild.id,
              name: guild.name,
              owner_id: guild.ownerId,
              preferred_locale: guild.preferredLocale,
            },
          }
        : { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
    });
    this.#route('GET', '/guilds/:guild/members/:user', (_req, params) => {
      const member = this.guilds.get(params.guild ?? '')?.members.get(params.user ?? '');
      return member
        ? { status: 200, body: member }
        : { status: 404, body: { message: 'Unknown Member', code: 10007 } };
    });
    this.#route('GET', '/guilds/:guild/members', (req, params) => {
      const guild = this.guilds.get(params.guild ?? '');
      if (!guild) return { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
      const limit = Math.min(Number(req.query.get('limit') ?? 1), 1000);
      const after = BigInt(req.query.get('after') ?? '0');
      const members = [...guild.members.values()]
        .filter((m) => BigInt(m.user.id) > after)
        .sort((x, y) => (BigInt(x.user.id) < BigInt(y.user.id) ? -1 : 1));
      return { status: 200, body: members.slice(0, limit) };
    });
    this.#route('GET', '/channels/:channel/messages', (req, params) => {
      if (!this.#findChannel(params.channel ?? ''))
        return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      const limit = Math.min(Number(req.query.get('limit') ?? 50), 100);
      const newestFirst = [...(this.messages.get(params.channel ?? '') ?? [])]
        .reverse()
        .slice(0, limit);
      return { status: 200, body: newestFirst.map((m) => this.#withThread(m)) };
    });
    this.#route('PATCH', '/channels/:channel/messages/:message', (req, params) => {
      const channel = this.#findChannel(params.channel ?? '');
      if (!channel) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      const denied = this.#botLacks(channel, []);
      if (denied) return this.#refuse(req, denied);
      const list = this.messages.get(params.channel ?? '') ?? [];
      const index = list.findIndex((m) => m.id === params.message);
      if (index === -1) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      const body = (req.body ?? {}) as Record<string, unknown>;
      const refused = validateMessage(body, req.files, this.limits, {
        edit: true,
        existing: list[index] as unknown as Record<string, unknown>,
      });
      if (refused) return this.#refuse(req, refused);
      const edited = {
        ...list[index]!,
        ...(typeof body.content === 'string' ? { content: body.content } : {}),
        ...(Array.isArray(body.embeds) ? { embeds: body.embeds as APIMessage['embeds'] } : {}),
        ...(Array.isArray(body.components)
          ? { components: body.components as NonNullable<APIMessage['components']> }
          : {}),
        edited_timestamp: new Date().toISOString(),
      } as APIMessage;
      list[index] = edited;
      return { status: 200, body: edited };
    });
    this.#route('GET', '/channels/:channel/messages/:message', (_req, params) => {
      const message = (this.messages.get(params.channel ?? '') ?? []).find(
        (m) => m.id === params.message,
      );
      return message
        ? { status: 200, body: this.#withThread(message) }
        : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    });
    this.#route('POST', '/channels/:channel/messages/:message/threads', (req, params) => {
      const channel = this.#findChannel(params.channel ?? '');
      if (!channel) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      const message = (this.messages.get(channel.id) ?? []).find((m) => m.id === params.message);
      if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      const denied = this.#botLacks(channel, [PermissionFlagsBits.CreatePublicThreads]);
      if (denied) return this.#refuse(req, denied);
      const refused = validateThreadFromMessage(req.body);
      if (refused) return this.#refuse(req, refused);
      if (this.threadsByMessage.has(message.id))
        return {
          status: 400,
          body: { message: 'A thread has already been created for this message', code: 160004 },
        };
      // Discord gives a thread started from a message the message's id.
      const thread = {
        id: message.id,
        type: 11,
        guild_id: (channel as { guild_id?: string }).guild_id,
        parent_id: channel.id,
        name:
          typeof (req.body as { name?: unknown }).name === 'string'
            ? (req.body as { name: string }).name
            : '',
        owner_id: this.botUser.id,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 1440,
          locked: false,
          archive_timestamp: new Date().toISOString(),
        },
        message_count: 0,
        member_count: 1,
        flags: 0,
      };
      this.threadsByMessage.set(message.id, thread.id);
      return { status: 201, body: thread };
    });
    this.#route('POST', '/channels/:channel/threads', (req, params) => {
      const forum = this.#findChannel(params.channel ?? '');
      if (!forum) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      const body = (req.body ?? {}) as { name?: unknown; message?: Record<string, unknown> };
      if (forum.type !== ChannelType.GuildForum) return this.#threadWithoutMessage(req, forum);
      // A forum post: a thread with its starter message, both with one id.
      if (typeof body.message !== 'object' || body.message === null) {
        return this.#refuse(req, {
          status: 400,
          body: {
            code: 50035,
            message: 'Invalid Form Body',
            errors: {
              message: {
                _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }],
              },
            },
          },
        });
      }
      const uploads =
        req.files.length > 0 ||
        (Array.isArray(body.message.attachments) && body.message.attachments.length > 0);
      const denied = this.#botLacks(forum, [
        PermissionFlagsBits.SendMessages,
        ...(uploads ? [PermissionFlagsBits.AttachFiles] : []),
      ]);
      if (denied) return this.#refuse(req, denied);
      const refused = validateForumPost(body, req.files, this.limits);
      if (refused) return this.#refuse(req, refused);
      const guildId = (forum as { guild_id: string }).guild_id;
      const id = snowflake();
      const thread = {
        id,
        type: ChannelType.PublicThread,
        guild_id: guildId,
        parent_id: forum.id,
        name: typeof body.name === 'string' ? body.name : '',
        owner_id: this.botUser.id,
        last_message_id: id,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 1440,
          locked: false,
          archive_timestamp: new Date().toISOString(),
        },
        message_count: 0,
        member_count: 1,
        flags: 0,
      } as unknown as APIChannel;
      this.#guild(guildId).channels.set(id, thread);
      const message = this.#storeMessage(id, body.message, id);
      return { status: 201, body: { ...thread, message } };
    });
    this.#route('GET', '/guilds/:guild/threads/active', (_req, params) => {
      const guild = this.guilds.get(params.guild ?? '');
      if (!guild) return { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
      const threads = [...guild.channels.values()].filter(
        (c) =>
          (c.type === ChannelType.PublicThread ||
            (c.type === ChannelType.PrivateThread &&
              this.threadMembers.get(c.id)?.has(this.botUser.id) === true)) &&
          !(c as { thread_metadata?: { archived: boolean } }).thread_metadata?.archived,
      );
      return { status: 200, body: { threads, members: [] } };
    });
    this.#route('PUT', '/channels/:channel/thread-members/:user', (req, params) => {
      const thread = this.#findChannel(params.channel ?? '');
      if (!thread) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (!this.#isThread(thread))
        return this.#refuse(req, {
          status: 400,
          body: { message: 'Cannot execute action on this channel type', code: 50024 },
        });
      // Adding someone takes being able to send in the thread, and, in a private one, being in it.
      const denied = this.#botLacks(thread, [PermissionFlagsBits.SendMessagesInThreads]);
      if (denied) return this.#refuse(req, denied);
      const members = this.threadMembers.get(thread.id) ?? new Set<string>();
      this.threadMembers.set(thread.id, members);
      if (thread.type === ChannelType.PrivateThread && !members.has(this.botUser.id))
        return this.#refuse(req, MISSING_ACCESS);
      if ((thread as { thread_metadata?: { archived?: boolean } }).thread_metadata?.archived)
        return this.#refuse(req, {
          status: 400,
          body: { message: 'Thread is archived', code: 50083 },
        });
      const guildId = (thread as { guild_id?: string }).guild_id ?? '';
      // Someone who left the server: Discord's answer, not a refusal of a bad request.
      if (this.guilds.get(guildId)?.members.has(params.user ?? '') !== true)
        return { status: 404, body: { message: 'Unknown Member', code: 10007 } };
      if (members.has(params.user ?? '')) return { status: 204 };
      if (members.size >= this.threadMemberCap)
        return this.#refuse(req, {
          status: 400,
          body: { message: 'Maximum number of thread participants reached', code: 30033 },
        });
      members.add(params.user ?? '');
      (thread as { member_count?: number }).member_count = members.size;
      return { status: 204 };
    });
    this.#route('GET', '/channels/:channel/thread-members', (_req, params) => {
      const thread = this.#findChannel(params.channel ?? '');
      if (!thread) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      const members = [...(this.threadMembers.get(thread.id) ?? [])].map((id) => ({
        id: thread.id,
        user_id: id,
        join_timestamp: new Date().toISOString(),
        flags: 0,
      }));
      return { status: 200, body: members };
    });
    this.#route('GET', '/channels/:channel', (_req, params) => {
      const channel = this.#findChannel(params.channel ?? '');
      return channel
        ? { status: 200, body: channel }
        : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    });
  }

  /**
   * Start Thread without Message: in a text channel, a public (11) or private (12) thread; in an
   * announcement channel, an announcement (10) or public thread (private ones do not exist
   * there). Private threads need Create Private Threads, public ones Create Public Threads; the
   * creator is the thread's first member.
   */
  #threadWithoutMessage(
    req: RecordedRequest,
    parent: APIChannel,
  ): { status: number; body: unknown } {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const invalid = (field: string, code: string, message: string) =>
      this.#refuse(req, {
        status: 400,
        body: {
          code: 50035,
          message: 'Invalid Form Body',
          errors: { [field]: { _errors: [{ code, message }] } },
        },
      });
    if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement)
      return this.#refuse(req, {
        status: 400,
        body: { message: 'Cannot execute action on this channel type', code: 50024 },
      });
    const type = body.type;
    const allowed =
      parent.type === ChannelType.GuildText
        ? [ChannelType.PublicThread, ChannelType.PrivateThread]
        : [ChannelType.AnnouncementThread, ChannelType.PublicThread];
    if (type === undefined) return invalid('type', 'BASE_TYPE_REQUIRED', 'This field is required');
    if (typeof type !== 'number' || !(allowed as number[]).includes(type))
      return invalid('type', 'BASE_TYPE_CHOICES', `Value must be one of ${allowed.join(', ')}.`);
    if (body.invitable !== undefined && typeof body.invitable !== 'boolean')
      return invalid('invitable', 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    if (
      body.auto_archive_duration !== undefined &&
      ![60, 1440, 4320, 10080].includes(body.auto_archive_duration as number)
    )
      return invalid(
        'auto_archive_duration',
        'BASE_TYPE_CHOICES',
        'Value must be one of 60, 1440, 4320, 10080.',
      );
    const refused = validateThreadFromMessage(body);
    if (refused) return this.#refuse(req, refused);
    const isPrivate = type === (ChannelType.PrivateThread as number);
    const denied = this.#botLacks(parent, [
      isPrivate
        ? PermissionFlagsBits.CreatePrivateThreads
        : PermissionFlagsBits.CreatePublicThreads,
    ]);
    if (denied) return this.#refuse(req, denied);
    const guildId = (parent as { guild_id: string }).guild_id;
    const id = snowflake();
    const thread = {
      id,
      type,
      guild_id: guildId,
      parent_id: parent.id,
      name: typeof body.name === 'string' ? body.name : '',
      owner_id: this.botUser.id,
      last_message_id: null,
      thread_metadata: {
        archived: false,
        auto_archive_duration: (body.auto_archive_duration as number | undefined) ?? 4320,
        locked: false,
        archive_timestamp: new Date().toISOString(),
        ...(isPrivate ? { invitable: body.invitable !== false } : {}),
      },
      message_count: 0,
      member_count: 1,
      flags: 0,
    } as unknown as APIChannel;
    this.#guild(guildId).channels.set(id, thread);
    this.threadMembers.set(id, new Set([this.botUser.id]));
    return { status: 201, body: thread };
  }

  /** The users a message would ping: its user mentions, as allowed_mentions lets them through. */
  #pingedUsers(body: Record<string, unknown>): string[] {
    const content = typeof body.content === 'string' ? body.content : '';
    const mentioned = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
    const allowed = body.allowed_mentions as { parse?: string[]; users?: string[] } | undefined;
    if (allowed === undefined || allowed.parse?.includes('users') === true) return mentioned;
    return mentioned.filter((id) => allowed.users?.includes(id) === true);
  }

  /** Records a refusal and answers it as Discord does. */
  #refuse(req: RecordedRequest, refusal: Refusal): { status: number; body: unknown } {
    this.refusals.push({
      method: req.method,
      path: req.path,
      status: refusal.status,
      code: refusal.body.code,
      message: refusal.body.message,
      errors: refusal.body.errors ?? {},
    });
    return { status: refusal.status, body: refusal.body };
  }

  #isThread(channel: APIChannel): boolean {
    return (
      channel.type === ChannelType.PublicThread ||
      channel.type === ChannelType.PrivateThread ||
      channel.type === ChannelType.AnnouncementThread
    );
  }

  /**
   * Whether the bot may act in a guild channel: 50001 without View Channel, 50013 without one of
   * `needed`. A thread takes its permissions from its parent. DMs are not checked here.
   */
  #botLacks(channel: APIChannel, needed: readonly bigint[]): Refusal | undefined {
    const guildId = (channel as { guild_id?: string }).guild_id;
    const guild = guildId === undefined ? undefined : this.guilds.get(guildId);
    if (!guild) return undefined;
    const parentId = (channel as { parent_id?: string | null }).parent_id;
    const source =
      this.#isThread(channel) && parentId ? (guild.channels.get(parentId) ?? channel) : channel;
    const overwrites =
      (source as { permission_overwrites?: APIOverwrite[] }).permission_overwrites ?? [];
    const bot = guild.members.get(this.botUser.id);
    const permissions = channelPermissions(
      guild.roles.values(),
      bot?.roles ?? [],
      guild.id,
      this.botUser.id,
      overwrites,
    );
    if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return MISSING_ACCESS;
    return needed.every((bit) => (permissions & bit) !== 0n) ? undefined : MISSING_PERMISSIONS;
  }

  /**
   * Discord's rule for granting or removing a role: the bot needs Manage Roles (or Administrator),
   * and the role must sit strictly below the bot's highest role and be neither @everyone nor managed.
   */
  #cannotManageRole(guild: GuildState, roleId: string): Refusal | undefined {
    const role = guild.roles.get(roleId);
    const botRoles = guild.members.get(this.botUser.id)?.roles ?? [];
    const permissions = guildPermissions(guild.roles.values(), botRoles, guild.id);
    if (
      (permissions & (PermissionFlagsBits.ManageRoles | PermissionFlagsBits.Administrator)) ===
      0n
    )
      return MISSING_PERMISSIONS;
    if (!role || role.id === guild.id || role.managed) return MISSING_PERMISSIONS;
    const highest = Math.max(0, ...botRoles.map((id) => guild.roles.get(id)?.position ?? 0));
    return role.position >= highest ? MISSING_PERMISSIONS : undefined;
  }

  /**
   * Whether a member could grant `roleId` by hand in Discord's own client: the owner always;
   * otherwise Administrator, or Manage Roles with a highest role strictly above the role (equal
   * positions: the older role, with the smaller id, is higher). Never @everyone or a managed role.
   * Tests use it as the reference for what Hearth may grant on someone's say-so.
   */
  canGrantByHand(guildId: string, userId: string, roleId: string): boolean {
    const guild = this.#guild(guildId);
    const role = guild.roles.get(roleId);
    if (!role || role.id === guild.id || role.managed) return false;
    if (guild.ownerId === userId) return true;
    const held = guild.members.get(userId)?.roles ?? [];
    const permissions = guildPermissions(guild.roles.values(), held, guild.id);
    if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return true;
    if ((permissions & PermissionFlagsBits.ManageRoles) === 0n) return false;
    const ordered = [...guild.roles.values()].sort((x, y) =>
      x.position !== y.position ? y.position - x.position : BigInt(x.id) < BigInt(y.id) ? -1 : 1,
    );
    const rank = (id: string) => ordered.findIndex((r) => r.id === id);
    const highest = Math.min(rank(guild.id), ...held.map(rank).filter((i) => i >= 0));
    return highest < rank(role.id);
  }

  #withThread(message: APIMessage): APIMessage {
    const threadId = this.threadsByMessage.get(message.id);
    return threadId === undefined
      ? message
      : ({
          ...message,
          thread: { id: threadId, type: 11, parent_id: message.channel_id },
        } as unknown as APIMessage);
  }

  #storeMessage(channelId: string, body: Record<string, unknown>, id = snowflake()): APIMessage {
    const message = messagePayload({
      id,
      channel_id: channelId,
      author: this.botUser,
      ...(typeof body.content === 'string' ? { content: body.content } : {}),
      ...(Array.isArray(body.embeds) ? { embeds: body.embeds as APIMessage['embeds'] } : {}),
      ...(Array.isArray(body.components)
        ? { components: body.components as NonNullable<APIMessage['components']> as never }
        : {}),
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...(typeof body.nonce === 'string' || typeof body.nonce === 'number'
        ? { nonce: body.nonce }
        : {}),
    });
    const list = this.messages.get(channelId) ?? [];
    list.push(message);
    this.messages.set(channelId, list);
    return message;
  }
}

function isMessage(value: unknown): value is APIMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

/** True when a message (or interaction reply) is visible only to the member. */
export function isEphemeral(data: { flags?: unknown } | undefined): boolean {
  return typeof data?.flags === 'number' && (data.flags & MessageFlags.Ephemeral) !== 0;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): { body: unknown; files: RecordedRequest['files'] } {
  if (raw.length === 0) return { body: undefined, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!contentType?.startsWith('multipart/form-data') || !boundary) {
    return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  }
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const files: { name: string; filename: string; content: Buffer }[] = [];
  let body: unknown;
  const text = raw.toString('latin1');
  for (const part of text.split(delimiter)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const content = Buffer.from(
      part.slice(headerEnd + 4, part.endsWith('\r\n') ? -2 : undefined),
      'latin1',
    );
    const name = /name="([^"]+)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]+)"/.exec(headers)?.[1];
    if (name === 'payload_json') body = JSON.parse(content.toString('utf8')) as unknown;
    else if (filename !== undefined) files.push({ name, filename, content });
  }
  return { body, files };
}
