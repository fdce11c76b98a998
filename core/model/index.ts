export * from './article';
export * from './annotation';
export * from './project';
export * from './provenance';
export * from './time';
export * from './filter';
export * from './reliability';
export * from './tags';
