import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { fakeBot } from './fake-bot.js';
import { inProcessTarget } from './in-process.js';
import { loadScript } from './load.js';
import { formatResult } from './report.js';
import { runScript } from './runner.js';
import type { Script } from './script.js';

const target = inProcessTarget(fakeBot, { description: 'fake bot' });

function load(text: string, name = 'x.convo.txt') {
  const dir = mkdtempSync(path.join(tmpdir(), 'convo-'));
  writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'a.der'), 'abc');
  return loadScript(path.join(dir, name));
}

function script(text: string): Script {
  const loaded = load(text);
  if (!loaded.ok) throw loaded.error;
  return loaded.script;
}

const loadError = (text: string) => {
  const loaded = load(text);
  if (loaded.ok) throw new Error('expected a load error');
  return loaded.error.message;
};

describe('Botium .convo.txt', () => {
  test('name, description, #me text, BUTTON (an event named after the payload), MEDIA, #bot text with wildcards and asserters', async () => {
    const convo = script(`greeting and buttons
what it checks, in a second line

#me
hi

#bot
WELCOME
BUTTONS A|B
!BUTTONS C
CARDS choose *
TEXT_EQUALS Welcome
TEXT_REGEXP_ANY ^Wel|^Bye

#me
BUTTON {"pick":"a"}

#bot
event *

#me
BUTTON A

#bot
TEXT_CONTAINS_ALL event|A
!Welcome

#me
MEDIA a.der

#bot
got a.der*
`);
    expect(convo.name).toBe('greeting and buttons');
    expect(convo.steps.map((step) => step.kind)).toEqual(['user', 'bot', 'send', 'bot', 'send', 'bot', 'upload', 'bot']);
    expect(convo.steps[2]).toMatchObject({ kind: 'send', line: 16, activity: { type: 'event', name: { pick: 'a' } } });
    const result = await runScript(convo, target);
    expect(result.failures).toEqual([]);
  });

  test('a reply that does not match: the diff names the line, the asserter, expected and actual', async () => {
    const result = await runScript(script('x\n#me\nhi\n\n#bot\nGoodbye\nBUTTONS A|C\n!TEXT_CONTAINS_ANY Wel\n'), target);
    expect(formatResult(result).split('\n').slice(1, 13).join('\n')).toBe(
      [
        '  line 5: bot — reply 1 to user "hi"',
        '    text',
        '      - expected: ["Goodbye"]',
        '      + actual:   ["Welcome"]',
        '    buttons',
        '      - expected: all of ["A", "C"]',
        '      + actual:   ["A", "B"]',
        '    !TEXT_CONTAINS_ANY',
        '      - expected: not matched',
        '      + actual:   Welcome',
        '    reply:',
        '      [card] Welcome',
      ].join('\n'),
    );
  });

  test('strict like our scripts: a reply with no #bot section fails the script', async () => {
    const result = await runScript(script('x\n#me\nhi\n'), target);
    expect(result.failures.map((f) => f.reason)).toEqual(['1 reply was not asserted (add bot steps, or use expect: for a loose check)']);
  });

  test('unknown and unsupported asserters are errors with the line, never ignored', () => {
    expect(loadError('x\n#me\nhi\n#bot\nTEXT_CONTAINZ_ANY a\n')).toMatch(
      /x\.convo\.txt:5: unknown asserter TEXT_CONTAINZ_ANY \(supported: BUTTONS, MEDIA, CARDS, TEXT,/,
    );
    expect(loadError('x\n#me\nhi\n#bot\nINTENT greeting\n')).toMatch(/:5: the Botium asserter INTENT is not supported/);
    expect(loadError('x\n#me\nhi\n#bot\nPAUSE 100\n')).toMatch(/:5: the Botium asserter PAUSE is not supported/);
    expect(loadError('x\n#me\nFORM name|x\n')).toMatch(/:3: FORM is not supported in #me sections/);
    expect(loadError('x\n#me\nhi\n#bot\nTEXT_CONTAINS_ANY\n')).toMatch(/:5: TEXT_CONTAINS_ANY: needs at least one argument/);
    expect(loadError('x\n#me\nhi\n#bot\nTEXT_REGEXP_ANY (\n')).toMatch(/:5: TEXT_REGEXP_ANY: Invalid regular expression/);
  });

  test('other mistakes are specific', () => {
    expect(loadError('x\n#begin\nPAUSE 1\n#me\nhi\n')).toMatch(/:2: #begin sections are not supported/);
    expect(loadError('x\n#me\nhi\n#bot\n?maybe\n')).toMatch(/:5: optional steps \(\?\) are not supported/);
    expect(loadError('x\n#me\n\n#bot\nhi\n')).toMatch(/:2: #me needs a text, a BUTTON or a MEDIA line/);
    expect(loadError('x\n#me\nhi\nBUTTON A\n')).toMatch(/:2: a #me section has either text or one BUTTON\/MEDIA/);
    expect(loadError('just a name\n')).toMatch(/needs at least one #me or #bot section/);
    expect(loadError('x\n#bot channel\nhi\n')).toMatch(/:2: channels on sections/);
  });
});
