/**
 * Errors the runtime raises. Each says what went wrong and what to write instead, and keeps
 * the Erlang name of the failure (`badarg`, `noproc`) so OTP documentation reads across.
 */
import { formatTerm } from './term.js';

/**
 * Erlang's `badarg`: a call got an argument it cannot use. The message says what is wrong
 * and what to write instead; `reason` is `'badarg'`.
 *
 * @example Sending to a name nobody holds
 * ```ts
 * let error;
 * try { send('nobody', 'hi'); } catch (e) { error = e; }
 * error instanceof ArgumentError; // true
 * (error as ArgumentError).reason; // 'badarg'
 * ```
 */
export class ArgumentError extends Error {
  readonly reason = 'badarg';
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/**
 * An exit raised in a process, as Erlang's `exit/1`: uncaught, it ends the process with
 * `reason`. `try`/`catch` can catch it, as Elixir's `catch :exit, reason` does. `run`
 * rejects with one when its process ends with a reason that is not an Error.
 *
 * @example What exit/1 throws
 * ```ts
 * let error;
 * try { exit(['shutdown', 'done']); } catch (e) { error = e; }
 * error instanceof ExitError; // true
 * (error as ExitError).reason; // ['shutdown', 'done']
 * ```
 */
export class ExitError extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super(`exit: ${formatTerm(reason)}`);
    this.name = 'ExitError';
    this.reason = reason;
  }
}

/**
 * Thrown where the calling code runs outside any process but needs one (`self()`,
 * `receive()` in plain code). The message says how to get into a process.
 *
 * @example What it tells the user
 * ```ts
 * new NoProcessError('receive()').message.startsWith('receive() must run inside a process'); // true
 * ```
 */
export class NoProcessError extends Error {
  constructor(what: string) {
    super(
      `${what} must run inside a process (there is no self() here). ` +
        `Wrap the code in spawn(async () => { ... }) or await run(async () => { ... }).`,
    );
    this.name = 'NoProcessError';
  }
}

/** The exit reason carried by a thrown value: an ExitError's reason, else the value itself. */
export function reasonOf(thrown: unknown): unknown {
  return thrown instanceof ExitError ? thrown.reason : thrown;
}
