/**
 * Transcript tests: the real binary in a pseudo-terminal, driven key by key, read from the
 * screen a person would see. Each test has its own timeout and kills its shell.
 * iex behaviours referred to were checked with Elixir 1.14's iex in a pty.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, NODE24, sandbox, Term } from './pty.js';

let term: Term | undefined;
afterEach(() => {
  term?.kill();
  term = undefined;
});

async function shell(opts: Parameters<typeof Term.start>[0] = {}): Promise<Term> {
  term = await Term.start(opts);
  return term;
}

describe('evaluation at the prompt', () => {
  it('prints results as iex does and numbers the prompts', async () => {
    const t = await shell();
    t.line('1 + 1');
    await t.prompt(2);
    t.line("['ok', self()]");
    const screen = await t.prompt(3);
    expect(screen).toMatch(/beamish\(1\)> 1 \+ 1\n2\nbeamish\(2\)> \['ok', self\(\)\]\n\['ok', #PID<0\.\d+\.0>\]\n/);
  }, 15_000);

  it('continues an incomplete input on a ... prompt', async () => {
    const t = await shell();
    t.line('const double = (a: number) =>');
    await t.waitFor(/\.\.\.\(1\)> $/);
    t.line('  a * 2');
    await t.prompt(2);
    t.line('double(21)');
    expect(await t.prompt(3)).toContain('double(21)\n42\n');
  }, 15_000);

  it('lets any declaration be declared again, and keeps a name whose initializer threw', async () => {
    const t = await shell();
    t.line('const x = 1');
    await t.prompt(2);
    t.line("const x = 'two'");
    await t.prompt(3);
    t.line('x');
    expect(await t.prompt(4)).toContain("x\n'two'\n");
    t.line("const x = (() => { throw new Error('no') })()");
    await t.waitFor('** (Error) no');
    t.line('x');
    expect(await t.prompt(5)).toMatch(/beamish\(4\)> x\n'two'\n/);
  }, 15_000);

  it('gives v() the last result and v(n) the result of prompt n', async () => {
    const t = await shell();
    t.line('6 * 7');
    await t.prompt(2);
    t.line("'second'");
    await t.prompt(3);
    t.line('[v(), v(1)]');
    expect(await t.prompt(4)).toContain("['second', 42]");
  }, 15_000);

  it('evaluates inside the shell process: send(self(), x), flush() and await receive()', async () => {
    const t = await shell();
    t.line("send(self(), 'hello'); send(self(), ['n', 1]); flush()");
    const screen = await t.prompt(2);
    expect(screen).toContain("'hello'\n['n', 1]\n['hello', ['n', 1]]");
    t.line("send(self(), 'again'); await receive()");
    expect(await t.prompt(3)).toContain("await receive()\n'again'");
  }, 15_000);

  it('imports node modules, packages of the working folder, local .ts files and beamish itself', async () => {
    const dir = sandbox({ 'shapes.ts': 'export interface Shape { side: number }\nexport const area = (s: Shape): number => s.side ** 2;\n' });
    mkdirSync(path.join(dir, 'node_modules', 'left-pad-lite'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'left-pad-lite', 'package.json'), '{ "name": "left-pad-lite", "type": "module", "exports": "./index.js" }');
    writeFileSync(path.join(dir, 'node_modules', 'left-pad-lite', 'index.js'), "export default (s, n) => s.padStart(n, '.');\n");
    const t = await shell({ cwd: dir });
    t.line("import { basename } from 'node:path'");
    await t.prompt(2);
    t.line("import pad from 'left-pad-lite'");
    await t.prompt(3);
    t.line("import { area, type Shape } from './shapes.ts'");
    await t.prompt(4);
    t.line("import { spawn as s2 } from 'beamish'");
    await t.prompt(5);
    t.line("[basename('/a/b.ts'), pad('x', 3), area({ side: 3 }), s2 === spawn]");
    expect(await t.prompt(6)).toContain("['b.ts', '..x', 9, true]");
  }, 15_000);

  it('runs pasted lines one after the other, in order', async () => {
    const t = await shell();
    t.write("send(self(), 'a')\rconst total = [1, 2,\r 3].length\rtotal * 2\rawait receive()\r");
    const screen = await t.prompt(5);
    expect(screen).toMatch(/beamish\(3\)> total \* 2\n6\nbeamish\(4\)> await receive\(\)\n'a'\n/);
  }, 15_000);

  it('shows the doc and example of a function with h(fn)', async () => {
    const t = await shell();
    t.line('h(spawn)');
    const screen = await t.prompt(2);
    expect(screen).toContain('spawn(fn: ProcessFn');
    expect(screen).toContain('Example: A process that waits for one message');
    expect(screen).toContain("await receive(); // 'HELLO'");
  }, 15_000);

  it('exits with the code user code gives process.exit()', async () => {
    const t = await shell();
    t.line('process.exit(3)');
    expect(await t.exited).toBe(3);
  }, 15_000);
});

describe('bad input', () => {
  it('reports a syntax error with its position, and the prompt number stays', async () => {
    const t = await shell();
    t.line('1 +* 2');
    await t.waitFor('** (SyntaxError)');
    const screen = await t.prompt(1);
    expect(screen).toContain('** (SyntaxError) beamish(1):1:4:');
    expect(screen).toContain('    1 +* 2\n       ^');
  }, 15_000);

  it('prints a thrown string as iex prints a throw', async () => {
    const t = await shell();
    t.line("throw 'boom'");
    await t.waitFor("** (throw) 'boom'");
    await t.prompt(1);
    t.line('self()');
    await t.prompt(2);
  }, 15_000);

  it('reports an unhandled rejection in a spawned process and goes on', async () => {
    const t = await shell();
    t.line("spawn(async () => { Promise.reject(new Error('lost promise')); await receive() })");
    await t.waitFor(/^\*\* \(Error\) lost promise$/m);
    t.line('1 + 1');
    expect(await t.prompt(3)).toContain('1 + 1\n2');
  }, 15_000);

  it('prints a circular object', async () => {
    const t = await shell();
    t.line('const o: any = { name: "loop" }; o.self = o; o');
    expect(await t.prompt(2)).toContain("<ref *1> { name: 'loop', self: [Circular *1] }");
  }, 15_000);

  it('prints a 10 MB string cut, quickly', async () => {
    const t = await shell();
    const started = Date.now();
    t.line("'x'.repeat(10_000_000)");
    const screen = await t.prompt(2);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(screen).toMatch(/'x{100,}' \+ \.\.\./);
    expect(screen.length).toBeLessThan(20_000);
  }, 15_000);

  it('says so when .load names a missing file', async () => {
    const t = await shell();
    t.line('.load nowhere.ts');
    await t.waitFor(/could not load .*nowhere\.ts: no such file/);
    await t.prompt(1);
  }, 15_000);
});

describe('Ctrl+C', () => {
  it('interrupts a waiting await receive() and returns to the same shell process', async () => {
    const t = await shell();
    t.line('const me = self()');
    await t.prompt(2);
    t.line('await receive()');
    await new Promise((r) => setTimeout(r, 300));
    t.write(KEYS.ctrlC);
    await t.waitFor('** (interrupted) stopped waiting');
    t.line("self() === me; send(self(), 'later'); await receive()");
    expect(await t.prompt(3)).toContain("'later'");
  }, 15_000);

  it('stops a runaway while (true) {} at the prompt within a second', async () => {
    const t = await shell();
    t.line('while (true) {}');
    await new Promise((r) => setTimeout(r, 300));
    const pressed = Date.now();
    t.write(KEYS.ctrlC);
    await t.waitFor('** (interrupted) the evaluation was stopped by Ctrl+C', 1000);
    expect(Date.now() - pressed).toBeLessThan(1000);
    t.line('1 + 1');
    expect(await t.prompt(2)).toContain('1 + 1\n2');
  }, 15_000);

  it('stops a process spinning in a synchronous loop; it crashes with a reason that says so', async () => {
    const t = await shell();
    t.line('const [spinner, ref] = spawnMonitor(async function spinner() { await receive("go"); for (;;) {} })');
    await t.prompt(2);
    t.line('send(spinner, "go")');
    await new Promise((r) => setTimeout(r, 400));
    t.write(KEYS.ctrlC);
    await t.waitFor(/\*\* \(interrupted\) #PID<0\.\d+\.0> \(spinner\) was stopped by Ctrl\+C/);
    await t.prompt(3);
    t.line('(await receive(["DOWN", ref, _, _, _]))[4]');
    expect(await t.prompt(4)).toContain("['interrupted', 'stopped by Ctrl+C while running a synchronous loop']");
  }, 15_000);

  // A call to an idle server runs its handler on the caller's stack (gen_server.ts,
  // callDirect): stopping the handler stops the call too, which then fails as OTP's does
  // when the server exits, without a second Ctrl+C.
  it('stops a GenServer spinning under a call from the prompt; the call fails with the server\'s exit', async () => {
    const t = await shell();
    t.line("const me = self(); const [, srv] = await GenServer.start({ init: () => ['ok', 0], handleCall: () => { for (;;) {} } }, null)");
    await t.prompt(2);
    t.line("await GenServer.call(srv, 'spin')");
    await new Promise((r) => setTimeout(r, 400));
    t.write(KEYS.ctrlC);
    await t.waitFor('** (exit) exited in: GenServer.call(');
    const screen = await t.prompt(2);
    expect(screen).toMatch(/\*\* \(exit\) exited in: GenServer\.call\(#PID<0\.\d+\.0>, 'spin', 5000\)\n {4}\*\* \(EXIT\) \['interrupted', /);
    expect(screen).not.toContain('still waits');
    t.line('[Process.isAlive(srv), self() === me]');
    expect(await t.prompt(3)).toContain('[false, true]');
  }, 15_000);

  it('ends a process whose call was on the stopped stack, with the exit its call would give', async () => {
    const t = await shell();
    t.line("const [, srv] = await GenServer.start({ init: () => ['ok', 0], handleCall: () => { for (;;) {} } }, null)");
    await t.prompt(2);
    t.line("const [caller, ref] = spawnMonitor(async function caller() { await receive('go'); await GenServer.call(srv, 'spin', 'infinity') })");
    await t.prompt(3);
    t.line("send(caller, 'go')");
    await new Promise((r) => setTimeout(r, 400));
    t.write(KEYS.ctrlC);
    await t.waitFor(/\(caller\) was in a GenServer\.call to #PID<0\.\d+\.0> on the stopped stack/);
    await t.prompt(4);
    t.line('const down = await receive(["DOWN", ref, _, _, _]); [down[4][0][0], down[4][1][1], down[4][1][2][1]]');
    expect(await t.prompt(5)).toContain("['interrupted', 'call', 'spin']");
  }, 15_000);

  it('recovers the result of an input whose process spun at once (V8 drops the microtasks it had queued)', async () => {
    const t = await shell();
    t.line("const [spinner, ref] = spawnMonitor(function spinner() { for (;;) {} }); 'spawned'");
    await new Promise((r) => setTimeout(r, 400));
    t.write(KEYS.ctrlC);
    const screen = await t.prompt(2);
    expect(screen).toMatch(/\(spinner\) was stopped by Ctrl\+C[\s\S]*\n'spawned'\nbeamish\(2\)> $/);
  }, 15_000);

  it('stops a spinning child of a supervisor, and the supervisor restarts it', async () => {
    const t = await shell();
    t.line(
      "const [, sup] = await Supervisor.startLink([{ id: 'spin', start: () => ['ok', spawnLink(async function spinner() { await receive('go'); for (;;) {} })] }], { strategy: 'one_for_one' })",
    );
    await t.prompt(2);
    t.line('const before = (await Supervisor.whichChildren(sup))[0][1]; send(before, "go")');
    await new Promise((r) => setTimeout(r, 400));
    t.write(KEYS.ctrlC);
    await t.waitFor(/\(spinner\) was stopped by Ctrl\+C[\s\S]*worker 'spin' #PID<0\.\d+\.0> crashed \(.*\); supervisor #PID<0\.\d+\.0> restarted it as #PID<0\.\d+\.0>/);
    await t.prompt(3);
    t.line('const after = (await Supervisor.whichChildren(sup))[0][1]; [Process.isAlive(before), Process.isAlive(after), after === before]');
    expect(await t.prompt(4)).toContain('[false, true, false]');
  }, 15_000);

  it('shows a hint on an empty line, and exits on a second Ctrl+C', async () => {
    const t = await shell();
    t.write(KEYS.ctrlC);
    await t.waitFor('(To exit, press Ctrl+C again or Ctrl+D or type .exit)');
    t.write(KEYS.ctrlC);
    expect(await t.exited).toBe(0);
  }, 15_000);

  it('clears a half-typed line instead of exiting', async () => {
    const t = await shell();
    await t.type('const half');
    t.write(KEYS.ctrlC);
    await t.waitFor(/const half\nbeamish\(1\)> $/);
    t.line('2 + 2');
    expect(await t.prompt(2)).toContain('2 + 2\n4');
  }, 15_000);

  it('stops a startup file stuck in a loop, and the prompt comes', async () => {
    const dir = sandbox({ '.beamish.ts': "console.log('spinning'); while (true) {}\n" });
    const t = await shell({ cwd: dir, waitPrompt: false });
    await t.waitFor(/^spinning$/m);
    t.write(KEYS.ctrlC);
    await t.waitFor(/error in the startup file .*\n\*\* \(interrupted\) the evaluation was stopped by Ctrl\+C/);
    t.line('1 + 1');
    expect(await t.prompt(2)).toContain('1 + 1\n2');
  }, 15_000);

  it.runIf(existsSync(NODE24))('works on Node 24 too (AsyncContextFrame): a loop at the prompt and a spinning process', async () => {
    const t = await shell({ node: NODE24 });
    t.line('while (true) {}');
    await new Promise((r) => setTimeout(r, 300));
    t.write(KEYS.ctrlC);
    await t.waitFor('** (interrupted) the evaluation was stopped');
    t.line('const [p, ref] = spawnMonitor(async function spinner() { await receive("go"); for (;;) {} }); send(p, "go")');
    await new Promise((r) => setTimeout(r, 400));
    t.write(KEYS.ctrlC);
    await t.waitFor('(spinner) was stopped by Ctrl+C');
    t.line('(await receive(["DOWN", ref, _, _, _]))[4][0]');
    expect(await t.prompt(3)).toContain("'interrupted'");
  }, 20_000);
});

describe('the shell as a process', () => {
  it('goes on as a new process after a linked crash, with every variable kept', async () => {
    const t = await shell();
    t.line('const before = self(); const kept = 42');
    await t.prompt(2);
    t.line("spawnLink(() => { throw new Error('boom') })");
    const screen = await t.waitFor(/\*\* \(EXIT from #PID<0\.\d+\.0>\) shell process exited with reason: an exception was raised:\n\s+\*\* \(Error\) boom/);
    expect(screen).toMatch(/\[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(Error\) boom/);
    await t.prompt(2);
    t.line('[self() === before, kept]');
    expect(await t.prompt(3)).toContain('[false, 42]');
  }, 15_000);

  it('abandons an evaluation blocked in receive when the shell process is killed', async () => {
    const t = await shell();
    t.line("const shellPid = self(); spawn(async () => { await Process.sleep(200); Process.exit(shellPid, 'kill') }); await receive()");
    await t.waitFor('shell process exited with reason: killed');
    t.line('self() === shellPid');
    expect(await t.prompt(2)).toContain('false');
  }, 15_000);

  it('runs .beamish.ts at start and again after each restart', async () => {
    const dir = sandbox({ '.beamish.ts': "const greeting: string = 'hi'; console.log('startup ran');\n" });
    const t = await shell({ cwd: dir });
    t.line('greeting');
    await t.prompt(2);
    t.line("spawnLink(() => exit('bye'))");
    await t.waitFor('shell process exited');
    await t.waitFor(/startup ran[\s\S]*startup ran/);
    t.line('greeting');
    expect(await t.prompt(3)).toContain("greeting\n'hi'");
  }, 15_000);

  it('does not run again a startup file that killed the shell process', async () => {
    const dir = sandbox({ '.beamish.ts': "console.log('startup ran'); spawnLink(() => exit('from startup')); await receive();\n" });
    const t = await shell({ cwd: dir, waitPrompt: false });
    await t.waitFor('the startup file ended the shell process: the new one starts without it');
    await t.prompt(1);
    t.line('1 + 1');
    const screen = await t.prompt(2);
    expect(screen.match(/^startup ran$/gm)).toHaveLength(1);
  }, 15_000);
});

describe('the terminal', () => {
  it('redraws the prompt and the line being typed when a process prints', async () => {
    const t = await shell();
    t.line("spawn(async () => { await Process.sleep(500); console.log('tick from a process') })");
    await t.prompt(2);
    await t.type('const typed = "hello wor');
    await t.waitFor(/^tick from a process$/m);
    const screen = await t.text();
    expect(screen).toMatch(/tick from a process\nbeamish\(2\)> const typed = "hello wor$/);
    expect(await t.currentLine()).toBe('beamish(2)> const typed = "hello wor');
    await t.type('ld"');
    t.write(KEYS.enter);
    await t.prompt(3);
    t.line('typed');
    expect(await t.prompt(4)).toContain("'hello world'");
  }, 15_000);

  it('completes globals, namespaces and object properties with Tab', async () => {
    const t = await shell();
    await t.type('Proc');
    t.write(KEYS.tab);
    await t.waitFor(/beamish\(1\)> Process$/);
    await t.type('.moni');
    t.write(KEYS.tab);
    await t.waitFor(/beamish\(1\)> Process\.monitor$/);
    t.write(KEYS.ctrlC);
    await t.waitFor(/Process\.monitor\nbeamish\(1\)> $/);
    t.line('const config = { alpha: 1, beta: 2 }');
    await t.prompt(2);
    await t.type('config.al');
    t.write(KEYS.tab);
    await t.waitFor(/beamish\(2\)> config\.alpha$/);
    t.write(KEYS.enter);
    expect(await t.prompt(3)).toContain('config.alpha\n1');
    await t.type('GenServer.ca');
    t.write(KEYS.tab);
    t.write(KEYS.tab);
    await t.waitFor(/call\s+cast/);
  }, 15_000);

  it('keeps history across sessions, with reverse search', async () => {
    const dir = sandbox();
    const history = path.join(dir, 'history');
    const first = await shell({ cwd: dir, env: { BEAMISH_HISTORY: history } });
    first.line('const remembered = 41 + 1');
    await first.prompt(2);
    first.write(KEYS.ctrlD);
    await first.exited;
    first.kill();
    expect(readFileSync(history, 'utf8')).toContain('const remembered = 41 + 1');

    const t = await shell({ cwd: dir, env: { BEAMISH_HISTORY: history } });
    t.write(KEYS.up);
    await t.waitFor(/beamish\(1\)> const remembered = 41 \+ 1$/);
    t.write(KEYS.ctrlC);
    await t.waitFor(/beamish\(1\)> $/);
    t.write(KEYS.ctrlR);
    await t.type('remem');
    await t.waitFor("(reverse-i-search)'remem': const remembered = 41 + 1");
    t.write(KEYS.enter);
    await t.prompt(2);
    t.line('remembered');
    expect(await t.prompt(3)).toContain('remembered\n42');
  }, 20_000);

  it('does not keep history when BEAMISH_HISTORY is empty', async () => {
    const dir = sandbox();
    const t = await shell({ cwd: dir, env: { BEAMISH_HISTORY: '' } });
    t.line('1');
    await t.prompt(2);
    t.write(KEYS.ctrlD);
    expect(await t.exited).toBe(0);
    expect(existsSync(path.join(dir, '.beamish_history'))).toBe(false);
  }, 15_000);

  it('.editor takes several lines and evaluates them on Ctrl+D', async () => {
    const t = await shell();
    t.line('.editor');
    await t.waitFor('// Entering editor mode');
    t.line('function add(a: number, b: number) {');
    t.line('  return a + b;');
    t.line('}');
    await t.type('add(40, 2)');
    t.write(KEYS.ctrlD);
    expect(await t.prompt(2)).toContain('\n42\n');
  }, 15_000);

  it('.load evaluates a file and .save writes the session', async () => {
    const dir = sandbox({ 'lib.ts': 'export const fromFile: number = 7;\nfunction triple(n: number) { return n * 3 }\ntriple(fromFile)\n' });
    const t = await shell({ cwd: dir });
    t.line('.load lib.ts');
    expect(await t.prompt(2)).toContain('.load lib.ts\n21');
    t.line('triple(2)');
    await t.prompt(3);
    t.line('.save session.ts');
    await t.waitFor('Session saved to session.ts');
    expect(readFileSync(path.join(dir, 'session.ts'), 'utf8')).toBe('triple(2)\n');
  }, 15_000);

  it('.type shows the TypeScript type of an expression', async () => {
    const t = await shell();
    t.line('const pair = ["ok", self()] as const');
    await t.prompt(2);
    t.line('.type pair');
    expect(await t.waitFor('readonly ["ok", Pid]', 12_000)).toBeTruthy();
  }, 20_000);

  it('.help lists the commands and Ctrl+D exits', async () => {
    const t = await shell();
    t.line('.help');
    await t.waitFor('.load FILE');
    t.write(KEYS.ctrlD);
    expect(await t.exited).toBe(0);
  }, 15_000);

  it('colors results unless --no-color or NO_COLOR', async () => {
    const colored = await shell({ env: { NO_COLOR: undefined }, args: ['--color'] });
    colored.line('42');
    await colored.prompt(2);
    expect(colored.raw).toMatch(/\x1b\[[0-9;]*m42\x1b\[/);
    colored.kill();
    const plain = await shell({ env: { NO_COLOR: '1' } });
    plain.line('42');
    await plain.prompt(2);
    expect(plain.raw).not.toMatch(/\x1b\[[0-9;]*m42/);
  }, 20_000);
});

describe('--typecheck', () => {
  it('reports a type error before running the input, then runs correct inputs', async () => {
    const t = await shell({ args: ['--typecheck'] });
    t.line("let n: number = 'text'; console.log('ran anyway')");
    await t.waitFor('** (TypeError)', 15_000);
    const screen = await t.prompt(1);
    expect(screen).toContain("Type 'string' is not assignable to type 'number'");
    expect(screen).not.toMatch(/^ran anyway$/m);
    t.line('const m: number = 2; m * 21');
    expect(await t.prompt(2)).toContain('42');
  }, 25_000);
});

