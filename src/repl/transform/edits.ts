/**
 * Text edits on the user's source, applied in one pass. Every replacement keeps the line breaks
 * of the text it replaces, so the user's code stays on its own line numbers in the output (the
 * shell's stack traces point at the user's lines).
 */

interface Edit {
  start: number;
  end: number;
  text: string;
  seq: number;
}

/** Line breaks in `text`, as a string to append to a replacement. */
function breaksOf(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out += '\n';
  return out;
}

export class Edits {
  private readonly list: Edit[] = [];

  constructor(readonly source: string) {}

  /** Replaces source[start, end) by `text`, then the line breaks the range held. */
  replace(start: number, end: number, text: string): void {
    this.list.push({ start, end, text: text + breaksOf(this.source.slice(start, end)), seq: this.list.length });
  }

  /** Replaces source[start, end) by spaces, keeping line breaks (and so every column). */
  blank(start: number, end: number): void {
    if (end <= start) return;
    const text = this.source.slice(start, end).replace(/[^\r\n]/g, ' ');
    this.list.push({ start, end, text, seq: this.list.length });
  }

  /** Inserts `text` at `pos`; insertions at one position come out in the order they were made. */
  insert(pos: number, text: string): void {
    this.list.push({ start: pos, end: pos, text, seq: this.list.length });
  }

  apply(): string {
    // Insertions at a position go before a replacement that starts there; otherwise first made,
    // first out. Replaced ranges never overlap (the walker never edits inside what it replaced).
    const sorted = this.list.sort(
      (a, b) => a.start - b.start || (a.end === a.start ? 0 : 1) - (b.end === b.start ? 0 : 1) || a.seq - b.seq,
    );
    let out = '';
    let at = 0;
    for (const e of sorted) {
      if (e.start < at) throw new Error(`transform: overlapping edits at ${e.start} (internal error)`);
      out += this.source.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.source.slice(at);
  }
}
