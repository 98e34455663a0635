// edmonds-blossom-fixed ships no types: edges [i, j, weight], returns mate[i] (-1 unmatched).
declare module 'edmonds-blossom-fixed' {
  export default function blossom(
    edges: readonly (readonly [number, number, number])[],
    maxCardinality?: boolean,
  ): number[];
}
