import { PROBLEM_TEXTS, type ProblemCode } from './problem-texts.js';
import type { Problem } from './report-schema.js';

/**
 * Values for the `{name}` placeholders of problem-texts.ts. `detail` is language-neutral (a date, a DN, a
 * size); `detail_ko`/`detail_en` override it per language when the detail is prose.
 */
export interface ProblemParams {
  /** Path of the file inside the input; messages show its base name, the report's `file` keeps the path. */
  file?: string;
  detail?: string;
  detail_ko?: string;
  detail_en?: string;
  date?: string;
  days?: number;
  what_ko?: string;
  what_en?: string;
}

type Language = 'ko' | 'en';

function value(params: ProblemParams, key: string, language: Language): string | undefined {
  if (key === 'file') return params.file === undefined ? (language === 'ko' ? '이 파일' : 'The file') : baseName(params.file);
  if (key === 'detail') return (language === 'ko' ? params.detail_ko : params.detail_en) ?? params.detail;
  const raw = params[key as keyof ProblemParams];
  return raw === undefined ? undefined : String(raw);
}

function fill(template: string, params: ProblemParams, language: Language): string {
  return (
    template
      // "(…{x}…)" around an absent value disappears with its parentheses.
      .replace(/\s*\(\{(\w+)\}\)/g, (whole, key: string) => (value(params, key, language) ? whole : ''))
      .replace(/\{(\w+)\}/g, (_, key: string) => value(params, key, language) ?? '')
      .trim()
  );
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

export function makeProblem(code: ProblemCode, params: ProblemParams = {}): Problem {
  const text = PROBLEM_TEXTS[code];
  return {
    code,
    severity: text.severity,
    message_ko: fill(text.message_ko, params, 'ko'),
    message_en: fill(text.message_en, params, 'en'),
    fix_ko: fill(text.fix_ko, params, 'ko'),
    fix_en: fill(text.fix_en, params, 'en'),
    file: params.file ?? null,
  };
}
