import path from 'node:path';
import { formatFailure } from './report.js';
import type { ScriptResult } from './runner.js';

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters at all, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** JUnit XML (one testcase per script) as CI dashboards read it. */
export function toJUnit(results: ScriptResult[], suiteName = 'transcripts', seconds?: number): string {
  const failed = results.filter((r) => !r.passed).length;
  const total = seconds ?? results.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
  const cases = results.map((result) => {
    const classname = escapeXml(path.relative(process.cwd(), result.file) || result.file);
    const open = `  <testcase classname="${classname}" name="${escapeXml(result.name)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
    if (result.passed) return `${open}/>`;
    const first = result.failures[0];
    const message = first ? `line ${first.line}: ${first.reason ?? first.mismatches.map((m) => m.path).join(', ')}` : 'failed';
    const details = result.failures.map(formatFailure).join('\n');
    return `${open}>\n    <failure message="${escapeXml(message)}">${escapeXml(details)}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${escapeXml(suiteName)}" tests="${results.length}" failures="${failed}" errors="0" time="${total.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
