// "개인키는 서버로 보내지 않아요" made true in the page: a file the customer attaches with 📎 is looked at
// before Web Chat uploads it. A private key (by its name, or by its content: cert-core inspects the bytes
// here, in the browser, e.g. a key renamed to .txt or a zip holding signPri.key) is not uploaded; the
// on-device check opens with it instead. The server refuses keys too: this is the first line, not the only.
import { isPrivateKeyFileName } from '../../cert-core/key-files.js';
import type { StoreMiddleware, WebChatAction } from './webchat-types.js';

/** Key material is a few KB; a bigger file is sniffed only up to this size (the server has its own cap). */
const MAX_SNIFF_BYTES = 5 * 1024 * 1024;

interface PendingAttachment {
  blob?: Blob & { name?: string };
}

export interface KeyGuardOptions {
  /** Called with the stopped files (and the name to show) instead of uploading them. */
  onStopped(files: File[], shownName: string): void;
}

export function keyGuard(options: KeyGuardOptions): StoreMiddleware {
  return ({ dispatch }) =>
    (next) =>
    (action) => {
      if (action.type !== 'WEB_CHAT/SEND_MESSAGE') return next(action);
      const attachments = (action.payload?.attachments ?? []) as PendingAttachment[];
      const files = attachments.map((attachment) => attachment.blob).filter((blob): blob is File => blob instanceof File);
      if (files.length === 0) return next(action);
      // Held until the files are looked at; the send box is cleared so nothing is sent twice.
      void privateFileAmong(files).then((keyFile) => {
        if (!keyFile) {
          next(action as WebChatAction);
          return;
        }
        dispatch({ type: 'WEB_CHAT/SET_SEND_BOX_ATTACHMENTS', payload: { attachments: [] } });
        options.onStopped(files, keyFile.name);
      });
      return undefined;
    };
}

/** The first file that is, or holds, a private key; undefined when none is. */
export async function privateFileAmong(files: File[]): Promise<File | undefined> {
  const byName = files.find((file) => isPrivateKeyFileName(file.name));
  if (byName) return byName;
  const small = files.filter((file) => file.size > 0 && file.size <= MAX_SNIFF_BYTES);
  if (small.length === 0) return undefined;
  try {
    const { inspect } = await import('../../cert-core/index.js');
    for (const file of small) {
      const report = inspect([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }], { now: new Date() });
      if (report.privateKey?.present) return file;
    }
  } catch {
    // cert-core could not be loaded or read the file: the server's own refusal is the second line.
  }
  return undefined;
}
