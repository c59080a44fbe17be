/**
 * The command line (yargs): `beamish` (the shell; inputs from stdin when it is not a
 * terminal), `beamish run FILE.ts [args]`, `beamish -e CODE`, `beamish tutorial [N]`
 * (not built yet), `--typecheck`, `--no-color`, `--version`, `--help`. A bad flag or a
 * missing file prints what is wrong and exits with status 2.
 *
 * Start-up time is a feature (the prompt must be up within 0.30 s): the interactive shell
 * starts its runtime worker first, and nothing heavy (typescript) loads unless asked for.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';

const USAGE = `beamish: an interactive shell like iex, for TypeScript, on an Erlang/OTP-style process runtime.

Usage:
  beamish                      the interactive shell (reads inputs from stdin when piped)
  beamish run FILE.ts [args]   runs FILE.ts as the main process
  beamish -e CODE              evaluates CODE and prints its result
  beamish tutorial [N]         interactive tutorials (--reset forgets progress, --check-all grades the course)`;

/** This package's version, from its package.json (found from this file, in src or in dist). */
export function version(): string {
  for (let url = new URL('./', import.meta.url); url.pathname !== '/'; url = new URL('../', url)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'beamish') return pkg.version ?? '0.0.0';
    } catch {
      // not here: look one folder up
    }
  }
  return '0.0.0';
}

/** Options that take a value (so the file of `run` is found after them). */
const VALUED = new Set(['-e', '--eval']);

/**
 * Splits argv at the file of `beamish run FILE`: what follows the file belongs to the
 * script, flags included, and must not be parsed (or rejected) by beamish.
 */
export function splitScriptArgs(argv: string[]): { own: string[]; script: string[] } {
  let positional = 0;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--') return { own: argv.slice(0, k), script: argv.slice(k + 1) };
    if (a.startsWith('-')) {
      if (VALUED.has(a)) k++;
      continue;
    }
    positional++;
    if (positional === 1 && a !== 'run') return { own: argv, script: [] };
    if (positional === 2) return { own: argv.slice(0, k + 1), script: argv.slice(k + 1) };
  }
  return { own: argv, script: [] };
}

function usageError(message: string): never {
  process.stderr.write(`beamish: ${message}\nRun \`beamish --help\` for the usage.\n`);
  process.exit(2);
}

interface Parsed {
  _: (string | number)[];
  eval?: string;
  typecheck: boolean;
  color?: boolean;
  file?: string;
  n?: number;
  reset?: boolean;
  checkAll?: boolean;
}

async function parse(argv: string[], v: string): Promise<Parsed> {
  // Loaded here, not at the top: bin/beamish.ts starts the shell's worker first.
  const { default: yargs } = await import('yargs');
  return (await yargs(argv)
    .scriptName('beamish')
    .usage(USAGE)
    .command('$0', false)
    .command('run <file>', 'run a TypeScript file as the main process; arguments after FILE go to the script', (y) =>
      y.positional('file', { type: 'string', describe: 'the .ts (or .js) file to run' }),
    )
    .command('tutorial [n]', 'interactive tutorials: lists the lessons and opens the shell on lesson N (or where you left off)', (y) =>
      y
        .positional('n', { type: 'number', describe: 'the lesson to open' })
        .option('reset', { type: 'boolean', default: false, describe: 'forget the tutorial progress (your exercise files stay)' })
        .option('check-all', { type: 'boolean', default: false, describe: "grade every lesson's solution (prints N passed, N failed)" }),
    )
    .option('eval', { alias: 'e', type: 'string', describe: 'evaluate CODE, print its result and exit', requiresArg: true })
    .option('typecheck', { type: 'boolean', default: false, describe: 'report type errors before running each input (loads TypeScript)' })
    .option('color', { type: 'boolean', describe: 'colored output (default: on for a terminal, off when NO_COLOR is set); --no-color turns it off' })
    .strict()
    .version(v)
    .help()
    .alias('help', 'h')
    .alias('version', 'v')
    .wrap(Math.min(100, process.stdout.columns ?? 80))
    .fail((msg, err) => usageError(msg ?? err?.message ?? 'bad arguments'))
    .parse()) as unknown as Parsed;
}

export async function main(argv: string[], early?: Worker): Promise<void> {
  const { own, script } = splitScriptArgs(argv);
  const v = version();
  // A bare `beamish` has nothing to parse: the prompt comes without loading yargs (50–100 ms).
  const args: Parsed = own.length === 0 ? { _: [], typecheck: false } : await parse(own, v);
  const noColorEnv = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const color = args.color ?? (!noColorEnv && process.stdout.isTTY === true);
  const opts = { color, typecheck: args.typecheck };
  const command = args._[0];

  if (command === 'tutorial') {
    const { tutorialCli } = await import('./tutorial/index.js');
    const interactive = process.stdin.isTTY === true;
    const r = await tutorialCli({ lesson: args.n, reset: args.reset, checkAll: args.checkAll, interactive, color }, { write: (s) => process.stdout.write(s) });
    if ('exit' in r) process.exit(r.exit);
    if (!interactive) {
      process.stderr.write(`beamish tutorial ${r.open}: a lesson opens in the interactive shell, which needs a terminal.\n`);
      process.exit(2);
    }
    const { startTerminal } = await import('./terminal.js');
    startTerminal({ ...opts, version: v, tutorial: r.open }, early);
    return;
  }
  if (command === 'run') {
    const file = args.file!;
    if (!existsSync(file) || !statSync(file).isFile()) usageError(`no such file: ${file}`);
    const { runScript } = await import('./script.js');
    await runScript(file, script, opts);
    return;
  }
  if (args.eval !== undefined) {
    const { evalOnce } = await import('./script.js');
    await evalOnce(args.eval, opts);
    return;
  }
  if (process.stdin.isTTY) {
    const { startTerminal } = await import('./terminal.js');
    startTerminal({ ...opts, version: v }, early);
    return;
  }
  const { runPiped } = await import('./script.js');
  await runPiped(opts);
}
