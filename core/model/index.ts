export * from './article';
export * from './annotation';
export * from './project';
