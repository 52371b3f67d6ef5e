import { z } from 'zod';
import { Bilingual } from './schema.js';

/**
 * Ways out to the institution itself (content/institutions.yaml): its official site, its app in the
 * store, its call center. Links leave the bank's chat, so every address is https and on a host of
 * this allow-list; it lives here, in code review, not in the data it checks.
 */
export const ALLOWED_HOSTS: Readonly<Record<'epost' | 'woori' | 'store', readonly string[]>> = {
  epost: ['www.epostbank.go.kr'],
  woori: ['www.wooribank.com', 'spot.wooribank.com'],
  /** Store pages are the stores' own: the link searches for the app by its name. */
  store: ['play.google.com', 'apps.apple.com'],
};

function allowedUrl(hosts: readonly string[]) {
  return z.url({ protocol: /^https$/, hostname: new RegExp(`^(${hosts.map((h) => h.replace(/\./g, '\\.')).join('|')})$`) }).refine(
    (url) => !/[\s<>"]/.test(url),
    'a link may not contain spaces or quotes',
  );
}

/** A Korean 전국 대표번호 (15xx-xxxx, 16xx-xxxx, 18xx-xxxx): the only kind the assistant shows. */
export const CallCenterNumber = z.string().regex(/^1[568]\d{2}-\d{4}$/, 'a call-center number is written 1588-1900 (15xx, 16xx or 18xx, then four digits)');

function institutionSchema(hosts: readonly string[]) {
  return z
    .object({
      name: Bilingual,
      /** The official internet banking site (its 인증센터 is reached from there). */
      site: z.object({ url: allowedUrl(hosts), label: Bilingual }).strict(),
      /** The app, found in the store by its name. */
      app: z.object({ label: Bilingual, url: allowedUrl(ALLOWED_HOSTS.store) }).strict(),
      callCenter: z
        .object({
          number: CallCenterNumber,
          /** Another number the institution publishes for the same center, if any. */
          alternative: CallCenterNumber.optional(),
          /** When to call; where the hours are not known for certain, where to look them up. */
          hours: Bilingual,
        })
        .strict(),
    })
    .strict();
}

export const InstitutionsSchema = z
  .object({
    institutions: z.object({ epost: institutionSchema(ALLOWED_HOSTS.epost), woori: institutionSchema(ALLOWED_HOSTS.woori) }).strict(),
  })
  .strict();

export type Institutions = z.output<typeof InstitutionsSchema>['institutions'];
export type InstitutionInfo = Institutions['epost'];
