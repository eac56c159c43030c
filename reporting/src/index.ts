export * from './findings/index';
export * from './report/index';
export * from './dicom/index';
