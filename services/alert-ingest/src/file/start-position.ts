/** What is kept of a tailed file between runs: which file (device:inode) and how far its lines were published. */
export interface SavedPosition {
  readonly identity: string;
  /** Byte offset just after the last published line. */
  readonly position: number;
}

/** Identity saved while the file does not exist yet, so that the file, once created, is read from its start. */
export const NO_FILE = 'none';

/** Where reading starts, and why (the tailer logs it). */
export type StartReason = 'resume' | 'first-start' | 'new-file' | 'truncated';

/**
 * Where to start reading a file just opened. PURE.
 *
 * - never seen any file at this path: `startAt` (`end`: only alerts written from now on, as Wazuh's integratord);
 * - another file than the saved one (rotated while we were down, or created after we started): its start;
 * - the same file, shorter than the saved position (truncated): its start;
 * - otherwise: the saved position.
 */
export function startPosition(
  saved: SavedPosition | undefined,
  file: { readonly identity: string; readonly size: number },
  startAt: 'end' | 'beginning',
): { position: number; reason: StartReason } {
  if (!saved) return { position: startAt === 'end' ? file.size : 0, reason: 'first-start' };
  if (saved.identity !== file.identity) return { position: 0, reason: 'new-file' };
  if (saved.position > file.size) return { position: 0, reason: 'truncated' };
  return { position: saved.position, reason: 'resume' };
}
