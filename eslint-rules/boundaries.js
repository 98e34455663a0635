// @ts-check
/**
 * Hearth's architecture as a lint rule (see README, "Layout"):
 * - src/core imports no feature, no command and not the app;
 * - src/forms and every feature file that is not an adapter (discord.ts, *.discord.ts, index.ts)
 *   import nothing from discord.js, @discordjs/* or discord-api-types;
 * - a feature, or a command of one, uses another feature only through that feature's api.ts;
 * - a feature's repository.ts (its SQL) is used only by that feature's own files, never through
 *   its public modules (index.ts, api.ts) nor by a command; and it sits below the rules, so it
 *   imports neither its service nor its adapter. The core's one repository works the same way:
 *   src/core/<name>-repository.ts is imported only by src/core/<name>.ts, and imports not it;
 * - in the features listed in SQL_IN_REPOSITORY (those whose SQL has all moved), only
 *   repository.ts builds queries: no other file calls selectFrom, insertInto, updateTable,
 *   deleteFrom (and kin) nor imports a value (`sql`) from kysely. Opening a transaction stays the
 *   service's (`db.transaction()`), so a check-then-change keeps its boundary there.
 * Which feature a command belongs to is read from the features' index.ts files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Features whose every query lives in their repository.ts; add a feature once its SQL has moved. */
const SQL_IN_REPOSITORY = new Set(['insights']);
const QUERY_BUILDERS = new Set([
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'executeQuery',
]);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DISCORD = /^(discord\.js|discord-api-types)(\/|$)|^@discordjs\//;

/** commands/<name>.ts → the feature whose index.ts lists it. */
function commandOwners() {
  const owners = new Map();
  const dir = join(root, 'src', 'features');
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    let text;
    try {
      text = readFileSync(join(dir, entry.name, 'index.ts'), 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(/commands\/([\w-]+)\.js/g)) owners.set(match[1], entry.name);
  }
  return owners;
}

/** @param {string} path a path relative to the repository, with forward slashes */
function areaOf(path) {
  if (path.startsWith('src/core/')) return { kind: 'core' };
  if (path.startsWith('src/forms/')) return { kind: 'forms' };
  const feature = /^src\/features\/([^/]+)\/(.+)$/.exec(path);
  if (feature) return { kind: 'feature', feature: feature[1], file: feature[2] };
  const command = /^commands\/([\w-]+)\.ts$/.exec(path);
  if (command) return { kind: 'command', command: command[1] };
  return { kind: 'other' };
}

