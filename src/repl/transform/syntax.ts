/**
 * Parsing TypeScript into an ESTree (oxc-parser: a native parser that loads in a few
 * milliseconds and parses a line in microseconds, with exact UTF-16 positions) and telling
 * "the user is still typing" apart from a real syntax error.
 */
import { parseSync, visitorKeys } from 'oxc-parser';

/** An ESTree / TS-ESTree node as oxc-parser builds it (start/end are UTF-16 offsets). */
export interface Node {
  type: string;
  start: number;
  end: number;
  // The walker reads many node shapes generically; the types of @oxc-project/types would make
  // every access a cast.
  [key: string]: any;
}

export interface Parsed {
  program: Node;
  errors: SyntaxProblem[];
  /** Start and end of every comment, in source order. */
  comments: { start: number; end: number }[];
}

export interface SyntaxProblem {
  message: string;
  /**
   * Where the error points: the last of its labels (oxc lists a related place, "opened here",
   * "declared here", before the offending one), or 0 when it has none.
   */
  pos: number;
}

/** The child keys of each node type, in source order. */
export const childKeys: Record<string, readonly string[]> = visitorKeys;

export function parse(source: string, lang: 'ts' | 'js'): Parsed {
  const r = parseSync(lang === 'ts' ? 'input.ts' : 'input.js', source, {
    lang,
    sourceType: 'module',
    showSemanticErrors: true,
  });
  const errors = r.errors
    .filter((e) => e.severity === 'Error')
    .map((e) => ({
      message: e.helpMessage ? `${e.message} (${e.helpMessage})` : e.message,
      pos: e.labels.length > 0 ? Math.max(...e.labels.map((l) => l.start)) : 0,
    }))
    .sort((a, b) => a.pos - b.pos);
  return { program: r.program as unknown as Node, errors, comments: r.comments };
}

/** End of the last token: the source length less trailing whitespace and comments. */
export function lastCodeEnd(source: string, comments: Parsed['comments']): number {
  let end = source.length;
  let c = comments.length - 1;
  for (;;) {
    while (end > 0 && /\s/.test(source[end - 1]!)) end--;
    while (c >= 0 && comments[c]!.end > end) c--;
    if (c >= 0 && comments[c]!.end === end) end = comments[c--]!.start;
    else return end;
  }
}

/**
 * Whether a syntax error only says that the input stops too early: the parser hit the end
 * while a bracket, template, block comment, statement or operator was still open. Unterminated
 * '…' and "…" strings are real errors (they cannot span lines), unless the line ends with a
 * backslash continuation.
 */
export function isIncompleteError(source: string, codeEnd: number, error: SyntaxProblem, tryStatementEnds: boolean): boolean {
  if (error.message.startsWith('Unterminated multiline comment')) return true;
  if (error.message.startsWith('Unterminated string')) {
    const opener = source[error.pos];
    if (opener === '`' || opener === '}') return true;
    let slashes = 0;
    while (source[codeEnd - 1 - slashes] === '\\') slashes++;
    return slashes % 2 === 1;
  }
  // `try { … }` typed alone: the catch or finally comes on the next line.
  if (error.message.startsWith('Missing catch or finally clause')) return tryStatementEnds;
  return error.pos >= codeEnd;
}

/** 1-based line and 0-based column of `offset` in `source`. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

/** The offset of the next token at or after `pos`, skipping whitespace and comments. */
export function skipTrivia(source: string, pos: number): number {
  for (;;) {
    const ch = source.charCodeAt(pos);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 0xa0 || ch === 0xfeff || ch === 0x2028 || ch === 0x2029) {
      pos++;
    } else if (ch === 47 && source.charCodeAt(pos + 1) === 47) {
      const nl = source.indexOf('\n', pos);
      pos = nl === -1 ? source.length : nl;
    } else if (ch === 47 && source.charCodeAt(pos + 1) === 42) {
      const close = source.indexOf('*/', pos + 2);
      pos = close === -1 ? source.length : close + 2;
    } else {
      return pos;
    }
  }
}
