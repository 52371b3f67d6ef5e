/** Object identifiers used by the key and PKCS#12 code, with their standard names. */
export const OID = {
  // Password-based encryption schemes
  pbeWithSha1AndSeedCbc: '1.2.410.200004.1.15', // KISA PBES1 variant used by NPKI signPri.key
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha512: '1.2.840.113549.2.11',
  seedCbc: '1.2.410.200004.1.4',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
  pkcs12PbeSha1Rc4_128: '1.2.840.113549.1.12.1.1',
  pkcs12PbeSha1Rc4_40: '1.2.840.113549.1.12.1.2',
  pkcs12PbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pkcs12PbeSha1TwoKeyTripleDes: '1.2.840.113549.1.12.1.4',
  pkcs12PbeSha1Rc2_128: '1.2.840.113549.1.12.1.5',
  pkcs12PbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
  // Keys
  rsaEncryption: '1.2.840.113549.1.1.1',
  npkiRandomNum: '1.2.410.200004.10.1.1.3',
  // Digests
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  // PKCS#7 / PKCS#12 containers
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;
