/**
 * beamish: the public entry. Every name of SPEC.md is exported from here.
 * (Shell helpers such as h() and tree() are globals at the prompt, exported by src/repl.)
 */
export * from './runtime/index.js';
export * from './otp/index.js';
