import { ComponentType, type InteractionReplyOptions } from 'discord.js';
import type { Translate } from '../src/features/guilds/messages.js';
// Registers the strings the definition below reads.
import '../src/features/guilds/messages.js';
import { guildOnly, named } from '../src/core/command-options.js';
import { component, defineCommand } from '../src/core/handlers.js';
import { UserError } from '../src/core/errors.js';
import { guildRoutes } from '../src/features/guilds/routes.js';

const TOPICS = ['start', 'members', 'managers', 'privacy'] as const;
type Topic = (typeof TOPICS)[number];

const data = { ...named('help', 'cmd.help'), ...guildOnly() } as const;

const topicRoute = guildRoutes.helpTopic;

export const command = defineCommand(data, {
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    await ctx.reply(helpView('start', ctx.t));
  },
});

export const components = [
  component({
    kind: 'select',
    route: topicRoute,
    audience: 'everyone',
    defer: 'update',
    async execute(ctx) {
      const picked = ctx.interaction.values[0];
      const topic = TOPICS.find((candidate) => candidate === picked);
      if (topic === undefined) throw new UserError('error.unknownInteraction');
      await ctx.update(helpView(topic, ctx.t));
    },
  }),
];

function helpView(
  topic: Topic,
  tr: Translate,
): Pick<InteractionReplyOptions, 'embeds' | 'components'> {
  return {
    embeds: [
      {
        title: tr('help.title'),
        fields: [{ name: tr(`help.topic.${topic}`), value: tr(`help.topic.${topic}.body`) }],
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: topicRoute.build({}),
            placeholder: tr('help.placeholder'),
            options: TOPICS.map((value) => ({
              value,
              label: tr(`help.topic.${value}`),
              default: value === topic,
            })),
          },
        ],
      },
    ],
  };
}
