/**
 * `riposte keys generate --out DIR`: a new issuer key pair for signed commands. The matcher, the control API and
 * the scheduler sign with `issuer.key`; every executor trusts `trusted-keys.json`.
 */
import { generateIssuerKeys } from '@riposte/bus';
import { ConfigError } from '@riposte/contracts';
import { cliCommand, parseCommandLine, single } from '../command-line';
import type { CliIo } from '../cli-io';
import { type CliCommand, EXIT } from './cli-command';

const generateCommand = () =>
  cliCommand('keys generate', {
    usage: '--out <dir>',
    description: `Writes a new Ed25519 issuer key pair into <dir> (created with mode 0700 if missing) and prints its key id:
  issuer.key          the private key (PKCS#8 PEM, mode 0600): RIPOSTE_SIGNING_KEY_FILE of matcher, control-api, scheduler
  issuer.pub          its public key (SPKI PEM)
  trusted-keys.json   {"<key id>": "<public key PEM>"}: EXECUTOR_TRUSTED_KEYS_FILE of every executor
Refuses to overwrite any of them. To rotate: generate into a new folder, add its trusted-keys.json entry to the
executors' file (both ids trusted at once), switch the issuers to the new key, then remove the old entry.`,
    after: `Exits 0 and prints the key id, 1 when a file is already there or cannot be written, 2 on a wrong command line.

Example:
  riposte keys generate --out /etc/riposte/keys`,
  }).option('-o, --out <dir>', 'the folder to write the key files into', single);

const HELP = generateCommand().helpInformation();

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'generate the issuer key pair that signs every command',
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    // One subcommand: `riposte keys --help` is the help of `keys generate`.
    if (sub === '--help' || sub === '-h') return printHelp(io, EXIT.ok);
    if (sub !== 'generate') {
      io.stderr(`riposte keys: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`} (expected 'generate')\n\n`);
      return printHelp(io, EXIT.usage, 'stderr');
    }
    const line = parseCommandLine<{ out?: string }>(generateCommand(), rest);
    if (line.kind === 'help') return printHelp(io, EXIT.ok);
    if (line.kind === 'usage' || line.args.length > 0 || line.opts.out === undefined) {
      io.stderr(`riposte keys generate: ${line.kind === 'usage' ? line.message : line.args.length > 0 ? `unexpected argument '${line.args[0]}'` : '--out <dir> is required'}\n\n`);
      return printHelp(io, EXIT.usage, 'stderr');
    }
    return generate(io, line.opts.out);
  },
};

function generate(io: CliIo, dir: string): number {
  let keys: ReturnType<typeof generateIssuerKeys>;
  try {
    keys = generateIssuerKeys(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(e instanceof ConfigError) && code === undefined) throw e;
    io.stderr(`riposte keys generate: ${e instanceof ConfigError ? e.message : `cannot write into ${dir}: ${code}`}\n`);
    return EXIT.failure;
  }
  io.stderr(`wrote ${keys.privateKeyFile} (mode 0600), ${keys.publicKeyFile}, ${keys.trustedKeysFile}\n`);
  io.stdout(`${keys.keyId}\n`);
  return EXIT.ok;
}

function printHelp(io: CliIo, code: number, to: 'stdout' | 'stderr' = 'stdout'): number {
  io[to](HELP);
  return code;
}
