/**
 * The evaluator in-process (no terminal): how inputs run inside the shell process, what a
 * crash reaching the shell does, what Ctrl+C's two ways of stopping leave behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Pid, Process } from '../../src/index.js';
import { installGlobals } from '../../src/repl/globals.js';
import { type Outcome, Shell } from '../../src/repl/shell.js';

installGlobals();
let printed: string[] = [];
let shell: Shell;

async function start(): Promise<Shell> {
  printed = [];
  shell = new Shell({ color: false, cwd: process.cwd(), print: (t) => printed.push(t), startupFile: false });
  await shell.start();
  return shell;
}

function run(code: string): Promise<Outcome> {
  return new Promise((resolve) => void shell.evaluate(code, {}, resolve));
}

async function value(code: string): Promise<string | undefined> {
  const o = await run(code);
  return o.kind === 'done' ? o.text : 'incomplete';
}

afterEach(() => {
  if (!shell.proc.dead) Process.exit(shell.proc.pid, 'kill');
});

describe('the shell evaluator', () => {
  it('runs inputs inside the shell process, the same process from one input to the next', async () => {
    await start();
    const first = await value('self()');
    expect(first).toBe(String(shell.proc.pid));
    expect(await value("send(self(), 'x'); await receive()")).toBe("'x'");
    expect(await value('self()')).toBe(first);
  });

  it('keeps the shell process through an error, a throw and an exit at the prompt (as iex 1.14)', async () => {
    await start();
    const before = shell.proc;
    expect(await value("throw new Error('e')")).toMatch(/^\*\* \(Error\) e/);
    expect(await value("throw 'boom'")).toBe("** (throw) 'boom'");
    expect(await value("exit('bye')")).toBe("** (exit) 'bye'");
    expect(shell.proc).toBe(before);
    expect(before.dead).toBe(false);
  });

  it('numbers results as iex does: only a success moves the counter', async () => {
    await start();
    await run('10');
    await run('throw 1');
    await run('20');
    expect(shell.counter).toBe(3);
    expect(await value('[v(1), v(2), v(-1)]')).toBe('[10, 20, 20]');
    expect(await value('v(9)')).toMatch(/v\(9\): no result number 9/);
  });

  it('asks for more lines while an input is incomplete', async () => {
    await start();
    expect((await run('const f = (a: number) =>')).kind).toBe('incomplete');
    expect(await value('const f = (a: number) =>\n a + 1\nf(1)')).toBe('2');
  });

  it('replaces a shell process killed by a linked crash, keeping every variable, and says so', async () => {
    await start();
    await run('const kept = 7');
    const old = shell.proc;
    const outcome = await run("spawnLink(() => exit('crash')); await receive()");
    expect(outcome).toEqual({ kind: 'done', ok: false });
    expect(printed.join('\n')).toContain(`** (EXIT from ${old.pid}) shell process exited with reason: 'crash'`);
    expect(await value('kept')).toBe('7');
    expect(shell.proc).not.toBe(old);
    expect(await value('self()')).toBe(String(shell.proc.pid));
  });

  it('abandon() gives up a waiting receive; the same process receives again afterwards', async () => {
    await start();
    const waiting = run('await receive()');
    await new Promise((r) => setTimeout(r, 20));
    expect(shell.abandon()).toBe(true);
    expect(await waiting).toMatchObject({ kind: 'done', ok: false, text: expect.stringContaining('stopped waiting') });
    expect(await value("send(self(), 'next'); await receive()")).toBe("'next'");
    expect(shell.abandon()).toBe(false);
  });

  it('interrupted() makes a stopped process exit with a reason that says Ctrl+C stopped it', async () => {
    await start();
    await run('const [target, ref] = spawnMonitor(() => new Promise(() => {}))');
    const target = shell.scope.target as Pid;
    shell.interrupted({ busy: true, pid: String(target), shell: false, evaluating: false });
    expect(Process.isAlive(target)).toBe(false);
    expect(printed.join('\n')).toContain(`** (interrupted) ${target} (anonymous) was stopped by Ctrl+C in a synchronous loop`);
    expect(await value("(await receive(['DOWN', ref, _, _, _]))[4]")).toBe("['interrupted', 'stopped by Ctrl+C while running a synchronous loop']");
  });

  it('respawn() starts a new shell process and keeps the variables', async () => {
    await start();
    await run('const before = self()');
    await run('respawn()');
    expect(await value('[self() === before, Process.isAlive(before)]')).toBe('[false, false]');
  });

  it('lets a name whose initializer threw keep its old value', async () => {
    await start();
    await run('const x = 1');
    await run("const x = (() => { throw new Error('no') })()");
    expect(await value('x')).toBe('1');
  });
});
