/**
 * The colors of printed values: iex's defaults (`IO.ANSI.syntax_colors/0` in Elixir 1.14:
 * atoms cyan, strings green, numbers yellow, booleans and nil magenta, collections in the
 * terminal's own color), plus Node's util.inspect colors for what Erlang has no term for
 * (symbols, dates, regexps, markers such as `[Circular *1]`), iex's red for errors, and bold
 * for the headings of tables.
 *
 * Atoms are strings in beamish, so a string that Elixir would print as a bare atom
 * (`'ok'`, `'EXIT'`, `'trap_exit'`) is colored as an atom and any other string as a string.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type Style = 'atom' | 'string' | 'number' | 'boolean' | 'nil' | 'symbol' | 'date' | 'regexp' | 'special' | 'error' | 'heading';

// Level 1 (the 16 basic colors) whatever chalk detects: the caller already decided to color.
const chalk: ChalkInstance = new Chalk({ level: 1 });

const paint: Record<Style, (s: string) => string> = {
  atom: chalk.cyan,
  string: chalk.green,
  number: chalk.yellow,
  boolean: chalk.magenta,
  nil: chalk.magenta,
  symbol: chalk.green,
  date: chalk.magenta,
  regexp: chalk.red,
  special: chalk.cyan,
  error: chalk.red,
  heading: chalk.bold,
};

/** `text` in the color of `style`. */
export function colorize(style: Style, text: string): string {
  return paint[style](text);
}
