/**
 * The command kit's types. `tsc --noEmit` (part of `.ci/run` and of landing) checks this file:
 * each `@ts-expect-error` line must fail to typecheck, or the typecheck itself fails. So these
 * tests prove that a renamed option, a missing subcommand handler or a literal that drifts from
 * its message key are compile errors, not runtime surprises.
 */
import { ApplicationCommandOptionType, ChannelType, type User } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  localizedChoices,
  managerCommand,
  named,
  option,
  subcommand,
  type ArgumentsOf,
  type AutocompleteName,
  type ChannelArg,
  type RoleArg,
} from '../../src/core/command-options.js';
import { defineCommand, type CommandContext } from '../../src/core/handlers.js';
import '../../src/features/index.js';

const definition = {
  ...managerCommand('seats', 'cmd.seats'),
  options: [
    subcommand('cap', 'cmd.seats.cap', [
      option.integer('count', 'cmd.opt.count', { required: true, min_value: 1 }),
    ]),
    subcommand('move', 'cmd.seats.move', [
      option.user('member', 'cmd.opt.member', { required: true }),
      option.integer('position', 'cmd.opt.position', { required: true }),
    ]),
    subcommand('confirm', 'cmd.seats.confirm', [
      option.integer('hours', 'cmd.opt.hours', { required: true }),
      option.boolean('keep_place', 'cmd.opt.keepPlace'),
    ]),
    subcommand('summary', 'cmd.seats.summary'),
  ],
} as const;

const withChoices = {
  ...managerCommand('poll', 'cmd.poll'),
  options: [
    subcommand('close', 'cmd.poll.close', [
      option.integer('poll', 'cmd.opt.poll', { required: true, autocomplete: true }),
    ]),
    subcommand('template', 'cmd.poll.template', [
      option.channel(
        'channel',
        { name: 'cmd.opt.channel.name', description: 'cmd.opt.pollChannel.description' },
        { required: true, channel_types: [ChannelType.GuildText] },
      ),
      option.string('template', 'cmd.opt.template', {
        required: true,
        choices: localizedChoices(['product', 'nps'], (value) => `polls.template.${value}`),
      }),
      option.role('audience', 'cmd.opt.audience'),
      option.integer(
        'hours',
        { name: 'cmd.opt.hours.name', description: 'cmd.opt.hours.description' },
        {
          choices: [
            { name: 'one', value: 1 },
            { name: 'two', value: 2 },
          ],
        },
      ),
    ]),
  ],
} as const;

const noop = () => Promise.resolve();

describe('ArgumentsOf', () => {
  it('maps each subcommand to its options, required ones present, optional ones optional', () => {
    type Args = ArgumentsOf<typeof definition>;
    expectTypeOf<keyof Args>().toEqualTypeOf<'cap' | 'move' | 'confirm' | 'summary'>();
    expectTypeOf<Args['cap']>().toEqualTypeOf<{ readonly count: number }>();
    expectTypeOf<Args['move']>().toEqualTypeOf<{
      readonly member: User;
      readonly position: number;
    }>();
    expectTypeOf<Args['confirm']>().toEqualTypeOf<{
      readonly hours: number;
      readonly keep_place?: boolean;
    }>();
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no options
    expectTypeOf<Args['summary']>().toEqualTypeOf<{}>();
  });

  it('narrows fixed choices to their values, and types channels and roles', () => {
    type Args = ArgumentsOf<typeof withChoices>['template'];
    expectTypeOf<Args['template']>().toEqualTypeOf<'product' | 'nps'>();
    expectTypeOf<Args['channel']>().toEqualTypeOf<ChannelArg>();
    expectTypeOf<Args['audience']>().toEqualTypeOf<RoleArg | undefined>();
    expectTypeOf<Args['hours']>().toEqualTypeOf<1 | 2 | undefined>();
    expectTypeOf<AutocompleteName<typeof withChoices>>().toEqualTypeOf<'poll'>();
  });

  it('gives an option written without extras none (not every extra its type allows)', () => {
    const plain = {
      name: 'x',
      options: [
        subcommand('list', 'cmd.prompt.list', [option.number('position', 'cmd.opt.position')]),
      ],
    } as const;
    expectTypeOf<AutocompleteName<typeof plain>>().toEqualTypeOf<never>();
    expectTypeOf<ArgumentsOf<typeof plain>['list']>().toEqualTypeOf<{
      readonly position?: number;
    }>();
    expect(Object.keys(plain.options[0].options[0])).not.toContain('autocomplete');
  });

  it('types a command without subcommands by its own options', () => {
    const privacy = {
      ...named('privacy', 'cmd.privacy'),
      options: [option.boolean('hide', 'cmd.privacy.hide', { required: true })],
    } as const;
    expectTypeOf<ArgumentsOf<typeof privacy>>().toEqualTypeOf<{ readonly hide: boolean }>();
    expect(privacy.options[0].name).toBe('hide');
  });
});

