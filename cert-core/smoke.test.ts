import forge from 'node-forge';
test('node-forge loads under ESM', () => {
  expect(forge.md.sha256.create().update('abc').digest().toHex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
