/**
 * The one codec for component custom ids: `route:arg1:arg2`. Each route declares its arguments
 * once, and building and parsing are typed from that declaration, so nobody splits strings by hand.
 *
 * A custom id is a reference, never authority: any member who can see a message can press its
 * components again, much later, and a forged id can arrive too. Handlers reload the entity an id
 * names and check its guild and state against the interaction.
 */

/** Discord's limit on custom_id length. */
export const CUSTOM_ID_MAX = 100;

const ROUTE_NAME = /^[a-z][a-z0-9.-]{0,31}$/;
const KEYWORD = /^[A-Za-z0-9_-]{1,32}$/;

type ArgKind = 'id' | 'int' | 'keyword';
type ArgValue<K extends ArgKind> = K extends 'int' ? number : string;
export type RouteArgs<S extends Record<string, ArgKind>> = { [K in keyof S]: ArgValue<S[K]> };

const parsers: Record<ArgKind, (raw: string) => string | number | undefined> = {
  // Discord snowflakes, and Hearth's own numeric ids written the same way.
  id: (raw) => (/^\d{1,20}$/.test(raw) ? raw : undefined),
  int: (raw) => {
    // Canonical form only (no leading zeros, no -0), so parse and build are exact inverses.
    if (!/^(0|-?[1-9]\d{0,14})$/.test(raw)) return undefined;
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : undefined;
  },
  keyword: (raw) => (KEYWORD.test(raw) ? raw : undefined),
};

export interface Route<S extends Record<string, ArgKind> = Record<string, ArgKind>> {
  readonly name: string;
  readonly schema: S;
  build(args: RouteArgs<S>): string;
  /** The arguments, or `undefined` when `customId` is not this route or is malformed. */
  parse(customId: string): RouteArgs<S> | undefined;
}

export function defineRoute<const S extends Record<string, ArgKind>>(
  name: string,
  schema: S,
): Route<S> {
  if (!ROUTE_NAME.test(name)) throw new Error(`invalid route name ${JSON.stringify(name)}`);
  const keys = Object.keys(schema) as (keyof S & string)[];
  return {
    name,
    schema,
    build(args) {
      const parts = [name];
      for (const key of keys) {
        const text = String(args[key]);
        if (parsers[schema[key] as ArgKind](text) === undefined) {
          throw new Error(
            `custom id ${name}: argument ${key} is not a valid ${String(schema[key])}`,
          );
        }
        parts.push(text);
      }
      const id = parts.join(':');
      if (id.length > CUSTOM_ID_MAX)
        throw new Error(
          `custom id ${name} is ${id.length} characters; Discord allows ${CUSTOM_ID_MAX}`,
        );
      return id;
    },
    parse(customId) {
      const parts = customId.split(':');
      if (parts[0] !== name || parts.length !== keys.length + 1) return undefined;
      const args: Record<string, string | number> = {};
      for (const [i, key] of keys.entries()) {
        const value = parsers[schema[key] as ArgKind](parts[i + 1] ?? '');
        if (value === undefined) return undefined;
        args[key] = value;
      }
      return args as RouteArgs<S>;
    },
  };
}

/** The route name of a custom id, used to find its handler before parsing its arguments. */
export function routeNameOf(customId: string): string {
  const colon = customId.indexOf(':');
  return colon === -1 ? customId : customId.slice(0, colon);
}
