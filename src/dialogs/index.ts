/** Guided dialogs: authored definitions, validation against the policies, and the pure engine. */
export * from './types.js';
export * from './definition-schema.js';
export * from './dialog-issues.js';
export * from './quote-match.js';
export * from './engine.js';
export * from './dialog-paths.js';
export * from './dialog-triggers.js';
export * from './compile-dialogs.js';
export * from './dialog-catalogue.js';
export * from './load-dialogs.js';
export * from './dialog-citations.js';
