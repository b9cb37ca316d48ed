// `npm run build:web`: bundles the page (web/main.ts) and the guest's worker (web/worker.ts, which
// imports only the library entry src/index.ts) with esbuild into dist/web/, a static folder any
// web server can serve. Everything the page loads is copied next to it: xterm.js's stylesheet,
// brotli-wasm's WebAssembly module (the snapshot codec) and the demo Open Firmware client that
// `ppcjit demo` boots (demo/ofclient/ofclient.elf), so the page fetches nothing from elsewhere.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const NODE_BUILTINS = new Set(builtinModules);

/**
 * The bundle may not pull in a Node built-in (the core has none; this keeps it so). source-map
 * guards a `require("url")` behind a check for the global URL: it gets the web's URL.
 */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      if (args.path === 'url' && args.importer.includes('source-map')) return { path: 'url', namespace: 'web-url' };
      if (args.path.startsWith('node:') || NODE_BUILTINS.has(bare)) {
        return { errors: [{ text: `Node built-in '${args.path}' imported by ${args.importer}` }] };
      }
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'web-url' }, () => ({ contents: 'module.exports = { URL };', loader: 'js' }));
  },
};

/** The page's code reaches the core only through the library entry (docs/WEB.md): checked here. */
function checkLibraryEntryOnly(metafile) {
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (!file.startsWith('web/')) continue;
    for (const { path } of input.imports) {
      if (path.startsWith('src/') && path !== 'src/index.ts') {
        throw new Error(`${file} imports ${path}: the page may import only src/index.ts of the core`);
      }
    }
  }
}

/** Builds the page into `outDir` (default dist/web); returns that folder. */
export async function buildWeb(outDir = join(root, 'dist/web')) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'demo'), { recursive: true });
  const result = await build({
    metafile: true,
    entryPoints: { main: join(root, 'web/main.ts'), worker: join(root, 'web/worker.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    minify: true,
    logLevel: 'warning',
    plugins: [noNodeBuiltins],
  });
  checkLibraryEntryOnly(result.metafile);
  copyFileSync(join(root, 'web/index.html'), join(outDir, 'index.html'));
  copyFileSync(join(root, 'web/style.css'), join(outDir, 'style.css'));
  copyFileSync(require.resolve('@xterm/xterm/css/xterm.css'), join(outDir, 'xterm.css'));
  // brotli-wasm's web build loads its module from next to the importing script (worker.js).
  const brotliDir = dirname(require.resolve('brotli-wasm'));
  copyFileSync(join(brotliDir, 'pkg.web/brotli_wasm_bg.wasm'), join(outDir, 'brotli_wasm_bg.wasm'));
  copyFileSync(join(root, 'demo/ofclient/ofclient.elf'), join(outDir, 'demo/ofclient.elf'));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildWeb(process.argv[2]);
  process.stdout.write(`ppcjit web page built in ${out}\n`);
}
