import { InstitutionsSchema } from './institutions-schema.js';
import { loadContent, loadInstitutions } from './load.js';
import { copyOfContent, edit, errorOf, removeContentCopies } from './content-copies.js';

afterAll(removeContentCopies);

test('the institutions’ ways out load and every link is https on the allow-list', () => {
  const institutions = loadInstitutions();
  for (const info of Object.values(institutions)) {
    for (const url of [info.site.url, info.app.url]) expect(new URL(url).protocol).toBe('https:');
    expect(info.callCenter.number).toMatch(/^1[568]\d{2}-\d{4}$/);
  }
  // The numbers are those the call-center FAQ gives (one source for both).
  const faq = loadContent().faq.find((f) => f.id === 'call-center')!;
  for (const info of Object.values(institutions)) expect(faq.answer.ko).toContain(info.callCenter.number);
});

const valid = () => structuredClone({ institutions: loadInstitutions() });

test.each([
  ['http instead of https', (d: ReturnType<typeof valid>) => (d.institutions.epost.site.url = 'http://www.epostbank.go.kr')],
  ['a host that is not the institution’s', (d: ReturnType<typeof valid>) => (d.institutions.epost.site.url = 'https://www.epostbank.go.kr.evil.example')],
  ['another institution’s host', (d: ReturnType<typeof valid>) => (d.institutions.woori.site.url = 'https://www.epostbank.go.kr')],
  ['an app link outside the stores', (d: ReturnType<typeof valid>) => (d.institutions.woori.app.url = 'https://example.com/app.apk')],
  ['a javascript: link', (d: ReturnType<typeof valid>) => (d.institutions.woori.app.url = 'javascript:alert(1)')],
  ['a mobile number as the call center', (d: ReturnType<typeof valid>) => (d.institutions.epost.callCenter.number = '010-1234-5678')],
  ['a number without its dash', (d: ReturnType<typeof valid>) => (d.institutions.epost.callCenter.number = '15881900')],
  ['hours in Korean only', (d: ReturnType<typeof valid>) => ((d.institutions.epost.callCenter.hours as { en?: string }).en = undefined)],
])('refused: %s', (_name, spoil) => {
  const data = valid();
  spoil(data);
  expect(InstitutionsSchema.safeParse(data).success).toBe(false);
});

test('a broken file is named with the path of the damage', () => {
  const dir = copyOfContent();
  edit(dir, 'institutions.yaml', (text) => text.replace('url: https://www.wooribank.com', 'url: http://www.wooribank.com'));
  expect(errorOf(dir).issues[0]).toMatchObject({ file: 'institutions.yaml', path: 'institutions.woori.site.url' });
});

test('a generic ("other") procedure cannot link to an app or site: it has none', () => {
  const dir = copyOfContent();
  edit(dir, 'procedures/other-joint-issue.yaml', (text) => text.replace(/steps:\n {2}- title:/, 'steps:\n  - opens: [app]\n    title:'));
  expect(errorOf(dir).issues[0]).toMatchObject({ file: 'procedures/other-joint-issue.yaml', path: 'steps.0.opens' });
});
