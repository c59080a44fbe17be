#!/usr/bin/env node
/**
 * `npm install` step: builds native/context.cc, the module that carries the current process
 * behind self() on Node 20 and 22 (see src/runtime/context.ts). Node 24 and later carry it
 * with AsyncLocalStorage and need no module. A failed build is not an error: the runtime
 * then uses promise hooks, which work everywhere but cost about a third of the message rate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major >= 24 && !process.argv.includes('--force')) {
  console.log(`beamish: Node ${process.versions.node} carries self() with AsyncLocalStorage; no native module to build.`);
  process.exit(0);
}
// npm tells its scripts where its own node-gyp is; outside npm, look for the one npm ships.
function npmsGyp() {
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  if (which.status !== 0) return undefined;
  const file = join(dirname(realpathSync(which.stdout.trim())), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return existsSync(file) ? file : undefined;
}
const gyp = process.env.npm_config_node_gyp || npmsGyp();
// node-gyp downloads Node's headers unless told where they are; only the npm registry is
// sure to be reachable, so use the headers installed with this Node when there are some.
const prefix = dirname(dirname(process.execPath));
const nodedir = !process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_version.h')) ? [`--nodedir=${prefix}`] : [];
const [cmd, args] = gyp ? [process.execPath, [gyp, 'rebuild', ...nodedir]] : ['node-gyp', ['rebuild', ...nodedir]];
const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status === 0) {
  console.log('beamish: built build/Release/beamish_context.node (self() carried by V8 on this Node).');
} else {
  const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').slice(-5).join('\n');
  console.warn(
    `beamish: could not build the native module (${why || 'node-gyp failed'}).\n` +
      'beamish works without it, with promise hooks (slower). To build it: install python3, make\n' +
      'and g++, then run `npm rebuild beamish` (or `node scripts/native.mjs` in this folder).',
  );
}
