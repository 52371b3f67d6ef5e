import { integrityOf } from './web-bundles.js';
import { withIntegrity } from './pages.js';

test('our own scripts and stylesheets get integrity; foreign, protocol-relative and pinned ones are left alone', async () => {
  const files: Record<string, string> = { '/app.js': 'console.log(1)', '/app.css': 'body{}' };
  const lookup = async (path: string) => (files[path] === undefined ? undefined : integrityOf(Buffer.from(files[path])));
  const html = [
    '<link rel="stylesheet" href="/app.css" />',
    '<script src="/app.js"></script>',
    '<script src="//cdn.example/x.js"></script>',
    '<script src="https://cdn.example/y.js"></script>',
    '<script src="/missing.js"></script>',
    '<script src="/app.js" integrity="sha384-pinned"></script>',
  ].join('\n');
  const out = (await withIntegrity(html, lookup)).split('\n');
  expect(out[0]).toBe(`<link rel="stylesheet" href="/app.css" integrity="${integrityOf(Buffer.from('body{}'))}" />`);
  expect(out[1]).toBe(`<script src="/app.js" integrity="${integrityOf(Buffer.from('console.log(1)'))}"></script>`);
  expect(out.slice(2)).toEqual(html.split('\n').slice(2));
});
