/** The intent names are part of the product's interface (see ../shared/eval/README.md). */
export const INTENTS = [
  'issue',
  'reissue',
  'renew',
  'register_other',
  'deregister_other',
  'copy_cert',
  'trouble_password',
  'trouble_expired',
  'trouble_unrecognized',
  'check_file',
  'cert_info',
  'agent',
  'greeting',
  'cancel',
  'none',
] as const;

export type Intent = (typeof INTENTS)[number];

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
