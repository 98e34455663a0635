import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
import boundaries from '../../eslint-rules/boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, sourceType: 'module' },
});
const at = (path: string) => `${process.cwd()}/${path}`;

// The architecture rule of the README's layout section, exercised on made-up files.
tester.run('hearth/boundaries', boundaries, {
  valid: [
    { filename: at('src/core/router.ts'), code: "import { t } from './i18n.js';" },
    {
      filename: at('src/features/polls/discord.ts'),
      code: "import type { Client } from 'discord.js';",
    },
    { filename: at('src/features/polls/index.ts'), code: "import { Events } from 'discord.js';" },
    { filename: at('src/features/guilds/health.discord.ts'), code: "import 'discord.js';" },
    {
      filename: at('src/features/onboarding/discord.ts'),
      code: "import { x } from '../membership/api.js';",
    },
    {
      filename: at('commands/seats.ts'),
      code: "import { x } from '../src/features/membership/service.js';",
    },
    {
      filename: at('commands/seats.ts'),
      code: "import { x } from '../src/features/insights/api.js';",
    },
    { filename: at('src/features/index.ts'), code: "import { polls } from './polls/index.js';" },
  ],
  invalid: [
    {
      filename: at('src/core/router.ts'),
      code: "import { polls } from '../features/polls/index.js';",
      errors: [{ messageId: 'coreImportsFeature' }],
    },
    {
      filename: at('src/core/context.ts'),
      code: "import { command } from '../../commands/poll.js';",
      errors: [{ messageId: 'coreImportsFeature' }],
    },
    {
      filename: at('src/features/polls/service.ts'),
      code: "import type { Client } from 'discord.js';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      filename: at('src/features/polls/repository.ts'),
      code: "import { Routes } from 'discord-api-types/v10';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      filename: at('src/forms/render.ts'),
      code: "import { REST } from '@discordjs/rest';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      filename: at('src/features/onboarding/discord.ts'),
      code: "import { x } from '../membership/service.js';",
      errors: [{ messageId: 'foreignInternals' }],
    },
    {
      filename: at('commands/seats.ts'),
      code: "import { x } from '../src/features/insights/service.js';",
      errors: [{ messageId: 'foreignInternals' }],
    },
  ],
});
