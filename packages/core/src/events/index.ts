export * from './domain-event.js';
export * from './event-feed.js';
export * from './event-drafts.js';
export * from './event-service.js';
