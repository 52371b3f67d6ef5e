import type { CertReport } from '../cert-core/index.js';

/** What checking the user's files gave: a report, a refusal of private material, or a reason it failed. */
export type CheckOutcome =
  | { kind: 'report'; report: CertReport; source: 'upload' | 'local' }
  | { kind: 'private'; names: string[] }
  | { kind: 'unreadable'; reason: 'too_large' | 'unavailable' }
  | { kind: 'invalid_report' };
