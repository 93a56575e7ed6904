export * from './queue-properties.js';
