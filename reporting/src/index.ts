export * from './findings/index';
export * from './dicom/index';
