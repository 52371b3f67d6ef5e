// User-facing texts for every problem code, Korean first. Kept as data (not scattered literals) so the
// wording can be reviewed in one place. `{name}` placeholders are filled by problems.ts.
// Fixes never promise fees or validity periods: those differ between institutions.

export const PROBLEM_CODES = [
  'EMPTY_FILE',
  'TOO_LARGE',
  'NOT_A_CERTIFICATE',
  'DAMAGED_FILE',
  'NOT_NPKI',
  'TEST_CA',
  'EXPIRED',
  'NOT_YET_VALID',
  'RENEWAL_WINDOW',
  'USAGE_RESTRICTED',
  'CERT_MISSING',
  'KEY_MISSING',
  'WRONG_PASSWORD',
  'KEY_MISMATCH',
  'UNSUPPORTED_ENCRYPTION',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface ProblemText {
  severity: Severity;
  message_ko: string;
  message_en: string;
  fix_ko: string;
  fix_en: string;
}

export const PROBLEM_TEXTS: Readonly<Record<ProblemCode, ProblemText>> = {
  EMPTY_FILE: {
    severity: 'error',
    message_ko: '{file}이(가) 비어 있어요(0바이트).',
    message_en: '{file} is empty (0 bytes).',
    fix_ko: '복사나 전송이 중간에 실패했을 수 있어요. 원래 위치(NPKI 폴더)에서 파일을 다시 복사해 주세요.',
    fix_en: 'Copying or sending probably failed part-way. Copy the file again from its original place (the NPKI folder).',
  },
  TOO_LARGE: {
    severity: 'error',
    message_ko: '{file}이(가) 너무 커요({detail}). 인증서 파일은 보통 몇 KB예요.',
    message_en: '{file} is too large ({detail}). Certificate files are usually a few KB.',
    fix_ko: '인증서 폴더(signCert.der, signPri.key)만 골라서 다시 올려 주세요.',
    fix_en: 'Select only the certificate folder (signCert.der, signPri.key) and try again.',
  },
  NOT_A_CERTIFICATE: {
    severity: 'error',
    message_ko: '{file}은(는) 인증서 파일이 아니에요. {what_ko}',
    message_en: '{file} is not a certificate file. {what_en}',
    fix_ko: '인증서는 NPKI 폴더 안의 signCert.der와 signPri.key 두 파일, 또는 .pfx/.p12 파일이에요. 그 파일을 골라 주세요.',
    fix_en: 'A certificate is the pair signCert.der + signPri.key inside the NPKI folder, or a .pfx/.p12 file. Select those files.',
  },
  DAMAGED_FILE: {
    severity: 'error',
    message_ko: '{file}은(는) 인증서나 개인키 파일처럼 보이지만 손상됐거나 일부가 잘려 있어요.',
    message_en: '{file} looks like a certificate or key file, but it is damaged or cut short.',
    fix_ko: '원래 위치에서 다시 복사하거나 내보내기(백업)를 다시 해 주세요. 원본도 손상됐다면 인증서를 받은 기관(은행 등)에서 재발급받으세요.',
    fix_en: 'Copy or export it again from the original place. If the original is damaged too, get it reissued by the issuing institution (your bank, etc.).',
  },
  NOT_NPKI: {
    severity: 'error',
    message_ko: '이 파일은 인증서지만 국내 공동인증서(옛 공인인증서)가 아니에요. 발급자: {detail}',
    message_en: 'This is a certificate, but not a Korean signing certificate (공동인증서). Issuer: {detail}',
    fix_ko: '웹사이트용(SSL) 같은 다른 용도의 인증서예요. NPKI 폴더 안의 signCert.der를 골라 주세요.',
    fix_en: 'It is a certificate for another purpose (e.g. a web server). Select signCert.der from the NPKI folder instead.',
  },
  TEST_CA: {
    severity: 'warning',
    message_ko: '테스트용 인증기관({detail})이 발급한 시험용 인증서예요. 실제 은행·공공기관에서는 쓸 수 없어요.',
    message_en: 'This is a test certificate issued by a test CA ({detail}). Real banks and public services will not accept it.',
    fix_ko: '실제로 쓰려면 은행 등에서 정식 인증서를 발급받으세요.',
    fix_en: 'For real use, get a proper certificate from an issuing institution (your bank, etc.).',
  },
  EXPIRED: {
    severity: 'error',
    message_ko: '인증서 유효기간이 {date}에 끝났어요.',
    message_en: 'The certificate expired on {date}.',
    fix_ko: '만료된 인증서는 갱신할 수 없어요. 인증서를 받은 기관(은행 등)에서 재발급받으세요.',
    fix_en: 'An expired certificate cannot be renewed. Have it reissued by the institution that issued it (your bank, etc.).',
  },
  NOT_YET_VALID: {
    severity: 'error',
    message_ko: '인증서 유효기간이 아직 시작되지 않았어요(시작: {date}).',
    message_en: 'The certificate is not valid yet (valid from {date}).',
    fix_ko: '컴퓨터의 날짜와 시간이 맞는지 확인해 주세요. 맞다면 시작일 이후에 쓰거나 인증서를 받은 기관에 물어봐 주세요.',
    fix_en: "Check that your computer's date and time are correct. If they are, wait until the start date or ask the issuing institution.",
  },
  RENEWAL_WINDOW: {
    severity: 'warning',
    message_ko: '인증서가 {days}일 뒤({date}) 만료돼요.',
    message_en: 'The certificate expires in {days} days ({date}).',
    fix_ko: '만료되기 전에 인증서를 받은 기관(은행 등)에서 갱신하세요. 만료된 뒤에는 재발급해야 해요.',
    fix_en: 'Renew it with the institution that issued it (your bank, etc.) before it expires; after expiry it has to be reissued.',
  },
  USAGE_RESTRICTED: {
    // Information, not a problem: a bank's restricted certificate is what most people have and need.
    severity: 'info',
    message_ko: '용도제한 인증서예요({detail}). 범용 인증서를 요구하는 곳에서는 쓸 수 없어요.',
    message_en: 'This certificate is restricted in use ({detail}). Services that require a general-purpose (범용) certificate will refuse it.',
    fix_ko: '쓰려는 서비스가 범용 인증서를 요구할 때만 은행 등에서 범용 인증서를 발급받으면 돼요.',
    fix_en: 'Only if a service requires a general-purpose certificate do you need one from an issuing institution (your bank, etc.).',
  },
  CERT_MISSING: {
    severity: 'error',
    message_ko: '개인키 파일({file})은 있지만 짝이 되는 인증서 파일(signCert.der)이 없어요.',
    message_en: 'There is a private key ({file}) but no matching certificate file (signCert.der).',
    fix_ko: '같은 폴더에 있던 signCert.der도 함께 복사하거나 골라 주세요. 두 파일은 늘 함께 있어야 해요.',
    fix_en: 'Copy or select signCert.der from the same folder too. The two files always belong together.',
  },
  KEY_MISSING: {
    severity: 'error',
    message_ko: '인증서 파일({file})은 있지만 짝이 되는 개인키 파일(signPri.key)이 없어요.',
    message_en: 'There is a certificate ({file}) but no matching private key file (signPri.key).',
    fix_ko: '같은 폴더에 있던 signPri.key도 함께 복사하거나 골라 주세요. 개인키가 없으면 로그인·서명을 할 수 없어요.',
    fix_en: 'Copy or select signPri.key from the same folder too. Without the private key you cannot sign in or sign.',
  },
  WRONG_PASSWORD: {
    severity: 'error',
    message_ko: '인증서 비밀번호가 맞지 않아요.',
    message_en: 'The certificate password is wrong.',
    fix_ko:
      '대소문자·특수문자와 키보드 한/영 상태를 확인하고 다시 입력해 주세요. 잊은 비밀번호는 찾을 수 없어서, 인증서를 받은 기관(은행 등)에서 재발급받아야 해요.',
    fix_en:
      'Check upper/lower case, special characters and the Korean/English keyboard mode, then try again. A forgotten password cannot be recovered: have the certificate reissued by the issuing institution (your bank, etc.).',
  },
  KEY_MISMATCH: {
    severity: 'error',
    message_ko: '개인키가 이 인증서의 짝이 아니에요(다른 인증서의 개인키예요).',
    message_en: 'The private key does not belong to this certificate (it is the key of another certificate).',
    fix_ko: '서로 다른 폴더의 파일이 섞였을 수 있어요. 같은 폴더에 있던 signCert.der와 signPri.key를 함께 골라 주세요.',
    fix_en: 'Files from different folders were probably mixed. Select signCert.der and signPri.key from the same folder.',
  },
  UNSUPPORTED_ENCRYPTION: {
    severity: 'error',
    message_ko: '{file}의 암호화 방식은 이 도구가 지원하지 않아요({detail}).',
    message_en: 'This tool does not support the encryption of {file} ({detail}).',
    fix_ko: '파일 자체는 괜찮을 수 있어요. 인증서를 받은 기관(은행 등)의 프로그램에서 쓰거나, .pfx로 다시 내보낸 뒤 확인해 주세요.',
    fix_en: "The file itself may be fine. Use it with the issuing institution's software, or export it again as .pfx and check that.",
  },
};

/** Short descriptions of recognised non-certificate file types, used in NOT_A_CERTIFICATE. */
export const FOREIGN_KINDS = {
  png: { ko: 'PNG 이미지', en: 'a PNG image' },
  jpeg: { ko: 'JPEG 이미지(사진)', en: 'a JPEG image (photo)' },
  gif: { ko: 'GIF 이미지', en: 'a GIF image' },
  bmp: { ko: 'BMP 이미지', en: 'a BMP image' },
  webp: { ko: 'WebP 이미지', en: 'a WebP image' },
  heic: { ko: 'HEIC 이미지(아이폰 사진)', en: 'a HEIC image (iPhone photo)' },
  pdf: { ko: 'PDF 문서', en: 'a PDF document' },
  hwp: { ko: '한글(HWP) 또는 MS 오피스 문서', en: 'a Hangul (HWP) or MS Office document' },
  office: { ko: 'MS 오피스 문서(docx/xlsx/pptx)', en: 'an MS Office document (docx/xlsx/pptx)' },
  hwpx: { ko: '한글(HWPX) 문서', en: 'a Hangul (HWPX) document' },
  zip: { ko: '인증서가 들어 있지 않은 압축(zip) 파일', en: 'a zip archive with no certificate in it' },
  gzip: { ko: 'gzip 압축 파일', en: 'a gzip archive' },
  rar: { ko: 'RAR 압축 파일', en: 'a RAR archive' },
  sevenZip: { ko: '7z 압축 파일', en: 'a 7z archive' },
  exe: { ko: '실행 파일(프로그램)', en: 'an executable program' },
  html: { ko: '웹 페이지(HTML)', en: 'a web page (HTML)' },
  pemOther: { ko: '인증서가 아닌 PEM 텍스트({label})', en: 'PEM text that is not a certificate ({label})' },
  privateKeyPlain: { ko: '암호화되지 않은 개인키', en: 'an unencrypted private key' },
  text: { ko: '일반 텍스트 파일', en: 'a plain text file' },
  asn1Other: { ko: '인증서가 아닌 다른 종류의 보안 데이터', en: 'some other kind of security data' },
  unknown: { ko: '알 수 없는 형식의 파일', en: 'a file of unknown format' },
  noFiles: { ko: '인증서 파일을 찾지 못했습니다', en: 'no certificate files were found' },
} as const satisfies Record<string, { ko: string; en: string }>;

export type ForeignKind = keyof typeof FOREIGN_KINDS;
