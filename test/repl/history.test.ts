import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, HISTORY_SIZE, historyFile, loadHistory, searchHistory, trimHistory } from '../../src/repl/history.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'beamish-history-'));

describe('the history file', () => {
  it('lives in the home folder unless BEAMISH_HISTORY moves it or empties it', () => {
    expect(historyFile({ HOME: '/h' })).toMatch(/\.beamish_history$/);
    expect(historyFile({ BEAMISH_HISTORY: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
    expect(historyFile({ BEAMISH_HISTORY: '' })).toBeUndefined();
  });

  it('loads the saved lines newest first, as readline wants them', () => {
    const file = path.join(dir(), 'h');
    appendHistory(file, 'first');
    appendHistory(file, 'second');
    appendHistory(file, '   ');
    expect(loadHistory(file)).toEqual(['second', 'first']);
  });

  it('starts empty when there is no file or history is off', () => {
    expect(loadHistory(path.join(dir(), 'missing'))).toEqual([]);
    expect(loadHistory(undefined)).toEqual([]);
  });

  it('is trimmed to the newest lines once it grows past twice its size', () => {
    const file = path.join(dir(), 'h');
    writeFileSync(file, `${Array.from({ length: HISTORY_SIZE * 2 + 5 }, (_, i) => `line ${i}`).join('\n')}\n`);
    trimHistory(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBe(HISTORY_SIZE);
    expect(lines[lines.length - 1]).toBe(`line ${HISTORY_SIZE * 2 + 4}`);
  });
});

describe('reverse search', () => {
  it('finds the newest entry containing the query, then older ones', () => {
    const history = ['spawn(b)', 'const x = 1', 'spawn(a)'];
    expect(searchHistory(history, 'spawn', 0)).toBe(0);
    expect(searchHistory(history, 'spawn', 1)).toBe(2);
    expect(searchHistory(history, 'nothing', 0)).toBe(-1);
  });
});
