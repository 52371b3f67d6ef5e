import { PROBLEM_TEXTS, type ProblemCode } from './problem-texts.js';
import type { Problem } from './report-schema.js';

export type ProblemParams = Partial<Record<'file' | 'detail' | 'date' | 'days' | 'what_ko' | 'what_en', string | number>>;

function fill(template: string, params: ProblemParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key as keyof ProblemParams];
    if (value !== undefined) return String(value);
    // A template without a given file name still reads naturally.
    if (key === 'file') return '이 파일';
    return '';
  }).replace(/\s+\(\)|\(\)/g, '').trim();
}

export function makeProblem(code: ProblemCode, params: ProblemParams = {}): Problem {
  const text = PROBLEM_TEXTS[code];
  const fileLabel = params.file === undefined ? undefined : String(params.file);
  return {
    code,
    severity: text.severity,
    message_ko: fill(text.message_ko, params),
    message_en: fill(text.message_en, { ...params, file: fileLabel ?? 'The file' }),
    fix_ko: fill(text.fix_ko, params),
    fix_en: fill(text.fix_en, params),
    file: fileLabel ?? null,
  };
}
