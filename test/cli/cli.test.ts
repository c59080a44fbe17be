/**
 * The `beamish` command line, run as a user runs it: the built binary in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'dist', 'bin', 'beamish.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'repl');

function beamish(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const home = mkdtempSync(path.join(tmpdir(), 'beamish-cli-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, HOME: home, BEAMISH_HISTORY: '', NO_COLOR: '1', ...opts.env })) if (v !== undefined) env[k] = v;
  const r = spawnSync(process.execPath, [BIN, ...args], { input: opts.input ?? '', cwd: opts.cwd ?? home, env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('beamish --version and --help', () => {
  it('prints the version of the package', () => {
    const r = beamish(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints the usage with the commands and flags', () => {
    const r = beamish(['--help']);
    expect(r.status).toBe(0);
    for (const word of ['beamish run FILE.ts', '--eval', '--typecheck', '--color', 'tutorial']) expect(r.stdout).toContain(word);
  });
});

describe('bad command lines', () => {
  it('rejects an unknown flag with a clear message and status 2', () => {
    const r = beamish(['--frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown argument: frobnicate');
    expect(r.stderr).toContain('beamish --help');
  });

  it('rejects run of a missing file with status 2', () => {
    const r = beamish(['run', 'no/such/file.ts']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file: no/such/file.ts');
  });

  it('rejects -e without code with status 2', () => {
    const r = beamish(['-e']);
    expect(r.status).toBe(2);
  });

  it('beamish tutorial without a terminal lists the lessons and exits 0; a lesson that does not exist exits 2', () => {
    const r = beamish(['tutorial']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The shell is a process');
    const bad = beamish(['tutorial', '99']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('there is no lesson 99');
  });
});

describe('beamish run FILE', () => {
  it('runs the script as the main process, with the globals, the beamish package, local .ts imports and its arguments', () => {
    const r = beamish(['run', path.join(FIXTURES, 'hello.ts'), 'world', '--not-for-beamish']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello, world --not-for-beamish\nsame package: true main process: main\n');
  });

  it('exits with status 1 and a crash report when the script throws', () => {
    const r = beamish(['run', path.join(FIXTURES, 'crash.ts')]);
    expect({ status: r.status, stdout: r.stdout }, r.stderr).toEqual({ status: 1, stdout: 'before the crash\n' });
    expect(r.stderr).toMatch(/^\*\* \(Error\) the script failed\n {4}at deep \(.*crash\.ts:3:9\)/);
  });

  it('exits with status 1 when a linked crash kills the main process', () => {
    const r = beamish(['run', path.join(FIXTURES, 'linked_crash.ts')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[error] Process');
    expect(r.stderr).toMatch(/\*\* \(EXIT from #PID<0\.\d+\.0>\) main process exited with reason: an exception was raised:\n\s+\*\* \(Error\) a linked process failed/);
  });

  it('with --typecheck, reports type errors and does not run the script', () => {
    const r = beamish(['run', '--typecheck', path.join(FIXTURES, 'type_error.ts')]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('must not run');
    expect(r.stderr).toContain("type_error.ts:1:7: Type 'string' is not assignable to type 'number'. (TS2322)");
  }, 30_000);
});

describe('beamish -e CODE', () => {
  it('prints the result, evaluated inside a process', () => {
    const r = beamish(['-e', "send(self(), ['ok', 1 + 1]); await receive()"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("['ok', 2]\n");
  });

  it('exits with status 1 on an error', () => {
    const r = beamish(['-e', "throw new Error('no')"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('** (Error) no');
  });

  it('colors the result with --color, and not with NO_COLOR', () => {
    expect(beamish(['--color', '-e', '42'], { env: { NO_COLOR: undefined } }).stdout).toMatch(/\x1b\[[0-9;]*m42/);
    expect(beamish(['-e', '42'], { env: { NO_COLOR: '1' } }).stdout).toBe('42\n');
    expect(beamish(['--no-color', '-e', '42'], { env: { NO_COLOR: undefined } }).stdout).toBe('42\n');
  });
});

describe('piped stdin', () => {
  it('prints the result of each input, as iex does', () => {
    const r = beamish([], { input: '1+1\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('2\n');
  });

  it('joins the lines of a multi-line input and keeps variables between inputs', () => {
    const r = beamish([], { input: 'const add = (a: number,\n  b: number) => a + b\nadd(40, 2)\n' });
    expect(r.stdout).toBe('undefined\n42\n');
  });

  it('exits with status 1 when an input failed, after running the others', () => {
    const r = beamish([], { input: "throw 'boom'\n'after'\n" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("** (throw) 'boom'\n'after'\n");
  });

  // Its speed (1,000 lines < 2 s) is measured by `npm run bench:repl`, not here.
  it('runs 1,000 piped lines, printing a value for each', () => {
    const input = Array.from({ length: 1000 }, (_, i) => `const x${i % 10} = ${i} * 2; x${i % 10}`).join('\n');
    const r = beamish([], { input });
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n');
    expect(out.length).toBe(1001);
    expect(out[999]).toBe('1998');
  });
});

describe('reports at the shell', () => {
  it('tell a supervisor restart in one line: the child, why it ended, the supervisor, the new pid and the count', () => {
    const input = [
      "const C = { init: (n) => ['ok', n] }",
      "await Supervisor.startLink([{ id: 'c', start: () => GenServer.startLink(C, 0, { name: 'c' }) }], { strategy: 'one_for_one', name: 'app' })",
      "Process.exit(Process.whereis('c'), 'kill')",
      'await Process.sleep(20)',
      '',
    ].join('\n');
    const r = beamish(['--no-color'], { input });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/^worker 'c' #PID<0\.\d+\.0> was killed; supervisor 'app' #PID<0\.\d+\.0> restarted it as #PID<0\.\d+\.0> \(1 of 3 in 5 s\)$/m);
    expect(out).not.toContain('Start Call:');
  });

  it("print a plain process that raised once, as iex's [error] Process … raised an exception", () => {
    const r = beamish(['--no-color'], { input: "spawn(() => { throw new Error('boom') })\nawait Process.sleep(20)\n" });
    const out = r.stdout + r.stderr;
    expect(out.match(/raised an exception/g)).toHaveLength(1);
    expect(out).toMatch(/\[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(Error\) boom/);
  });
});
