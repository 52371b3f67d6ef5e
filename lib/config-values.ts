import { z } from 'zod';

/**
 * The value shapes every settings module (server, security, handoff, PostgreSQL) reads from the
 * environment, written once so that "empty" and "a comma-separated list" mean the same everywhere.
 */

/** An empty value (as in a copied .env.example) means "not set": the default applies. */
export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const positiveInt = z.coerce.number().int().positive();

/**
 * A comma-separated list, trimmed, empty entries dropped; `problemOf` (optional) names what is wrong
 * with one entry, and each such entry is reported with its own message.
 */
export function commaList(problemOf?: (entry: string) => string | undefined) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : (value ?? []),
    z.array(z.string()).superRefine((entries, ctx) => {
      if (!problemOf) return;
      for (const entry of entries) {
        const problem = problemOf(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
  );
}

/** `problemOf` for checks written as functions that throw: the thrown message is the problem. */
export function problemFromThrow(check: (entry: string) => unknown): (entry: string) => string | undefined {
  return (entry) => {
    try {
      check(entry);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
}
