#!/usr/bin/env node
/** The `beamish` command. Everything lives in src/repl/cli.ts; this file only starts it. */
import { main } from '../src/repl/cli.js';

await main(process.argv.slice(2));
