/**
 * The only texts this channel itself shows to a Web Chat user (Korean first, then English).
 * Kept apart from the code that sends them so they can be reviewed and translated in one place.
 */
const FILE_TOO_LARGE = {
  ko: '"{name}" 파일이 너무 커요 (최대 {max}). 더 작은 파일을 보내 주세요.',
  en: 'The file "{name}" is too large (max {max}). Please send a smaller file.',
};

const TOO_MANY_REQUESTS = {
  ko: '요청이 너무 많아요. {seconds}초 뒤에 다시 시도해 주세요.',
  en: 'Too many requests. Please try again in {seconds} seconds.',
};

/** Said once in the chat when a client posts faster than its limit (the posts themselves get 429). */
const SLOW_DOWN = {
  ko: '메시지가 너무 빨리 오고 있어요. 조금 천천히, {seconds}초쯤 뒤에 다시 보내 주세요.',
  en: 'Messages are arriving too fast. Please slow down and send again in about {seconds} seconds.',
};

const MAX_NAME_CHARS = 80;

/** The body of a 429: Korean, then English. */
export function tooManyRequestsText(retryAfterSeconds: number): string {
  return bilingual(TOO_MANY_REQUESTS, { seconds: String(retryAfterSeconds) }, ' / ');
}

export function slowDownText(retryAfterSeconds: number): string {
  return bilingual(SLOW_DOWN, { seconds: String(retryAfterSeconds) }, '\n');
}

function bilingual(text: { ko: string; en: string }, values: Record<string, string>, separator: string): string {
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return `${fill(text.ko)}${separator}${fill(text.en)}`;
}

export function fileTooLargeText(fileName: string, maxBytes: number): string {
  const name = fileName.length > MAX_NAME_CHARS ? `${fileName.slice(0, MAX_NAME_CHARS - 1)}…` : fileName;
  const fill = (template: string): string => template.replace('{name}', name).replace('{max}', formatSize(maxBytes));
  return `${fill(FILE_TOO_LARGE.ko)}\n${fill(FILE_TOO_LARGE.en)}`;
}

/** 1048576 → "1 MB", 524288 → "512 KB", 100 → "100 B" (units read the same in both languages). */
export function formatSize(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} B`;
}
