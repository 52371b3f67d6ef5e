/**
 * Reading a secret on the command line (a certificate password, an agent's password): typed at a
 * prompt without echo when stdin is a terminal, or taken from piped stdin. Never from argv, where
 * shell history and the process list would keep it.
 */

/** Prompts on stderr and reads one line from the terminal without echoing it; Ctrl+C rejects. */
export function readHiddenLine(prompt: string, stdin: NodeJS.ReadStream = process.stdin, out: NodeJS.WritableStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      out.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new PromptCancelled());
        // Backspace removes one character, not one UTF-16 unit (Korean passwords stay intact).
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** Ctrl+C at a hidden prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PromptCancelled';
  }
}

/** Every line of piped stdin (CRLF or LF). */
export async function readPipedLines(stdin: AsyncIterable<unknown> = process.stdin): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
}
