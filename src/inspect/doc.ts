/**
 * A small document algebra and its layout, after Elixir's Inspect.Algebra (Wadler's pretty
 * printer as iex uses it): a value becomes a tree of texts and bracketed blocks, and the
 * layout puts a block on one line when it fits the width, else breaks it.
 *
 * Two ways to break a block, as Elixir's `container_doc`:
 * - flex (every item a plain text, e.g. a list of numbers): items fill each line, continued
 *   lines indented one column (iex: `[1, 2, …, 22,\n 23, …]`);
 * - strict (any item that could itself break): one item a line, indented two columns, the
 *   closing bracket on its own line.
 *
 * Each node knows its one-line width when built, so the layout is linear in the size of
 * the document.
 */
import { colorize, type Style } from './colors.js';

export interface Text {
  readonly kind: 'text';
  readonly text: string;
  readonly style: Style | undefined;
  readonly width: number;
}

/** Parts printed one after the other (`key: value`, `<ref *1> { … }`). */
export interface Seq {
  readonly kind: 'seq';
  readonly parts: readonly Doc[];
  readonly width: number;
}

/** `open item, item close`; `pad` puts a space inside the brackets on one line (`{ a: 1 }`). */
export interface Block {
  readonly kind: 'block';
  readonly open: string;
  readonly items: readonly Doc[];
  readonly close: string;
  readonly pad: boolean;
  readonly flex: boolean;
  readonly width: number;
}

export type Doc = Text | Seq | Block;

export function text(s: string, style?: Style): Text {
  return { kind: 'text', text: s, style, width: s.length };
}

export function seq(...parts: Doc[]): Seq {
  let width = 0;
  for (const p of parts) width += p.width;
  return { kind: 'seq', parts, width };
}

export function block(open: string, items: Doc[], close: string, pad: boolean): Block {
  let width = open.length + close.length;
  let flex = true;
  for (const it of items) {
    width += it.width;
    if (it.kind !== 'text') flex = false;
  }
  if (items.length > 0) width += 2 * (items.length - 1) + (pad ? 2 : 0);
  return { kind: 'block', open, items, close, pad, flex, width };
}

/** The document as a string, at most `width` columns wide where the texts allow. */
export function layout(doc: Doc, width: number, color: boolean): string {
  const p = new Printer(width, color);
  p.print(doc, 0, 0);
  return p.out.join('');
}

class Printer {
  readonly out: string[] = [];
  col = 0;

  constructor(
    readonly width: number,
    readonly color: boolean,
  ) {}

  write(s: string, style?: Style): void {
    this.out.push(this.color && style !== undefined ? colorize(style, s) : s);
    this.col += s.length;
  }

  newline(indent: number): void {
    this.out.push('\n' + ' '.repeat(indent));
    this.col = indent;
  }

  flat(doc: Doc): void {
    if (doc.kind === 'text') this.write(doc.text, doc.style);
    else if (doc.kind === 'seq') for (const part of doc.parts) this.flat(part);
    else {
      this.write(doc.open);
      if (doc.items.length > 0 && doc.pad) this.write(' ');
      doc.items.forEach((it, i) => {
        if (i > 0) this.write(', ');
        this.flat(it);
      });
      if (doc.items.length > 0 && doc.pad) this.write(' ');
      this.write(doc.close);
    }
  }

  /** Prints `doc` at the current column; `rest` is the width of what must follow on its line. */
  print(doc: Doc, indent: number, rest: number): void {
    if (doc.kind === 'text' || this.col + doc.width + rest <= this.width) return this.flat(doc);
    if (doc.kind === 'seq') {
      // What follows a part up to the next place that can break must fit with it.
      const n = doc.parts.length;
      for (let i = 0; i < n; i++) {
        let after = 0;
        let j = i + 1;
        for (; j < n && doc.parts[j]!.kind === 'text'; j++) after += doc.parts[j]!.width;
        this.print(doc.parts[i]!, indent, j === n ? after + rest : after);
      }
      return;
    }
    const n = doc.items.length;
    if (doc.flex && !doc.pad) {
      // Elixir's flex break: an item goes on the line if it and its comma (or the closing
      // bracket) still fit, else on a new line nested one column in.
      this.write(doc.open);
      doc.items.forEach((it, i) => {
        const last = i === n - 1;
        if (i > 0) {
          this.write(',');
          if (this.col + 1 + it.width + (last ? doc.close.length + rest : 1) <= this.width) this.write(' ');
          else this.newline(indent + 1);
        }
        this.flat(it);
      });
      this.write(doc.close);
      return;
    }
    this.write(doc.open);
    if (doc.flex) {
      // A padded block of plain items (a Set of numbers): filled lines between the brackets.
      this.newline(indent + 2);
      doc.items.forEach((it, i) => {
        if (i > 0) {
          this.write(',');
          if (this.col + 1 + it.width + 1 <= this.width) this.write(' ');
          else this.newline(indent + 2);
        }
        this.flat(it);
      });
    } else {
      doc.items.forEach((it, i) => {
        this.newline(indent + 2);
        this.print(it, indent + 2, i < n - 1 ? 1 : 0);
        if (i < n - 1) this.write(',');
      });
    }
    this.newline(indent);
    this.write(doc.close);
  }
}
