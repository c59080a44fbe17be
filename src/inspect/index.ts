/**
 * What a person sees: values printed as iex prints terms, and (to come) trees, tables and
 * diagrams of the running system.
 */
export * from './print.js';
export * from './process_table.js';
export * from './tree.js';
export * from './process_info.js';
export * from './trace.js';
export * from './top.js';
export { formatRestart, type ReportFacts } from './restart_report.js';
export { keysFrom, type KeyInput, type LiveView, type Output } from './terminal.js';
export { observer, startObserver, type ObserverOptions, type ObserverServer } from './observer/index.js';
export { seq, seqRecord, renderSeq, mermaidOf, type SeqArrow, type SeqOptions, type SeqRecording, type ArrowKind } from './seq.js';
