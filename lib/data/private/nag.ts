// Moved to lib/private/nag.ts (shared by every part of the library).
export * from '../../private/nag';
