export * from './article';
export * from './annotation';
export * from './project';
export * from './provenance';
export * from './time';
