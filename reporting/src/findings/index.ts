export * from './lesion';
export * from './imageFindings';
export * from './examFindings';
export * from './aggregate';
export * from './readerReview';
