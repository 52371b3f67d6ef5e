import { isLoopbackUrl } from './loopback.js';

test.each([
  ['http://localhost:3978/', true],
  ['http://127.0.0.1:9/x', true],
  ['https://127.8.9.10/', true],
  ['http://127.1/', true], // normalised to 127.0.0.1
  ['http://0x7f.0.0.1/', true], // normalised to 127.0.0.1
  ['http://[::1]:3978/', true],
  ['http://0.0.0.0:6379/', false],
  ['http://169.254.169.254/latest/meta-data', false],
  ['http://10.0.0.1/', false],
  ['http://127.0.0.1@attacker.example/', false], // the user part is not the host
  ['http://127.0.0.1.attacker.example/', false],
  ['http://localhost.attacker.example/', false],
  ['http://[::ffff:a00:1]/', false],
  ['ftp://127.0.0.1/', false],
  ['file:///etc/passwd', false],
  ['not a url', false],
  [undefined, false],
])('%s is loopback: %s', (url, expected) => {
  expect(isLoopbackUrl(url)).toBe(expected);
});
