/**
 * The process table (`processes()`): exact plain-text tables of known rows, and rows read
 * from live processes, filtered and sorted.
 */
import { describe, expect, it } from 'vitest';
import { GenServer } from '../../src/otp/index.js';
import { pid, Process, receive, run, send, spawn, type Pid } from '../../src/runtime/index.js';
import { processRows, processTable, renderProcessTable, type ProcessRow } from '../../src/inspect/index.js';

function row(id: number, fields: Partial<ProcessRow>): ProcessRow {
  return {
    pid: pid(`0.${id}.0`),
    name: undefined,
    label: '',
    behaviour: undefined,
    status: 'waiting',
    messages: 0,
    reductions: 0,
    memory: 450,
    ...fields,
  };
}

const rows = [
  row(100, { name: 'counter', label: 'Counter', behaviour: 'GenServer', reductions: 12, memory: 514 }),
  row(101, { label: 'worker', messages: 3, reductions: 1, memory: 642 }),
  row(102, { label: 'Task', behaviour: 'Task', status: 'running', reductions: 2048, memory: 1_600 }),
];

describe('renderProcessTable', () => {
  it('prints one line a process under erl i() headings, and a Total line', () => {
    expect(renderProcessTable(rows, { width: 100 })).toBe(
      [
        'Pid            Name     Initial call / label  Status   Msgs  Reds  Memory',
        '#PID<0.100.0>  counter  Counter (GenServer)   waiting     0    12   514 B',
        '#PID<0.101.0>           worker                waiting     3     1   642 B',
        '#PID<0.102.0>           Task                  running     0  2048  1.6 KB',
        'Total                   3 processes                       3  2061  2.7 KB',
      ].join('\n'),
    );
  });

  it('cuts the label column with … to fit a narrow terminal', () => {
    const out = renderProcessTable(rows, { width: 66 });
    expect(out.split('\n').every((l) => l.length <= 66)).toBe(true);
    expect(out.split('\n')[1]).toBe('#PID<0.100.0>  counter  Counter (Gen…  waiting     0    12   514 B');
  });

  it('shows at most limit rows and says how many more there are', () => {
    expect(renderProcessTable(rows, { width: 100, limit: 1 }).split('\n').slice(2)).toEqual([
      '... 2 more (limit: 1)',
      'Total                   3 processes                       3  2061  2.7 KB',
    ]);
  });

  it('prints the headings only, and a zero Total, when no process matches', () => {
    expect(renderProcessTable([], { width: 100 })).toBe(
      ['Pid    Name  Initial call / label  Status  Msgs  Reds  Memory', 'Total        0 processes                      0     0     0 B'].join('\n'),
    );
  });

  it('makes the heading bold with color and changes nothing else', () => {
    const out = renderProcessTable(rows, { width: 100, color: true });
    expect(out.startsWith('\u001b[1mPid')).toBe(true);
    expect(out.replace(/\u001b\[\d+m/g, '')).toBe(renderProcessTable(rows, { width: 100 }));
  });
});

describe('processRows', () => {
  it('reads name, label, status and mailbox length of live processes', () =>
    run(async () => {
      const idle = spawn(() => receive(() => false), { label: 'idle_worker' });
      Process.register(idle, 'idler');
      send(idle, 'a');
      send(idle, 'b');
      await Process.sleep(0);
      const [r] = processRows({ filter: (x) => x.pid === idle });
      expect(r).toMatchObject({ pid: idle, name: 'idler', label: 'idle_worker', status: 'waiting', messages: 2 });
      expect(r!.memory).toBeGreaterThan(0);
      Process.exit(idle, 'kill');
    }));

  it('filters by text in pid, name, label or status, ignoring case, or by a RegExp', () =>
    run(async () => {
      const a = spawn(() => receive(), { label: 'alpha_job' });
      const b = spawn(() => receive(), { label: 'beta_job' });
      await Process.sleep(0);
      expect(processRows({ filter: 'ALPHA' }).map((r) => r.pid)).toEqual([a]);
      expect(processRows({ filter: /^#PID<\S+> +(alpha|beta)_job/ }).map((r) => r.pid)).toEqual([a, b]);
      expect(processRows({ filter: String(b) }).map((r) => r.pid)).toEqual([b]);
      for (const p of [a, b]) Process.exit(p, 'kill');
    }));

  it('sorts numbers largest first and text ascending, and desc reverses', () =>
    run(async () => {
      const pids: Pid[] = [];
      for (const [label, n] of [
        ['s_b', 1],
        ['s_c', 3],
        ['s_a', 2],
      ] as const) {
        const p = spawn(() => receive(() => false), { label });
        for (let i = 0; i < n; i++) send(p, i);
        pids.push(p);
      }
      await Process.sleep(0);
      const filter = /s_[abc]/;
      expect(processRows({ filter, sort: 'messages' }).map((r) => r.label)).toEqual(['s_c', 's_a', 's_b']);
      expect(processRows({ filter, sort: 'messages', desc: false }).map((r) => r.label)).toEqual(['s_b', 's_a', 's_c']);
      expect(processRows({ filter, sort: 'label' }).map((r) => r.label)).toEqual(['s_a', 's_b', 's_c']);
      expect(processRows({ filter }).map((r) => r.pid)).toEqual(pids);
      for (const p of pids) Process.exit(p, 'kill');
    }));

  it('names the behaviour of an OTP process beside its module', () =>
    run(async () => {
      class Counter {
        init(n: number) {
          return ['ok', n] as const;
        }
      }
      const [, server] = (await GenServer.start(Counter, 0, { name: 'table_counter' })) as ['ok', Pid];
      const [r] = processRows({ filter: 'table_counter' });
      expect(r).toMatchObject({ pid: server, name: 'table_counter', label: 'Counter', behaviour: 'GenServer' });
      expect(processTable({ filter: 'table_counter', width: 100 }).split('\n')[1]).toMatch(/^#PID<0\.\d+\.0>  table_counter  Counter \(GenServer\) +waiting /);
      await GenServer.stop(server);
    }));

  it('refuses an unknown sort key with the keys it knows', () => {
    expect(() => processRows({ sort: 'heap' as never })).toThrow(
      "processes: cannot sort by \"heap\"; sort by one of 'pid', 'name', 'label', 'status', 'messages', 'reductions', 'memory'.",
    );
  });
});

describe('processTable', () => {
  it('prints a table of 10,000 processes quickly', () =>
    run(async () => {
      const pids = Array.from({ length: 10_000 }, () => spawn(() => receive()));
      await Process.sleep(0);
      const t = performance.now();
      const out = processTable({ width: 100 });
      const ms = performance.now() - t;
      expect(out.split('\n').length).toBeGreaterThan(10_000);
      expect(ms).toBeLessThan(2_000);
      for (const p of pids) Process.exit(p, 'kill');
    }));
});
