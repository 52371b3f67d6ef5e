export interface InputFile {
  /** Relative path inside a folder or zip, e.g. 'NPKI/yessign/USER/cn=…/signCert.der', or just 'signCert.der'. */
  name: string;
  bytes: Uint8Array;
}
