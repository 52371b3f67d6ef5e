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
    message_ko: '{file}이(가) 비어 있습니다(0바이트).',
    message_en: '{file} is empty (0 bytes).',
    fix_ko: '복사나 전송이 중간에 실패했을 수 있습니다. 원래 위치(NPKI 폴더)에서 파일을 다시 복사하세요.',
    fix_en: 'Copying or sending probably failed part-way. Copy the file again from its original place (the NPKI folder).',
  },
  TOO_LARGE: {
    severity: 'error',
    message_ko: '{file}이(가) 너무 큽니다({detail}). 인증서 파일은 보통 몇 KB입니다.',
    message_en: '{file} is too large ({detail}). Certificate files are usually a few KB.',
    fix_ko: '인증서 폴더(signCert.der, signPri.key)만 골라서 다시 올리세요.',
    fix_en: 'Select only the certificate folder (signCert.der, signPri.key) and try again.',
  },
  NOT_A_CERTIFICATE: {
    severity: 'error',
    message_ko: '{file}은(는) 인증서 파일이 아닙니다. {what_ko}',
    message_en: '{file} is not a certificate file. {what_en}',
    fix_ko: '인증서는 NPKI 폴더 안의 signCert.der와 signPri.key 두 파일, 또는 .pfx/.p12 파일입니다. 해당 파일을 선택하세요.',
    fix_en: 'A certificate is the pair signCert.der + signPri.key inside the NPKI folder, or a .pfx/.p12 file. Select those files.',
  },
  DAMAGED_FILE: {
    severity: 'error',
    message_ko: '{file}은(는) 인증서 또는 개인키 파일처럼 보이지만 손상되었거나 일부가 잘려 있습니다.',
    message_en: '{file} looks like a certificate or key file, but it is damaged or cut short.',
    fix_ko: '원본 위치에서 다시 복사하거나 내보내기(백업)를 다시 하세요. 원본도 손상되었다면 발급 기관(은행 등)에서 재발급하세요.',
    fix_en: 'Copy or export it again from the original place. If the original is damaged too, get it reissued by the issuing institution (your bank, etc.).',
  },
  NOT_NPKI: {
    severity: 'error',
    message_ko: '이 파일은 인증서이지만 국내 공동인증서(구 공인인증서)가 아닙니다. 발급자: {detail}',
    message_en: 'This is a certificate, but not a Korean signing certificate (공동인증서). Issuer: {detail}',
    fix_ko: '웹사이트용(SSL) 등 다른 용도의 인증서입니다. NPKI 폴더 안의 signCert.der를 선택하세요.',
    fix_en: 'It is a certificate for another purpose (e.g. a web server). Select signCert.der from the NPKI folder instead.',
  },
  TEST_CA: {
    severity: 'warning',
    message_ko: '테스트용 인증기관({detail})이 발급한 시험용 인증서입니다. 실제 은행·공공기관에서는 사용할 수 없습니다.',
    message_en: 'This is a test certificate issued by a test CA ({detail}). Real banks and public services will not accept it.',
    fix_ko: '실제 사용하려면 발급 기관(은행 등)에서 정식 인증서를 발급받으세요.',
    fix_en: 'For real use, get a proper certificate from an issuing institution (your bank, etc.).',
  },
  EXPIRED: {
    severity: 'error',
    message_ko: '인증서 유효기간이 {date}에 끝났습니다.',
    message_en: 'The certificate expired on {date}.',
    fix_ko: '만료된 인증서는 갱신할 수 없는 경우가 많습니다. 발급 기관(은행 등)에서 재발급하세요.',
    fix_en: 'An expired certificate usually cannot be renewed. Have it reissued by the issuing institution (your bank, etc.).',
  },
  NOT_YET_VALID: {
    severity: 'error',
    message_ko: '인증서 유효기간이 아직 시작되지 않았습니다(시작: {date}).',
    message_en: 'The certificate is not valid yet (valid from {date}).',
    fix_ko: '컴퓨터의 날짜와 시간이 맞는지 확인하세요. 맞다면 시작일 이후에 사용하거나 발급 기관에 문의하세요.',
    fix_en: "Check that your computer's date and time are correct. If they are, wait until the start date or ask the issuing institution.",
  },
  RENEWAL_WINDOW: {
    severity: 'warning',
    message_ko: '인증서가 {days}일 후({date}) 만료됩니다.',
    message_en: 'The certificate expires in {days} days ({date}).',
    fix_ko: '만료되기 전에 발급 기관(은행 등)에서 갱신하세요. 만료 후에는 재발급해야 할 수 있습니다.',
    fix_en: 'Renew it with the issuing institution (your bank, etc.) before it expires; after expiry it may have to be reissued.',
  },
  USAGE_RESTRICTED: {
    severity: 'warning',
    message_ko: '용도제한 인증서입니다({detail}). 범용 인증서가 필요한 곳(정부·공공기관 등)에서는 사용할 수 없습니다.',
    message_en: 'This certificate is restricted in use ({detail}). Services that require a general-purpose (범용) certificate, such as many public services, will refuse it.',
    fix_ko: '해당 서비스에서 범용 인증서가 필요하다면 발급 기관(은행 등)에서 범용 인증서를 발급받으세요.',
    fix_en: 'If the service needs a general-purpose certificate, get one from an issuing institution (your bank, etc.).',
  },
  CERT_MISSING: {
    severity: 'error',
    message_ko: '개인키 파일({file})은 있지만 짝이 되는 인증서 파일(signCert.der)이 없습니다.',
    message_en: 'There is a private key ({file}) but no matching certificate file (signCert.der).',
    fix_ko: '같은 폴더에 있던 signCert.der도 함께 복사하거나 선택하세요. 두 파일은 항상 함께 있어야 합니다.',
    fix_en: 'Copy or select signCert.der from the same folder too. The two files always belong together.',
  },
  KEY_MISSING: {
    severity: 'error',
    message_ko: '인증서 파일({file})은 있지만 짝이 되는 개인키 파일(signPri.key)이 없습니다.',
    message_en: 'There is a certificate ({file}) but no matching private key file (signPri.key).',
    fix_ko: '같은 폴더에 있던 signPri.key도 함께 복사하거나 선택하세요. 개인키가 없으면 로그인·서명을 할 수 없습니다.',
    fix_en: 'Copy or select signPri.key from the same folder too. Without the private key you cannot sign in or sign.',
  },
  WRONG_PASSWORD: {
    severity: 'error',
    message_ko: '인증서 비밀번호가 맞지 않습니다.',
    message_en: 'The certificate password is wrong.',
    fix_ko: '대소문자·특수문자와 키보드 한/영 상태를 확인하고 다시 입력하세요. 비밀번호를 잊었다면 찾을 수 없으므로 발급 기관(은행 등)에서 재발급하세요.',
    fix_en: 'Check upper/lower case, special characters and the Korean/English keyboard mode, then try again. A forgotten password cannot be recovered: have the certificate reissued by the issuing institution (your bank, etc.).',
  },
  KEY_MISMATCH: {
    severity: 'error',
    message_ko: '개인키가 이 인증서의 짝이 아닙니다(다른 인증서의 개인키입니다).',
    message_en: 'The private key does not belong to this certificate (it is the key of another certificate).',
    fix_ko: '서로 다른 폴더의 파일이 섞였을 수 있습니다. 같은 폴더에 있던 signCert.der와 signPri.key를 함께 선택하세요.',
    fix_en: 'Files from different folders were probably mixed. Select signCert.der and signPri.key from the same folder.',
  },
  UNSUPPORTED_ENCRYPTION: {
    severity: 'error',
    message_ko: '{file}의 암호화 방식을 이 도구가 지원하지 않습니다({detail}).',
    message_en: "This tool does not support the encryption of {file} ({detail}).",
    fix_ko: '파일 자체는 정상일 수 있습니다. 인증서를 발급받은 기관(은행 등)의 프로그램에서 사용하거나 .pfx로 다시 내보낸 뒤 확인하세요.',
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
