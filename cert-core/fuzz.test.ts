// Property-based fuzzing: random bytes, truncations and bit flips of every fixture never throw out of
// inspect, finish within a bound, and only ever yield problem codes from the fixed set.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { generateFixtures } from './fixtures/generate.js';
import { CertReportSchema, PROBLEM_CODES, type InputFile } from './index.js';
// The unguarded variant: an internal exception fails the property instead of hiding behind a DAMAGED_FILE report.
import { inspectUnguarded as inspect } from './inspect.js';

const { now, fixtures, password } = generateFixtures();
const fixtureNames = Object.keys(fixtures).filter((name) => !name.startsWith('zip-bomb') && name !== 'too-large');
const allowed = new Set<string>(PROBLEM_CODES);
/** Generous per-input bound: the slowest honest input (a PBKDF2 key with 65535 iterations after a bit flip) stays well under it. */
const BOUND_MS = 3000;

function checkReport(files: InputFile[], withPassword: boolean): void {
  const started = performance.now();
  const report = inspect(files, { now, password: withPassword ? password : undefined, rrn: withPassword ? '8001011234567' : undefined });
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  expect(CertReportSchema.safeParse(report).success).toBe(true);
  for (const problem of report.problems) expect(allowed.has(problem.code)).toBe(true);
}

const NAMES = ['signCert.der', 'signPri.key', 'cert.pfx', 'a.zip', 'photo.png', 'x', 'NPKI/yessign/USER/cn=a/signCert.der'];

describe('fuzz inspect', () => {
  test('random bytes under any name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (name, bytes, withPassword) => {
        checkReport([{ name, bytes }], withPassword);
      }),
      { numRuns: 200 },
    );
  });

  test('random bytes that start like DER, PEM or zip', () => {
    const prefixes = [
      [0x30, 0x82, 0x05, 0xb4],
      [0x30, 0x82, 0x02, 0x00, 0x30],
      [0x50, 0x4b, 0x03, 0x04],
      [...new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n')],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...NAMES), (prefix, rest, name) => {
        checkReport([{ name, bytes: new Uint8Array([...prefix, ...rest]) }], true);
      }),
      { numRuns: 200 },
    );
  });

  test('truncations and bit flips of every fixture', () => {
    const mutation = fc.record({
      fixture: fc.constantFrom(...fixtureNames),
      fileIndex: fc.nat(),
      kind: fc.constantFrom('truncate', 'flip'),
      position: fc.double({ min: 0, max: 1, noNaN: true }),
      flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }),
      withPassword: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, fileIndex, kind, position, flips, withPassword }) => {
        const files = fixtures[fixture].files.map((file) => ({ ...file, bytes: file.bytes.slice() }));
        const target = files[fileIndex % files.length];
        if (kind === 'truncate') target.bytes = target.bytes.subarray(0, Math.floor(position * target.bytes.length));
        else for (const [at, bit] of flips) if (target.bytes.length) target.bytes[Math.floor(at * (target.bytes.length - 1))] ^= 1 << bit;
        checkReport(files, withPassword);
      }),
      { numRuns: 200 },
    );
  });
});
