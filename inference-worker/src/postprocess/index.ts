export * from './calibrate';
export * from './countCalcifications';
export * from './findPeaks';
export * from './lesionMaps';
export * from './lesionRegion';
export * from './measure';
export * from './toLesions';
export * from './traceOutline';
