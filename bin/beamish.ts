#!/usr/bin/env node
/** The `beamish` command. Everything lives in src/repl/cli.ts; this file only starts it. */
import { main } from '../src/repl/cli.js';
import { startWorker } from '../src/repl/terminal.js';

const argv = process.argv.slice(2);
// The interactive shell is the likely command when stdin is a terminal and nothing but flags
// was given: start its runtime now, while yargs loads and parses (the prompt comes sooner).
// This is a guess, not parsing: main() decides, and exits (ending the worker) if it was wrong.
const shellLikely = process.stdin.isTTY && argv.every((a) => /^--(?!help|version|eval)[\w-]+$/.test(a));
await main(argv, shellLikely ? startWorker() : undefined);