describe('what fails the typecheck', () => {
  it('refuses an option name whose message key says otherwise', () => {
    // The English text of cmd.opt.count.name is "count": the literal and the key must agree.
    // @ts-expect-error -- "amount" is not what cmd.opt.count.name localizes
    option.integer('amount', 'cmd.opt.count');
    // @ts-expect-error -- a stem whose .name is "count" but the option is "hours"
    subcommand('hours', 'cmd.opt.count');
    expect(option.integer('count', 'cmd.opt.count').name).toBe('count');
  });

  it('refuses a handler that reads an option the definition does not have', () => {
    const command = defineCommand(definition, {
      audience: 'managers',
      defer: 'ephemeral',
      subcommands: {
        cap: (_ctx: CommandContext, args) => {
          // @ts-expect-error -- renamed in the definition: "count" exists, "cap" does not
          void args.cap;
          expectTypeOf(args.count).toEqualTypeOf<number>();
          return Promise.resolve();
        },
        move: noop,
        confirm: (_ctx, args) => {
          // @ts-expect-error -- optional options may be absent
          const keep: boolean = args.keep_place;
          void keep;
          return Promise.resolve();
        },
        summary: noop,
      },
    });
    expect(command.data.name).toBe('seats');
  });

  it('refuses a missing subcommand handler, an unknown one, and a missing autocomplete handler', () => {
    // Each is also refused when the module loads, for a cast that hides it from the typecheck.
    expect(() =>
      defineCommand(definition, {
        audience: 'managers',
        defer: 'ephemeral',
        // @ts-expect-error -- no handler for "summary"
        subcommands: { cap: noop, move: noop, confirm: noop },
      }),
    ).toThrow(/handlers do not match its subcommands/);
    expect(() =>
      defineCommand(definition, {
        audience: 'managers',
        defer: 'ephemeral',
        // @ts-expect-error -- "uncap" is not a subcommand of this definition
        subcommands: { cap: noop, move: noop, confirm: noop, summary: noop, uncap: noop },
      }),
    ).toThrow(/handlers do not match its subcommands/);
    expect(() =>
      // @ts-expect-error -- "poll" asks for autocomplete, so it needs a handler
      defineCommand(withChoices, {
        audience: 'managers',
        defer: 'ephemeral',
        subcommands: { close: noop, template: noop },
      }),
    ).toThrow(/autocomplete handlers do not match its options/);
    defineCommand(withChoices, {
      audience: 'managers',
      defer: 'ephemeral',
      subcommands: { close: noop, template: noop },
      autocomplete: {
        // An integer option suggests numbers.
        // @ts-expect-error -- a string value for an integer option
        poll: () => Promise.resolve([{ name: 'one', value: '1' }]),
      },
    });
  });

  it('refuses a focused option name that does not ask for autocomplete', () => {
    expect(() =>
      defineCommand(withChoices, {
        audience: 'managers',
        defer: 'ephemeral',
        subcommands: { close: noop, template: noop },
        autocomplete: {
          poll: () => Promise.resolve([]),
          // @ts-expect-error -- "template" has fixed choices, not autocomplete
          template: () => Promise.resolve([]),
        },
      }),
    ).toThrow(/autocomplete handlers do not match its options/);
  });
});

describe('the JSON', () => {
  it('is the API JSON, in the order Discord has always received it', () => {
    expect(JSON.stringify(option.integer('count', 'cmd.opt.count', { required: true }))).toBe(
      JSON.stringify({
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        name_localizations: { it: 'numero' },
        description: option.integer('count', 'cmd.opt.count').description,
        description_localizations: option.integer('count', 'cmd.opt.count')
          .description_localizations,
        required: true,
      }),
    );
    expect(subcommand('summary', 'cmd.seats.summary').options).toEqual([]);
  });
});
