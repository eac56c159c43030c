export * from './model';
export type { ReportDocument } from './document';
