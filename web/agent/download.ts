// Files the console hands over (transcripts, replay scripts, labelled exports). A plain link would not carry the
// Authorization header: the response is fetched with it, then given to the browser as a Blob.

/** The server's file name when it has the expected form, else `fallback`. */
export function downloadName(response: Response, expected: RegExp, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : '';
  return expected.test(name) ? name : fallback;
}

export async function saveDownload(response: Response, expected: RegExp, fallback: string): Promise<void> {
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: downloadName(response, expected, fallback), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
