export * from './findings/index';
