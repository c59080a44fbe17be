/**
 * The course's TypeScript typechecks (tutorials/tsconfig.json, strict): a learner whose
 * editor opens a stub or a solution sees no error that is not theirs.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tutorialsDir } from '../../src/repl/tutorial/course.js';

describe('the course’s TypeScript', () => {
  it('typechecks: every exercise, solution and check', () => {
    const dir = tutorialsDir();
    const configFile = path.join(dir, 'tsconfig.json');
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, dir);
    const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
    // Only the course's files: errors elsewhere belong to the layers they are in.
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(dir))
      .map((d) => {
        const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${path.relative(dir, d.file!.fileName)}:${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
    expect(parsed.fileNames.filter((f) => f.endsWith('/check.ts'))).toHaveLength(14);
  }, 60_000);
});
