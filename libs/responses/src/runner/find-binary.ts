import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Where `get_binary_path` looks besides PATH. */
const DEFAULT_DIRS = ['/sbin', '/usr/sbin', '/bin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

/** A binary found on disk, or the bare name when not found (Wazuh then uses the bare name or gives up). */
export interface FoundBinary {
  readonly path: string;
  readonly found: boolean;
}

/**
 * Looks `name` up in `PATH` (so test stubs placed first on PATH win), then in the usual system directories.
 * A name containing a separator is checked as given.
 */
export async function findBinary(name: string, env: NodeJS.ProcessEnv): Promise<FoundBinary> {
  const candidates = /[/\\]/.test(name)
    ? [name]
    : [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...DEFAULT_DIRS].map((d) => path.join(d, name));
  for (const candidate of candidates) {
    try {
      await fsp.access(candidate, constants.X_OK);
      return { path: candidate, found: true };
    } catch {
      /* next */
    }
  }
  return { path: name, found: false };
}
