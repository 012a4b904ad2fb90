import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { SHIM_MARKER } from './registry';

export interface InstallShimsOptions {
  /** The compiled standalone module the shims require. @defaultValue `standalone.js` beside this file (in `dist/`) */
  readonly standalonePath?: string;
  /** The shebang line. @defaultValue `#!/usr/bin/env node` */
  readonly shebang?: string;
}

/** The text of one shim. */
export function shimSource(standalonePath: string, shebang = '#!/usr/bin/env node'): string {
  return [
    shebang,
    SHIM_MARKER,
    `require(${JSON.stringify(standalonePath)}).runStandalone().then((code) => process.exit(code & 0xff));`,
    '',
  ].join('\n');
}

/**
 * Writes one executable shim per name into `binDir` (an agent's `active-response/bin/`): a tiny Node script that
 * requires the compiled standalone entry, which picks the script from the shim's own file name. Existing files
 * that are not our shims are left alone (they are the site's overrides). Resolves with the paths written.
 */
export async function installShims(binDir: string, names: readonly string[], options: InstallShimsOptions = {}): Promise<string[]> {
  const standalonePath = options.standalonePath ?? path.join(__dirname, 'standalone.js');
  await fsp.mkdir(binDir, { recursive: true });
  const written: string[] = [];
  for (const name of names) {
    if (/[/\\]/.test(name) || name === '..' || name === '.' || name === '') throw new Error(`invalid script name '${name}'`);
    const file = path.join(binDir, name);
    const current = await fsp.readFile(file, 'utf8').catch(() => null);
    if (current !== null && !current.includes(SHIM_MARKER)) continue;
    await fsp.writeFile(file, shimSource(standalonePath, options.shebang), { mode: 0o750 });
    await fsp.chmod(file, 0o750);
    written.push(file);
  }
  return written;
}
