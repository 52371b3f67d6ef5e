// cert-core public API: used by the bot, the CLI and the browser page. Keep it small and stable.
// Runs in Node and in browsers: nothing here may import Node built-ins.
export type { InputFile } from './input.js';
export { inspect, type InspectOptions } from './inspect.js';
export {
  CertReportSchema,
  ProblemSchema,
  type CertReport,
  type CertificateInfo,
  type PrivateKeyInfo,
  type IdentityResult,
  type Problem,
} from './report-schema.js';
export { PROBLEM_CODES, type ProblemCode, type Severity } from './problem-texts.js';
export { readZip, zipEntryNames, DEFAULT_ZIP_LIMITS, type ZipLimits, type ZipResult } from './zip.js';
export { maskOwnerName } from './mask.js';
export { isPrivateKeyFileName } from './key-files.js';
