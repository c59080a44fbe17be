/**
 * One workload in a fresh Node process: `node [flags] bench/lib/child.mjs <workload file> <args…>`.
 * The workload's `run(args)` prints its JSON line; we only make sure the process ends, even
 * when processes of the runtime are still waiting (the BEAM programs call halt()).
 */
import { pathToFileURL } from 'node:url';

const [file, ...args] = process.argv.slice(2);
const mod = await import(pathToFileURL(file).href);
try {
  await mod.run(args);
  process.exit(0);
} catch (err) {
  console.error(err?.stack ?? err);
  process.exit(1);
}
