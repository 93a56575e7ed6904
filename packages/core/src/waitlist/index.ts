export * from './waitlist.js';
export * from './waitlist-repository.js';
export * from './waitlist-service.js';
