export * from './lesion';
export * from './imageFindings';
export * from './examFindings';
export * from './examLesion';
export * from './operatingPoints';
export * from './legacyFindings';
export * from './aggregate';
export * from './readerReview';
