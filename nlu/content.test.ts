import { describe, expect, test } from '@jest/globals';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CONTENT_DIR, NluContentError, loadNluContent } from './content.js';
import { INTENTS } from './intents.js';

/** Copies the real content to a temporary folder, lets the test break it, and cleans up. */
async function withContentCopy(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nlu-content-'));
  try {
    await cp(DEFAULT_CONTENT_DIR, dir, { recursive: true });
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function editJson(file: string, edit: (value: Record<string, unknown>) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(file, JSON.stringify(value));
}

describe('loadNluContent', () => {
  test('loads every intent in Korean and English and the entity dictionaries', async () => {
    const content = await loadNluContent();
    for (const intent of INTENTS) {
      const own = content.examples.filter((example) => example.intent === intent);
      expect(own.filter((example) => example.language === 'ko').length).toBeGreaterThanOrEqual(20);
      expect(own.filter((example) => example.language === 'en').length).toBeGreaterThanOrEqual(8);
    }
    expect(content.entities.institution.map((entry) => entry.id)).toEqual(expect.arrayContaining(['epost', 'woori', 'kb']));
  });

  test('a wrong value names the file and the path inside it', async () => {
    await withContentCopy(async (dir) => {
      const file = path.join(dir, 'intents', 'renew.json');
      await editJson(file, (value) => {
        (value.utterances as { ko: unknown[] }).ko[2] = 42;
      });
      const error = await loadNluContent(dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NluContentError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('utterances.ko.2');
    });
  });

  test('an unknown intent name is refused', async () => {
    await withContentCopy(async (dir) => {
      const file = path.join(dir, 'intents', 'renew.json');
      await editJson(file, (value) => {
        value.intent = 'renewal';
      });
      await expect(loadNluContent(dir)).rejects.toThrow(/renew\.json[\s\S]*intent/);
    });
  });

  test('broken JSON names the file', async () => {
    await withContentCopy(async (dir) => {
      const file = path.join(dir, 'entities.json');
      await writeFile(file, '{ "institution": [');
      await expect(loadNluContent(dir)).rejects.toThrow(`Invalid JSON in NLU content file ${file}`);
    });
  });

  test('a bad entity id names the file and the path', async () => {
    await withContentCopy(async (dir) => {
      const file = path.join(dir, 'entities.json');
      await editJson(file, (value) => {
        (value.device as { id: string }[])[0].id = 'toaster';
      });
      await expect(loadNluContent(dir)).rejects.toThrow(/entities\.json[\s\S]*device\.0\.id/);
    });
  });

  test('a missing intent file is reported with the intent name', async () => {
    await withContentCopy(async (dir) => {
      await rm(path.join(dir, 'intents', 'agent.json'));
      await expect(loadNluContent(dir)).rejects.toThrow(/for intent\(s\): agent/);
    });
  });

  test('the same intent in two files is refused', async () => {
    await withContentCopy(async (dir) => {
      await cp(path.join(dir, 'intents', 'cancel.json'), path.join(dir, 'intents', 'cancel-copy.json'));
      await expect(loadNluContent(dir)).rejects.toThrow(/"cancel" is defined twice/);
    });
  });

  test('a missing folder is a clear error, not a crash', async () => {
    await expect(loadNluContent('/nonexistent/nlu')).rejects.toThrow(/Cannot list NLU intents folder \/nonexistent\/nlu\/intents/);
  });
});
