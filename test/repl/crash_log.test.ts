/**
 * logCrashes: the shell's report handler. A supervisor's reports are printed as one line
 * each (formatRestart); other reports as their text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GenServer, setReportHandler, Supervisor } from '../../src/otp/index.js';
import { logCrashes } from '../../src/repl/crash_log.js';
import { Process, run, type Pid } from '../../src/runtime/index.js';

afterEach(() => void setReportHandler(undefined));

const Worker = { name: 'Worker', init: (arg: unknown) => ['ok', arg] };

describe('logCrashes', () => {
  it("prints a restart as one line, without formatting the supervisor's long report", () =>
    run(async () => {
      // Formatting the long report reads the child's start arg (its Start Call line).
      let reads = 0;
      const arg = {
        get probe() {
          reads++;
          return 1;
        },
      };
      const printed: string[] = [];
      logCrashes((text) => printed.push(text), false);
      const [, sup] = (await Supervisor.startLink([{ id: 'w', start: [GenServer, 'startLink', [Worker, arg]] }], { strategy: 'one_for_one' })) as ['ok', Pid];
      const [[, old]] = await Supervisor.whichChildren(sup);
      Process.exit(old as Pid, 'kill');
      const [[, now]] = await Supervisor.whichChildren(sup);
      expect(printed).toEqual([`worker 'w' ${old} was killed; supervisor ${sup} restarted it as ${now} (1 of 3 in 5 s)`]);
      expect(reads).toBe(0);
    }));

  it('prints the text of a report that has no line of its own (a GenServer crash), in red when colored', () =>
    run(async () => {
      const printed: string[] = [];
      logCrashes((text) => printed.push(text), true);
      const [, pid] = (await GenServer.start(Worker, null)) as ['ok', Pid];
      await GenServer.stop(pid, 'boom');
      expect(printed.length).toBe(1);
      expect(printed[0]).toMatch(new RegExp(`^\\x1b\\[31m\\[error\\] GenServer ${pid.toString().replace(/[<>.]/g, '\\$&')} terminating\n\\*\\* \\(stop\\) 'boom'`));
      expect(printed[0].endsWith('\x1b[39m')).toBe(true);
    }));
});
