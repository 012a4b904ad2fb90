/**
 * `riposte keys generate --out DIR`: a new issuer key pair for signed commands. The matcher, the control API and
 * the scheduler sign with `issuer.key`; every executor trusts `trusted-keys.json`.
 */
import { generateIssuerKeys } from '@riposte/bus';
import { ConfigError } from '@riposte/contracts';
import { cliCommand, single } from '../command-line';
import type { CliIo } from '../cli-io';
import { type CliCommand, EXIT } from './cli-command';
import { parseOneSubcommand } from './one-subcommand';

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


export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'generate the issuer key pair that signs every command',
  help: generateCommand().helpInformation(),
  async run(argv, io) {
    const line = parseOneSubcommand<{ out?: string }>(io, 'keys', 'generate', generateCommand, argv, (opts, args) =>
      args.length > 0 ? `unexpected argument '${args[0]}'` : opts.out === undefined ? '--out <dir> is required' : undefined,
    );
    return typeof line === 'number' ? line : generate(io, line.opts.out!);
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
