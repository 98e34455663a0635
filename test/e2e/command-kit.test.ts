/**
 * The command kit end to end: a test-only command defined with `defineCommand`, run through the
 * stand-in and a real discord.js client, gets its options read once into the typed shape, its
 * subcommand dispatched from the handler map, and its autocomplete dispatched by focused option.
 */
import { describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord-api-types/v10';
import { ChannelType } from 'discord.js';
import { commands, components } from '../../src/features/index.js';
import {
  localizedChoices,
  managerCommand,
  option,
  subcommand,
  type ArgumentsOf,
} from '../../src/core/command-options.js';
import { defineCommand } from '../../src/core/handlers.js';
import { e2eSuite } from '../helpers/suite.js';

const definition = {
  ...managerCommand('kit', { description: 'cmd.poll.description' }),
  options: [
    subcommand('create', 'cmd.poll.create', [
      option.string('kind', 'cmd.opt.kind', {
        required: true,
        choices: localizedChoices(['single', 'multi'], (kind) => `polls.kind.${kind}`),
      }),
      option.integer('count', 'cmd.opt.count', { required: true }),
      option.number('position', 'cmd.opt.position'),
      option.boolean('hide', 'cmd.privacy.hide'),
      option.user('member', 'cmd.opt.member'),
      option.role('role', 'cmd.opt.role'),
      option.channel('channel', 'cmd.opt.channel', { channel_types: [ChannelType.GuildText] }),
    ]),
    subcommand('list', 'cmd.prompt.list', [
      option.integer('schedule', 'cmd.opt.schedule', { autocomplete: true }),
      option.string('days', 'cmd.opt.days', { autocomplete: true }),
    ]),
  ],
} as const;

type Args = ArgumentsOf<typeof definition>;
const received: { create: Args['create'][]; list: Args['list'][] } = { create: [], list: [] };
const suggested: { typed: string; soFar: unknown }[] = [];

const kit = defineCommand(definition, {
  audience: 'everyone',
  defer: 'ephemeral',
  subcommands: {
    async create(ctx, args) {
      received.create.push(args);
      await ctx.reply({ content: `created ${args.kind} ×${args.count}` });
    },
    async list(ctx, args) {
      received.list.push(args);
      await ctx.reply({ content: 'listed' });
    },
  },
  autocomplete: {
    days: (_ctx, typed, soFar) => {
      suggested.push({ typed, soFar });
      return Promise.resolve([{ name: `${typed}!`, value: `${typed}!` }]);
    },
    schedule: (_ctx, typed) => Promise.resolve([{ name: typed, value: Number(typed) + 1 }]),
  },
});

const s = e2eSuite({ bot: { commands: [...commands, kit], components } });

describe('a command defined with the kit', () => {
  it('reads every option once into its typed shape and calls the subcommand’s handler', async () => {
    const run = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'kit',
      subcommand: 'create',
      options: {
        kind: 'multi',
        count: 3,
        position: 2.5,
        hide: false,
        member: { user: s.a.member.id },
        role: { role: s.a.memberRole },
        channel: { channel: s.a.announcements },
      },
    });
    expect((await s.standIn.answer(run)).content).toBe('created multi ×3');
    const args = received.create.at(-1)!;
    expect(Object.keys(args).sort()).toEqual(
      ['channel', 'count', 'hide', 'kind', 'member', 'position', 'role'].sort(),
    );
    expect(args).toMatchObject({ kind: 'multi', count: 3, position: 2.5, hide: false });
    expect(args.member?.id).toBe(s.a.member.id);
    expect(args.role?.id).toBe(s.a.memberRole);
    expect(args.channel?.id).toBe(s.a.announcements);
  });

  it('leaves out optional options the member did not give', async () => {
    const run = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'kit',
      subcommand: 'create',
      options: { kind: 'single', count: 1 },
    });
    expect((await s.standIn.answer(run)).content).toBe('created single ×1');
    expect(received.create.at(-1)).toEqual({ kind: 'single', count: 1 });
  });

  it('refuses a value outside the fixed choices before any handler runs', async () => {
    const before = received.create.length;
    const run = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'kit',
      subcommand: 'create',
      options: { kind: 'constructor', count: 1 },
    });
    expect((await s.standIn.answer(run)).content).toMatch(/not one Hearth can use in this server/);
    expect(received.create).toHaveLength(before);
    expect(s.bot.logs.errors).toEqual([]);
  });

  it('answers a subcommand the definition no longer has (a stale deploy) without a bug', async () => {
    const run = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'kit',
      subcommand: 'gone',
    });
    expect((await s.standIn.answer(run)).content).toMatch(/no longer works/);
    expect(s.bot.logs.errors).toEqual([]);
  });

  it('dispatches autocomplete by the focused option, with what was typed in the others', async () => {
    const days = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'kit',
      subcommand: 'list',
      options: { schedule: 7, days: 'mo' },
      focused: 'days',
    });
    const callback = await s.standIn.callback(days);
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(callback.data?.choices).toEqual([{ name: 'mo!', value: 'mo!' }]);
    expect(suggested.at(-1)).toEqual({ typed: 'mo', soFar: { schedule: 7 } });

    const schedule = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'kit',
      subcommand: 'list',
      options: { schedule: 41 },
      focused: 'schedule',
    });
    expect((await s.standIn.callback(schedule)).data?.choices).toEqual([{ name: '41', value: 42 }]);
    expect(received.list).toHaveLength(0);
  });
});
