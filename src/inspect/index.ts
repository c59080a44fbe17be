/**
 * What a person sees: values printed as iex prints terms, and (to come) trees, tables and
 * diagrams of the running system.
 */
export * from './print.js';
export * from './process_table.js';
