import type { Activity } from 'botbuilder';
import type { Script } from './script.js';

/** A file the user attaches, as Web Chat uploads it. */
export interface UploadFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What one user activity led to. */
export interface TurnOutcome {
  replies: Partial<Activity>[];
  /** Errors the bot threw during the turn (the user saw only the apology). */
  errors: Error[];
}

/** One conversation with the bot under test. */
export interface Conversation {
  /** Sends one user activity (with files to upload, if any) and returns that turn's replies. */
  send(activity: Partial<Activity>, files?: UploadFile[]): Promise<TurnOutcome>;
  close(): Promise<void>;
}

/** Where scripts run: the bot in this process, or a server through Direct Line. */
export interface Target {
  readonly description: string;
  open(script: Script): Promise<Conversation>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.der': 'application/x-x509-ca-cert',
  '.cer': 'application/x-x509-ca-cert',
  '.crt': 'application/x-x509-ca-cert',
  '.pem': 'application/x-pem-file',
  '.key': 'application/octet-stream',
  '.pfx': 'application/x-pkcs12',
  '.p12': 'application/x-pkcs12',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
};

/** The type a browser would give the file (Web Chat sends the File's type). */
export function contentTypeFor(fileName: string): string {
  const extension = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
