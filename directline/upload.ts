import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { DirectLineError } from './errors.js';
import { parseJson } from './http-body.js';

export const ACTIVITY_PART_TYPE = 'application/vnd.microsoft.activity';

export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export type UploadResult =
  | { kind: 'ok'; activity: unknown; files: UploadedFile[] }
  /** A file went over the per-file cap: nothing was kept, the caller tells the user why. */
  | { kind: 'fileTooLarge'; fileName: string };

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxActivityBytes: number;
}

/**
 * Parses a Direct Line upload (multipart/form-data): one optional `activity` part (JSON, usually
 * typed application/vnd.microsoft.activity; browsers send it as a Blob, so it may arrive as a
 * "file") plus file parts. The per-file cap is enforced while streaming: once a file is over the
 * cap its bytes are discarded instead of buffered, and the whole upload is refused.
 * A request far over any legitimate size is cut off (413) without reading the rest.
 */
export function parseUpload(req: IncomingMessage, limits: UploadLimits): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          // busboy's own cap is only the backstop; the per-part caps are counted below.
          fileSize: Math.max(limits.maxFileBytes, limits.maxActivityBytes) + 1,
          files: limits.maxFiles + 1,
          fields: 5,
          fieldSize: limits.maxActivityBytes,
          parts: limits.maxFiles + 6,
        },
      });
    } catch {
      reject(new DirectLineError(415, 'UnsupportedMediaType', 'An upload must be sent as multipart/form-data.'));
      return;
    }

    const hardCap = (limits.maxFiles + 1) * (limits.maxFileBytes + 1) + limits.maxActivityBytes + 64 * 1024;
    let received = 0;
    let settled = false;
    let activityText: string | undefined;
    let tooLargeName: string | undefined;
    let failure: DirectLineError | undefined;
    const files: UploadedFile[] = [];
    const pending: Promise<void>[] = [];

    const fail = (error: DirectLineError): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > hardCap) {
        req.off('data', onData);
        req.pause();
        fail(new DirectLineError(413, 'MessageSizeTooBig', 'The upload is too large.'));
      }
    };
    req.on('data', onData);
    // A client that leaves mid-upload: busboy would wait forever for the rest of a part.
    req.once('close', () => {
      if (!req.complete) fail(new DirectLineError(400, 'BadArgument', 'The upload was not received completely.'));
    });

    parser.on('file', (fieldName, stream, info) => {
      const isActivity = fieldName === 'activity' || info.mimeType === ACTIVITY_PART_TYPE;
      const cap = isActivity ? limits.maxActivityBytes : limits.maxFileBytes;
      const name = info.filename || fieldName;
      pending.push(
        collect(stream, cap).then((bytes) => {
          if (bytes === undefined) {
            if (isActivity) failure ??= new DirectLineError(413, 'MessageSizeTooBig', 'The activity part is too large.');
            else tooLargeName ??= name;
            return;
          }
          if (isActivity) activityText = Buffer.from(bytes).toString('utf8');
          else files.push({ name, contentType: info.mimeType || 'application/octet-stream', bytes });
        }),
      );
    });
    parser.on('field', (fieldName, value, info) => {
      if (fieldName !== 'activity') return;
      if (info.valueTruncated) failure ??= new DirectLineError(413, 'MessageSizeTooBig', 'The activity part is too large.');
      else activityText = value;
    });
    parser.on('filesLimit', () => {
      failure ??= new DirectLineError(400, 'BadArgument', `At most ${limits.maxFiles} files per upload.`);
    });
    parser.on('partsLimit', () => {
      failure ??= new DirectLineError(400, 'BadArgument', 'Too many parts in the upload.');
    });
    parser.on('error', () => fail(new DirectLineError(400, 'BadArgument', 'The multipart body is malformed.')));
    parser.on('close', () => {
      void Promise.all(pending).then(() => {
        if (settled) return;
        settled = true;
        req.off('data', onData);
        if (failure) return reject(failure);
        if (tooLargeName !== undefined) return resolve({ kind: 'fileTooLarge', fileName: tooLargeName });
        if (files.length > limits.maxFiles) return reject(new DirectLineError(400, 'BadArgument', `At most ${limits.maxFiles} files per upload.`));
        if (files.length === 0) return reject(new DirectLineError(400, 'MissingProperty', 'The upload contains no file.'));
        try {
          resolve({ kind: 'ok', activity: activityText === undefined ? undefined : parseJson(activityText), files });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.pipe(parser);
  });
}

/** Buffers a part up to `cap` bytes; past the cap, drops what it had and drains the rest (undefined). */
function collect(stream: Readable, cap: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    let chunks: Buffer[] | undefined = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) chunks = undefined;
      else chunks?.push(chunk);
    });
    stream.on('end', () => resolve(chunks ? new Uint8Array(Buffer.concat(chunks)) : undefined));
    stream.on('error', () => resolve(undefined));
  });
}
