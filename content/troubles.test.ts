import { afterAll, describe, expect, test } from '@jest/globals';
import { cpSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { copyOfContent, edit, errorOf, removeContentCopies } from './content-copies.js';
import { loadContent } from './load.js';
import { ProblemCode, type TroubleAction, type TroubleId, type TroubleNode, type TroubleTree } from './schema.js';

const content = loadContent();

function tree(id: TroubleId): TroubleTree {
  const found = content.troubles.find((t) => t.id === id);
  if (!found) throw new Error(`no tree ${id}`);
  return found;
}

function node(id: TroubleId, nodeId: string): TroubleNode {
  const found = tree(id).nodes[nodeId];
  if (!found) throw new Error(`no node ${id}.${nodeId}`);
  return found;
}

/** The node an answer leads to, found by its Korean label. */
function answer(id: TroubleId, nodeId: string, labelKo: string): string {
  const option = node(id, nodeId).options.find((o) => o.label.ko === labelKo);
  if (!option) throw new Error(`no answer "${labelKo}" on ${id}.${nodeId}`);
  return option.next;
}

const allNodes = content.troubles.flatMap((t) => Object.entries(t.nodes).map(([nodeId, n]) => ({ where: `${t.id}.${nodeId}`, tree: t, node: n })));
const allText = (n: TroubleNode): string => [n.title.ko, n.text?.ko ?? '', ...n.checklist.map((c) => c.ko)].join('\n');

describe('the real trouble trees', () => {
  test('there is one tree per trouble, starting where the dialogs expect', () => {
    expect(content.troubles.map((t) => [t.id, t.start]).sort()).toEqual([
      ['trouble_expired', 'expiry_status'],
      ['trouble_password', 'which_cert'],
      ['trouble_unrecognized', 'where_stored'],
    ]);
  });

  test('button labels fit on a button, and the engine’s own 처음으로 is not repeated', () => {
    const labels = allNodes.flatMap(({ where, node: n }) => n.options.map((o) => ({ where, ...o.label })));
    const tooLong = labels.filter((l) => l.ko.length > 20 || l.en.length > 32).map((l) => `${l.where}: ${l.ko} / ${l.en}`);
    expect(tooLong).toEqual([]);
    expect(labels.some((l) => /처음으로|main menu/i.test(`${l.ko} ${l.en}`))).toBe(false);
  });

  test('every "still not working" answer leads to a card that offers a person', () => {
    const failed = allNodes.flatMap(({ where, tree: t, node: n }) => n.options.filter((o) => o.failed).map((o) => ({ where, target: t.nodes[o.next] })));
    expect(failed.length).toBeGreaterThanOrEqual(8);
    for (const { where, target } of failed) {
      expect({ where, agent: target.actions.some((a) => a.type === 'agent') }).toEqual({ where, agent: true });
    }
  });

  test('password: the certificate type is asked first and remembered', () => {
    const options = node('trouble_password', 'which_cert').options;
    expect(options.map((o) => o.set?.certType)).toEqual(['joint', 'financial']);
  });

  test('password: a forgotten joint certificate password leads to reissue, not to a reset', () => {
    const forgotten = node('trouble_password', answer('trouble_password', 'joint_situation', '비밀번호를 잊었어요'));
    expect(forgotten.actions[0]).toEqual({ type: 'procedure', kind: 'reissue' });
    expect(allText(forgotten)).toMatch(/찾을 수 없어요/);
  });

  test('password: "wrong but sure" checks the keyboard, then offers the local test, reissue and a person', () => {
    const checks = node('trouble_password', answer('trouble_password', 'joint_situation', '맞게 썼는데 틀리대요'));
    const text = allText(checks);
    for (const needle of ['한/영', 'Caps Lock', '특수문자', '보안 키패드', '만료일과 발급자']) expect(text).toContain(needle);
    const stillWrong = node('trouble_password', answer('trouble_password', 'joint_wrong_but_sure', '그래도 안 돼요'));
    expect(stillWrong.actions).toEqual([{ type: 'check', mode: 'local' }, { type: 'procedure', kind: 'reissue' }, { type: 'agent' }]);
  });

  test('password: a locked financial PIN is reset at the issuing bank, said carefully', () => {
    const reset = node('trouble_password', answer('trouble_password', 'financial_situation', 'PIN을 잊었거나 잠겼어요'));
    expect(allText(reset)).toContain('여러 번(보통 5회)');
    expect(allText(reset)).toMatch(/본인 확인/);
    expect(reset.actions).toContainEqual({ type: 'procedure', kind: 'reissue' });
    // A cloud certificate has no file to check on the device.
    expect(reset.actions.some((a) => a.type === 'check')).toBe(false);
  });

  test('expired: each answer about the expiry date leads to the right way out', () => {
    const expired = node('trouble_expired', answer('trouble_expired', 'expiry_status', '만료됐다고 나와요'));
    expect(expired.actions[0]).toEqual({ type: 'procedure', kind: 'reissue' });
    const soon = node('trouble_expired', answer('trouble_expired', 'expiry_status', '곧 만료된대요'));
    expect(soon.actions[0]).toEqual({ type: 'procedure', kind: 'renew' });
    expect(allText(soon)).toMatch(/30일/);
    const unknown = node('trouble_expired', answer('trouble_expired', 'expiry_status', '만료일을 모르겠어요'));
    expect(unknown.actions).toEqual([{ type: 'check', mode: 'upload' }, { type: 'check', mode: 'local' }]);
    const elsewhere = node('trouble_expired', answer('trouble_expired', 'expiry_status', '만료 안 됐는데 오류가 나요'));
    expect(elsewhere.actions).toEqual([
      { type: 'trouble', trouble: 'trouble_password' },
      { type: 'trouble', trouble: 'trouble_unrecognized' },
    ]);
  });

  test('not recognized: every place has its own checklist, and the PC one names the NPKI folders', () => {
    const start = node('trouble_unrecognized', 'where_stored');
    expect(start.options).toHaveLength(5);
    const pc = allText(node('trouble_unrecognized', answer('trouble_unrecognized', 'where_stored', 'PC 하드디스크')));
    for (const needle of ['AppData\\LocalLow\\NPKI', 'C:\\Program Files\\NPKI', '~/Library/Preferences/NPKI', 'signCert.der', 'signPri.key', '보안 프로그램']) {
      expect(pc).toContain(needle);
    }
    expect(allText(node('trouble_unrecognized', 'usb'))).toMatch(/먼저 꽂고/);
    expect(node('trouble_unrecognized', 'phone_app').actions).toContainEqual({ type: 'procedure', kind: 'copy_cert' });
    expect(node('trouble_unrecognized', 'cloud').actions).toContainEqual({ type: 'procedure', kind: 'register_other' });
    expect(node('trouble_unrecognized', 'register_failing').actions).toContainEqual({ type: 'faq', id: 'general-vs-restricted' });
  });

  test('not recognized: a file still missing gets the checks, a fresh copy and a person', () => {
    expect(answer('trouble_unrecognized', 'pc', '그래도 안 보여요')).toBe('check_the_file');
    expect(node('trouble_unrecognized', 'check_the_file').actions).toEqual([
      { type: 'check', mode: 'local' },
      { type: 'check', mode: 'upload' },
      { type: 'procedure', kind: 'copy_cert' },
      { type: 'agent' },
    ]);
  });
});

describe('the fixes for each problem code', () => {
  const fix = (code: ProblemCode): TroubleAction[] => content.fixes[code];

  test('every problem code has at least one fix', () => {
    expect(Object.keys(content.fixes).sort()).toEqual([...ProblemCode.options].sort());
  });

  test('the mapping sends each problem where it is solved', () => {
    expect(fix('EXPIRED')[0]).toEqual({ type: 'procedure', kind: 'reissue' });
    expect(fix('RENEWAL_WINDOW')[0]).toEqual({ type: 'procedure', kind: 'renew' });
    for (const code of ['KEY_MISSING', 'KEY_MISMATCH', 'CERT_MISSING', 'DAMAGED_FILE'] as const) {
      expect(fix(code).slice(0, 2)).toEqual([{ type: 'procedure', kind: 'copy_cert' }, { type: 'check', mode: 'local' }]);
    }
    expect(fix('USAGE_RESTRICTED')).toEqual([{ type: 'procedure', kind: 'issue' }, { type: 'faq', id: 'general-vs-restricted' }]);
    for (const code of ['TEST_CA', 'NOT_NPKI', 'NOT_A_CERTIFICATE'] as const) {
      expect(fix(code)).toEqual([{ type: 'check', mode: 'upload' }, { type: 'faq', id: 'where-stored' }]);
    }
    expect(fix('WRONG_PASSWORD')[0]).toEqual({ type: 'trouble', trouble: 'trouble_password' });
  });
});

describe('broken trouble content', () => {
  afterAll(removeContentCopies);

  test('an unmodified copy loads the trees and the fixes', () => {
    const copy = loadContent(copyOfContent());
    expect(copy.troubles).toEqual(content.troubles);
    expect(copy.fixes).toEqual(content.fixes);
  });

  test('a dangling next names the file, the path and the line; the node it used to reach is unreachable', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/trouble_password.yaml', (text) => text.replace('next: joint_still_wrong', 'next: joint_still_wrng'));
    const error = errorOf(dir);
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      ['troubles/trouble_password.yaml', 'nodes.joint_wrong_but_sure.options.1.next'],
      ['troubles/trouble_password.yaml', 'nodes.joint_still_wrong'],
    ]);
    expect(error.issues[0].reason).toContain('node "joint_still_wrng" does not exist');
    expect(error.issues[0].line).toBeGreaterThan(1);
    expect(error.issues[1].reason).toContain('cannot be reached from start "which_cert"');
  });

  test('an unreachable node is refused', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/trouble_expired.yaml', (text) => `${text}\n  orphan:\n    title: { ko: 외톨이, en: Orphan }\n    actions: [{ type: agent }]\n`);
    const error = errorOf(dir);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: 'troubles/trouble_expired.yaml', path: 'nodes.orphan' });
    expect(error.message).toContain('node "orphan" cannot be reached from start "expiry_status"');
  });

  test('a start that does not exist is refused (once, not once per node)', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/trouble_unrecognized.yaml', (text) => text.replace('start: where_stored', 'start: where'));
    const error = errorOf(dir);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: 'troubles/trouble_unrecognized.yaml', path: 'start', line: 4 });
  });

  test('a node without options or actions would trap the user', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/trouble_password.yaml', (text) => text.replace(/(  solved:\n(?:.*\n)*?)    actions:\n      - \{ type: faq, id: security-tips \}\n/, '$1'));
    expect(errorOf(dir).issues).toEqual([
      expect.objectContaining({ file: 'troubles/trouble_password.yaml', path: 'nodes.solved', reason: expect.stringContaining('at least one option or action') }),
    ]);
  });

  test('an unknown FAQ id in a tree or in the fixes is refused with its path', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/trouble_password.yaml', (text) => text.replace('id: joint-vs-financial }', 'id: joint-or-financial }'));
    edit(dir, 'troubles/fixes.yaml', (text) => text.replace('TEST_CA:\n    - { type: check, mode: upload }\n    - { type: faq, id: where-stored }', 'TEST_CA:\n    - { type: check, mode: upload }\n    - { type: faq, id: test-ca }'));
    const error = errorOf(dir);
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      ['troubles/trouble_password.yaml', 'nodes.which_cert.actions.0.id'],
      ['troubles/fixes.yaml', 'fixes.TEST_CA.1.id'],
    ]);
    expect(error.issues[0].reason).toContain('FAQ "joint-or-financial" does not exist');
    expect(error.message).toMatch(/troubles\/fixes\.yaml: fixes\.TEST_CA\.1\.id \(line \d+\): FAQ "test-ca" does not exist/);
  });

  test('a missing problem code in the fixes is named', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/fixes.yaml', (text) => text.replace(/  EXPIRED:\n(    - .*\n)+/, ''));
    const error = errorOf(dir);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: 'troubles/fixes.yaml', path: 'fixes.EXPIRED' });
    expect(error.issues[0].reason).toMatch(/^missing/);
  });

  test('a misspelt problem code and an unknown action type are refused by the schema', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/fixes.yaml', (text) => `${text}  EXPIRD:\n    - { type: agent }\n`);
    edit(dir, 'troubles/trouble_expired.yaml', (text) => text.replace('- { type: faq, id: renewal-timing }', '- { type: phone }'));
    const error = errorOf(dir);
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      ['troubles/trouble_expired.yaml', 'nodes.expired.actions.1.type'],
      ['troubles/fixes.yaml', 'fixes'],
    ]);
    expect(error.issues[1].reason).toContain('EXPIRD');
  });

  test('a missing tree, a missing fixes file and a second tree for the same trouble are named', () => {
    const dir = copyOfContent();
    unlinkSync(path.join(dir, 'troubles/trouble_expired.yaml'));
    unlinkSync(path.join(dir, 'troubles/fixes.yaml'));
    expect(errorOf(dir).issues).toEqual([expect.objectContaining({ file: 'troubles/fixes.yaml', reason: expect.stringContaining('not found') })]);

    const again = copyOfContent();
    unlinkSync(path.join(again, 'troubles/trouble_expired.yaml'));
    cpSync(path.join(again, 'troubles/trouble_password.yaml'), path.join(again, 'troubles/trouble_password.yml'));
    const error = errorOf(again);
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      ['troubles/trouble_password.yml', 'id'],
      ['troubles/trouble_expired.yaml', ''],
    ]);
    expect(error.message).toContain('duplicate tree for trouble_password (already in troubles/trouble_password.yaml)');
  });
});
