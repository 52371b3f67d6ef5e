import path from 'node:path';
import { renderReply } from './reply-view.js';
import type { ScriptResult, StepFailure } from './runner.js';

const relative = (file: string) => path.relative(process.cwd(), file) || file;

/** One failing step: where, why, expected vs actual per assertion, then the replies as shown. */
export function formatFailure(failure: StepFailure): string {
  const lines = [`  ${failure.line > 0 ? `line ${failure.line}: ` : ''}${failure.label}`];
  if (failure.reason) lines.push(`    ${failure.reason}`);
  for (const mismatch of failure.mismatches) {
    lines.push(`    ${mismatch.path}`, `      - expected: ${mismatch.expected}`, `      + actual:   ${mismatch.actual}`);
  }
  if (failure.actual.length > 0) {
    lines.push(failure.actual.length === 1 ? '    reply:' : '    replies:');
    failure.actual.forEach((reply, i) => {
      const rendered = renderReply(reply, '      ');
      lines.push(failure.actual.length === 1 ? rendered : rendered.replace(/^ {6}/, `    ${i + 1}. `));
    });
  }
  return lines.join('\n');
}

/** A script's result: one line when it passed, the full diff when it failed. */
export function formatResult(result: ScriptResult): string {
  const head = `${result.passed ? '✓' : '✗'} ${result.name} — ${relative(result.file)} (${result.durationMs.toFixed(0)} ms)`;
  if (result.passed) return head;
  return [head, ...result.failures.map(formatFailure)].join('\n');
}

export function formatSummary(results: ScriptResult[], seconds: number, updated: number): string {
  const failed = results.filter((r) => !r.passed).length;
  const rate = seconds > 0 ? results.length / seconds : results.length;
  const parts = [`${results.length - failed} passed`, `${failed} failed`, ...(updated > 0 ? [`${updated} expectations updated`] : [])];
  return `${parts.join(', ')} — ${results.length} scripts in ${seconds.toFixed(2)} s (${rate.toFixed(1)} scripts/s)`;
}
