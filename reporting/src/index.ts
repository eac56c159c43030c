export * from './findings/index';
export * from './report/index';
export * from './dicom/index';
export * from './pdf/index';
export * from './signature/index';
export * from './fhir/index';