const isAdapter = (file) => /(^|\/)(discord|index)\.ts$|\.discord\.ts$/.test(file);
const isPublic = (file) => /^(index|api)\.ts$/.test(file);
const isRepository = (file) => file === 'repository.ts';
const isService = (file) => /^(service|.*\.service)\.ts$/.test(file);
/** src/core/<name>-repository.ts → src/core/<name>.ts, the one core file that may use it. */
const coreRepositoryOwner = (path) => {
  const match = /^src\/core\/(.+)-repository\.ts$/.exec(path);
  return match ? `src/core/${match[1]}.ts` : undefined;
};

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: "Keeps Hearth's core, forms kit, features and commands apart." },
    schema: [],
    messages: {
      coreImportsFeature: 'src/core imports no feature, command or app module ({{source}}).',
      discordInDomain:
        '{{where}} must not import {{source}}: domain rules and the forms kit know nothing of Discord; put Discord code in the adapter (discord.ts).',
      foreignInternals:
        'Use the {{feature}} feature through its public module ../{{feature}}/api.js, not its internals ({{source}}).',
      repositoryOutside:
        "{{where}} must not import {{source}}: a feature's repository is used by that feature's service and adapter only; go through the service.",
      repositoryImportsUp:
        'A repository holds SQL, not rules: {{where}} must not import {{source}} (the service calls the repository, never the other way).',
      sqlOutsideRepository:
        "{{where}} must not build queries ({{what}}): the {{feature}} feature's SQL lives in its repository.ts.",
    },
  },
  create(context) {
    const owners = commandOwners();
    const file = relative(root, context.filename).split(sep).join('/');
    const here = areaOf(file);
    if (here.kind === 'other') return {};
    const ownFeature =
      here.kind === 'feature'
        ? here.feature
        : here.kind === 'command'
          ? owners.get(here.command)
          : undefined;
    const sqlOnlyInRepository =
      here.kind === 'feature' && SQL_IN_REPOSITORY.has(here.feature) && !isRepository(here.file);
    /** @param {import('estree').Node} node @param {string} what */
    function sqlHere(node, what) {
      context.report({
        node,
        messageId: 'sqlOutsideRepository',
        data: { where: file, what, feature: here.kind === 'feature' ? here.feature : '' },
      });
    }
    /** @param {import('estree').Node & { source?: any }} node */
    function check(node) {
      const source =
        node.source && typeof node.source.value === 'string' ? node.source.value : undefined;
      if (source === undefined) return;
      if (sqlOnlyInRepository && source === 'kysely') {
        const n = /** @type {any} */ (node);
        const typeOnly =
          n.importKind === 'type' ||
          n.exportKind === 'type' ||
          (n.type === 'ImportDeclaration' &&
            n.specifiers.length > 0 &&
            n.specifiers.every((/** @type {any} */ sp) => sp.importKind === 'type'));
        if (!typeOnly) sqlHere(node, 'a value import from kysely');
        return;
      }
      if (DISCORD.test(source)) {
        if (here.kind === 'forms' || (here.kind === 'feature' && !isAdapter(here.file))) {
          context.report({ node, messageId: 'discordInDomain', data: { where: file, source } });
        }
        return;
      }
      if (!source.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), source))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      const there = areaOf(target);
      const owner = coreRepositoryOwner(target);
      if (owner !== undefined && file !== owner) {
        context.report({ node, messageId: 'repositoryOutside', data: { where: file, source } });
        return;
      }
      if (coreRepositoryOwner(file) === target) {
        context.report({ node, messageId: 'repositoryImportsUp', data: { where: file, source } });
        return;
      }
      if (
        here.kind === 'core' &&
        (there.kind === 'feature' ||
          there.kind === 'command' ||
          target.startsWith('src/features/') ||
          target === 'src/app.ts')
      ) {
        context.report({ node, messageId: 'coreImportsFeature', data: { source } });
        return;
      }
      if (there.kind === 'feature' && isRepository(there.file)) {
        const own = here.kind === 'feature' && here.feature === there.feature;
        if (!own || isPublic(here.file)) {
          context.report({ node, messageId: 'repositoryOutside', data: { where: file, source } });
          return;
        }
      }
      if (
        here.kind === 'feature' &&
        isRepository(here.file) &&
        there.kind === 'feature' &&
        there.feature === here.feature &&
        (isService(there.file) || isAdapter(there.file) || isPublic(there.file))
      ) {
        context.report({ node, messageId: 'repositoryImportsUp', data: { where: file, source } });
        return;
      }
      if ((here.kind === 'feature' || here.kind === 'command') && there.kind === 'feature') {
        if (there.feature !== ownFeature && there.file !== 'api.ts') {
          context.report({
            node,
            messageId: 'foreignInternals',
            data: { feature: there.feature, source },
          });
        }
      }
    }
    return {
      ...(sqlOnlyInRepository
        ? {
            /** @param {import('estree').MemberExpression} node */
            MemberExpression(node) {
              const p = node.property;
              const name =
                p.type === 'Identifier' && !node.computed
                  ? p.name
                  : p.type === 'Literal' && typeof p.value === 'string'
                    ? p.value
                    : undefined;
              if (name !== undefined && QUERY_BUILDERS.has(name)) sqlHere(node, `.${name}`);
            },
          }
        : {}),
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (node) =>
        check(
          /** @type {any} */ ({
            ...node,
            source: node.source.type === 'Literal' ? node.source : undefined,
          }),
        ),
    };
  },
};
