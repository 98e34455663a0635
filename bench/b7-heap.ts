/**
 * B7: heap held per 1,000 cached guilds (100 members each) with Hearth's client options, as a
 * ratio to discord.js's defaults with the same intents. Each side runs in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface HeapResult {
  mode: string;
  guilds: number;
  members: number;
  users: number;
  heapBytes: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function measure(mode: 'ours' | 'defaults', guilds: number, members: number): HeapResult {
  const out = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      'bench/heap-child.ts',
      mode,
      String(guilds),
      String(members),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as HeapResult;
}

export function benchHeap(guilds = 1000, members = 100): string[] {
  const defaults = measure('defaults', guilds, members);
  const ours = measure('ours', guilds, members);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const ratio = ours.heapBytes / defaults.heapBytes;
  const per1000 = (r: HeapResult) => mb((r.heapBytes / r.guilds) * 1000);
  return [
    `B7 heap per 1,000 cached guilds (${members} members each, Guilds intent), fresh process each`,
    `  discord.js defaults  ${per1000(defaults).padStart(10)}  (${defaults.members} members, ${defaults.users} users cached)`,
    `  Hearth's options     ${per1000(ours).padStart(10)}  (${ours.members} members, ${ours.users} users cached)`,
    `  ratio ours/defaults  ${ratio.toFixed(2)}x  (target <= 0.6x: ${ratio <= 0.6 ? 'met' : 'NOT MET'})`,
  ];
}
