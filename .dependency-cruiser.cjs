// The layer table of TEAM.md / README ("folders import only downward"), checked by `npm run lint:deps`
// (part of `npm test`). A folder may import only the folders listed for it (and itself); tools on top
// (scripts, bench, qa/replay, qa/recorder, test) may import any product folder but never test/.
// Today's violations that other open changes remove (start-up still in bot/, bot/storage, bot/http)
// are listed in .dependency-cruiser-known-violations.json and ignored; anything new fails.

/** Product folders and what each may import besides itself. */
const LAYERS = {
  // server/ builds the browser bundles of web/ (web/build.ts, web/agent/bundle.ts) at first request.
  server: ['web', 'directline', 'bot', 'handoff', 'dialogs', 'qa/workbench', 'qa/transcripts', 'cards', 'nlu', 'content', 'storage', 'lib', 'cert-core'],
  directline: ['storage', 'lib'],
  bot: ['dialogs', 'handoff', 'qa/transcripts', 'cards', 'content', 'nlu', 'cert-core', 'storage', 'lib'],
  handoff: ['cards', 'content', 'storage', 'lib', 'cert-core'],
  dialogs: ['cards', 'content', 'nlu', 'cert-core', 'lib'],
  // The QA workbench's API (issue 16). Its script-yaml.ts also writes the recorder's (a tool's) scripts.
  'qa/workbench': ['qa/transcripts', 'content', 'cards', 'nlu', 'storage', 'lib'],
  'qa/transcripts': ['storage', 'lib'],
  cards: ['content', 'lib'],
  nlu: ['content', 'lib'],
  content: ['cert-core', 'lib'],
  storage: ['lib'],
  lib: [],
  'cert-core': [],
  // Browser code: cert-core's browser build, the card walker, mask labels, and the API *types* of the
  // channel and the agent API (type-only imports; esbuild's browser platform fails on any Node module).
  // qa/workbench: the QA API's answer shapes (*-types.ts), type-only as the agent API's, and the
  // period rules (period.ts: the console explains a period the server would refuse before sending it).
  web: ['cert-core', 'cards', 'lib', 'content', 'handoff', 'directline', 'qa/workbench'],
};
const TOOLS = ['scripts', 'bench', 'qa/replay', 'qa/recorder', 'test'];
const PROJECT = [...Object.keys(LAYERS), ...TOOLS];

const folder = (name) => `^${name.replace('/', '\\/')}/`;
const anyOf = (names) => `(${names.map(folder).join('|')})`;
const TEST_FILE = '\\.test\\.ts$';

/** Tests beside the code of the lower layers test them alone: no bot, dialogs or start-up behind them. */
const LOWER = ['cards', 'nlu', 'content', 'storage', 'lib', 'cert-core'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: the folders no longer read top to bottom.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(LAYERS).map(([name, allowed]) => ({
      name: `layer-${name.replace('/', '-')}`,
      comment: `${name}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing of the project'} (see the layer table in README).`,
      severity: 'error',
      from: { path: folder(name), pathNot: TEST_FILE },
      to: { path: anyOf(PROJECT), pathNot: anyOf([name, ...allowed]) },
    })),
    ...LOWER.map((name) => ({
      name: `tests-of-${name}-stay-low`,
      comment: `A test of ${name}/ may use what ${name}/ may import, plus the shared test support, never a higher layer.`,
      severity: 'error',
      from: { path: `${folder(name)}.*${TEST_FILE}` },
      to: { path: anyOf(PROJECT), pathNot: anyOf([name, ...LAYERS[name], 'test/support']) },
    })),
    {
      name: 'tools-never-import-tests',
      comment: 'scripts/, bench/ and qa/ are run for real: they must not depend on test code.',
      severity: 'error',
      from: { path: anyOf(['scripts', 'bench', 'qa']), pathNot: TEST_FILE },
      to: { path: folder('test') },
    },
    {
      name: 'browser-period-stays-browser-safe',
      comment: 'qa/workbench/period.ts runs in the browser too (the QA workbench): no Node built-ins, no packages.',
      severity: 'error',
      from: { path: '^qa/workbench/period\\.ts$' },
      to: { dependencyTypesNot: ['local', 'type-only'] },
    },
    {
      name: 'browser-walker-stays-browser-safe',
      comment: 'cards/walk.ts runs in the browser (agent console): no Node built-ins, no packages.',
      severity: 'error',
      from: { path: '^cards/walk\\.ts$' },
      to: { dependencyTypesNot: ['local', 'type-only'] },
    },
  ],
  options: {
    // Packages are seen (so the browser-safe rules catch one) but not followed into.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(data|test/artifacts)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
