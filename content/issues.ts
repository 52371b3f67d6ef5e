// What can be wrong with a content file, shared by the loader and the checks that span files
// (kept apart from load.ts so that those checks need not import the loader that calls them).

/** One problem in one content file. `path` is the dotted path inside the file ('' = the whole file). */
export interface ContentIssue {
  file: string;
  path: string;
  line?: number;
  reason: string;
}

/** A content file is broken: the message lists every problem as "file: path (line N): reason". */
export class ContentError extends Error {
  constructor(readonly issues: readonly ContentIssue[]) {
    super(
      issues.length === 1
        ? `Invalid content: ${describe(issues[0])}`
        : `Invalid content (${issues.length} problems):\n${issues.map((i) => `- ${describe(i)}`).join('\n')}`,
    );
    this.name = 'ContentError';
  }
}

function describe(issue: ContentIssue): string {
  const line = issue.line === undefined ? '' : issue.path ? `(line ${issue.line})` : `line ${issue.line}`;
  const where = [issue.path, line].filter(Boolean).join(' ');
  return `${issue.file}: ${where ? `${where}: ` : ''}${issue.reason}`;
}

/** A validated file, with a way to point later (cross-file) problems at a line in it. */
export interface Loaded<T> {
  file: string;
  value: T;
  /** The line of the deepest existing node along `keys`. */
  lineAt(keys: (string | number)[]): number | undefined;
}
