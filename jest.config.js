// One jest run over every workspace; TypeScript compiled by swc (type checking is `npm run typecheck`).
const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } },
];

export default {
  testEnvironment: '<rootDir>/config/jest/nodeEnvironment.cjs',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  // dcmjs's "import" build is ESM in a package that does not declare "type": "module": Node
  // detects the syntax, jest loads it as CommonJS and fails. Its UMD build is the same code.
  moduleNameMapper: { '^dcmjs$': '<rootDir>/node_modules/dcmjs/build/dcmjs.js' },
  testMatch: ['<rootDir>/*/src/**/*.test.ts', '<rootDir>/*/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/'],
  testTimeout: 120_000,
};
