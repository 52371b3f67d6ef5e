// Domain tables for Korean NPKI certificates (source: ../shared/domain/npki-facts.md).
// Issuers are matched on the issuer's O= attribute (CA numbers in the CN change over time).

export interface IssuerInfo {
  /** O= value as it appears in issuer DNs (compared case-insensitively). */
  org: string;
  ko: string;
  brand: string;
}

export const ISSUERS: readonly IssuerInfo[] = [
  { org: 'yessign', ko: '금융결제원', brand: 'yessign' },
  { org: 'SignKorea', ko: '코스콤', brand: 'SignKorea' },
  { org: 'KICA', ko: '한국정보인증', brand: 'KICA' },
  { org: 'CrossCert', ko: '한국전자인증', brand: 'CrossCert' },
  { org: 'TradeSign', ko: '한국무역정보통신', brand: 'TradeSign' },
  { org: 'INIPASS', ko: '이니텍', brand: 'INIPASS' },
];

export function findIssuer(org: string | null): IssuerInfo | null {
  if (!org) return null;
  const wanted = org.trim().toLowerCase();
  return ISSUERS.find((issuer) => issuer.org.toLowerCase() === wanted) ?? null;
}

/** Test CAs carry "Test" or "FTCA" in their CN (e.g. `yessignCA-Test Class 4`, `signGATE FTCA04`). */
export function isTestCaName(commonName: string | null): boolean {
  return commonName !== null && /test|ftca/i.test(commonName);
}

/** 'general' = 범용 (accepted everywhere); 'restricted' = limited to some services. */
export type UsageScope = 'general' | 'restricted';

export interface PolicyInfo {
  ko: string;
  en: string;
  scope: UsageScope;
}

const general = (ko: string, en: string): PolicyInfo => ({ ko, en, scope: 'general' });
const restricted = (ko: string, en: string): PolicyInfo => ({ ko, en, scope: 'restricted' });

// Labels are best-known; sources disagree on a few (see npki-facts.md), so the raw OID is always reported too.
export const POLICIES: Readonly<Record<string, PolicyInfo>> = {
  // 금융결제원 (yessign)
  '1.2.410.200005.1.1.1': general('개인 범용', 'personal, general purpose'),
  '1.2.410.200005.1.1.5': general('법인 범용', 'corporate, general purpose'),
  '1.2.410.200005.1.1.4': restricted('은행·신용카드·보험용', 'banking, credit card and insurance only'),
  '1.2.410.200005.1.1.2': restricted('법인 은행·보험용', 'corporate banking and insurance only'),
  '1.2.410.200005.1.1.6.1': restricted('기업뱅킹용', 'corporate banking only'),
  '1.2.410.200005.1.1.6.2': restricted('신용카드용', 'credit card only'),
  '1.2.410.200005.1.1.6.8': restricted('전자세금용', 'electronic tax invoices only'),
  // 코스콤 (SignKorea)
  '1.2.410.200004.5.1.1.5': general('개인 범용', 'personal, general purpose'),
  '1.2.410.200004.5.1.1.7': general('법인 범용', 'corporate, general purpose'),
  '1.2.410.200004.5.1.1.9': restricted('증권·보험용', 'securities and insurance only'),
  '1.2.410.200004.5.1.1.9.2': restricted('신용카드용', 'credit card only'),
  // 한국정보인증 (KICA)
  '1.2.410.200004.5.2.1.2': general('개인 범용', 'personal, general purpose'),
  '1.2.410.200004.5.2.1.1': general('법인 범용', 'corporate, general purpose'),
  '1.2.410.200004.5.2.1.7.1': restricted('은행·신용카드·보험용', 'banking, credit card and insurance only'),
  '1.2.410.200004.5.2.1.7.2': restricted('증권용', 'securities only'),
  '1.2.410.200004.5.2.1.7.3': restricted('신용카드용', 'credit card only'),
  // 한국전자인증 (CrossCert)
  '1.2.410.200004.5.4.1.1': general('개인 범용', 'personal, general purpose'),
  '1.2.410.200004.5.4.1.2': general('법인 범용', 'corporate, general purpose'),
  '1.2.410.200004.5.4.1.101': restricted('은행·보험용', 'banking and insurance only'),
  '1.2.410.200004.5.4.1.102': restricted('증권용', 'securities only'),
  '1.2.410.200004.5.4.1.103': restricted('신용카드용', 'credit card only'),
  '1.2.410.200004.5.4.2.80': restricted('전자세금용', 'electronic tax invoices only'),
  // 한국무역정보통신 (TradeSign)
  '1.2.410.200012.1.1.1': general('개인 범용', 'personal, general purpose'),
  '1.2.410.200012.1.1.3': general('법인 범용', 'corporate, general purpose'),
  '1.2.410.200012.1.1.101': restricted('은행·보험용', 'banking and insurance only'),
  '1.2.410.200012.1.1.103': restricted('증권·보험용', 'securities and insurance only'),
  '1.2.410.200012.1.1.105': restricted('신용카드용', 'credit card only'),
  '1.2.410.200012.5.19.1.1': restricted('전자세금용', 'electronic tax invoices only'),
  // 이니텍 (INIPASS)
  '1.2.410.200004.5.5.1.1': general('개인 범용', 'personal, general purpose'),
  '1.2.410.200004.5.5.1.2': general('법인 범용', 'corporate, general purpose'),
  '1.2.410.200004.5.5.1.3.1': restricted('제휴기관용', 'partner institutions only'),
};

/** OID arcs of the accredited Korean CAs: a policy under one of these marks an NPKI certificate. */
export const NPKI_POLICY_PREFIXES: readonly string[] = ['1.2.410.200005.', '1.2.410.200004.5.', '1.2.410.200012.'];

export function isNpkiPolicy(oid: string): boolean {
  return NPKI_POLICY_PREFIXES.some((prefix) => oid.startsWith(prefix));
}

/** NPKI OIDs for the VID (subjectAltName otherName) and the private key's randomNum attribute. */
export const OID_NPKI_IDENTIFY_DATA = '1.2.410.200004.10.1.1';
export const OID_NPKI_VID = '1.2.410.200004.10.1.1.1';
