export * from './channels';
export * from './contract';
export * from './commands';
export * from './build';
