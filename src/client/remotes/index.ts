export * from './read';
export * from './edit';
