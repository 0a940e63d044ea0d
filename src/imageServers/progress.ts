import type { Progress } from '../client';

/**
 * What a daemon says while it fetches an image for an instance or for its image store, read for a
 * progress notification. The words come per file and restart at 0 for each: `metadata: 100%
 * (1.83GB/s)`, `rootfs: 51% (25.39MB/s)`, then `Unpack: 100% (…)` (LXD) or `Unpacking image: 100%
 * (…)` (Incus) while the instance is made.
 */
export interface ImageProgress {
  phase: 'metadata' | 'rootfs' | 'unpack' | 'other';
  /** The daemon's word for the part (`rootfs`, `Unpack`). */
  part: string;
  percent?: number;
  /** `25.39 MB/s`. */
  speed?: string;
}

export function readImageProgress(p: Progress): ImageProgress {
  const m = /^\s*([^:]+?)\s*:\s*(\d+(?:\.\d+)?)%(?:\s*\(([^)]*)\))?/.exec(p.text);
  const part = m?.[1] ?? p.stage ?? '';
  const percent = m ? Number(m[2]) : p.percent;
  const speed = m?.[3] ? m[3].replace(/^([\d.]+)\s*([kKMGT]?i?B\/s)$/, '$1 $2') : undefined;
  return { phase: phaseOf(part, p.stage), part, percent, speed };
}

function phaseOf(part: string, stage?: string): ImageProgress['phase'] {
  const word = part.toLowerCase();
  if (word === 'metadata') {
    return 'metadata';
  }
  if (word === 'rootfs' || word.startsWith('root')) {
    return 'rootfs';
  }
  if (word.startsWith('unpack') || /unpack/.test(stage ?? '')) {
    return 'unpack';
  }
  return 'other';
}

/** The notification's line: `Downloading rootfs: 51% at 25.39 MB/s`, `Unpacking: 100%`. */
export function progressMessage(p: ImageProgress, fallback: string): string {
  const pct = p.percent !== undefined ? `${Math.floor(p.percent)}%` : '';
  const at = p.speed ? ` at ${p.speed}` : '';
  switch (p.phase) {
    case 'metadata':
    case 'rootfs':
      return `Downloading ${p.part}: ${pct}${at}`;
    case 'unpack':
      return `Unpacking: ${pct}`;
    default:
      return fallback;
  }
}

/**
 * How far the whole fetch is, 0..100, from a per-file figure: the metadata is small (0–5), the
 * root filesystem is the download (5–90), unpacking ends it (90–100). Undefined when unknown.
 */
export function overallPercent(p: ImageProgress): number | undefined {
  if (p.percent === undefined) {
    return undefined;
  }
  const span = { metadata: [0, 5], rootfs: [5, 90], unpack: [90, 100] }[p.phase as 'metadata' | 'rootfs' | 'unpack'];
  if (!span) {
    return undefined;
  }
  const pct = Math.min(100, Math.max(0, p.percent));
  return span[0] + ((span[1] - span[0]) * pct) / 100;
}
