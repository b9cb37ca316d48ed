/**
 * The library entry (src/index.ts) as a browser gets it: bundled for the browser platform with
 * no Node built-in allowed, then loaded in a fresh V8 context that has only the web globals (no
 * process, Buffer or require) and made to boot the demo Open Firmware client on pegasos2.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import vm from 'node:vm';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const NODE_BUILTINS = new Set(builtinModules);

/** Fails the bundle on any Node built-in; source-map's guarded `require("url")` gets the web URL. */
const noNodeBuiltins: Plugin = {
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

async function bundleCore(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('../../src/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'ppcjit',
    write: false,
    logLevel: 'silent',
    plugins: [noNodeBuiltins],
  });
  return result.outputFiles[0].text;
}

describe('library entry without Node built-ins', () => {
  it('bundles for the browser and boots the demo client in a context with only web globals', async () => {
    const code = await bundleCore();
    const web = { TextEncoder, TextDecoder, URL, atob, btoa, performance, console, Uint8Array, queueMicrotask };
    const context = vm.createContext({ ...web });
    vm.runInContext(code, context);
    expect(vm.runInContext('typeof process + typeof Buffer + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    );
    context.elf = new Uint8Array(readFileSync(new URL('../../demo/ofclient/ofclient.elf', import.meta.url)));
    const result = vm.runInContext(
      `(() => {
        const out = [];
        const m = ppcjit.createMachine('pegasos2', { memoryMb: 16, kernel: ppcjit.parseElf(elf, 'ofclient.elf') }, {
          output: (bytes) => out.push(...bytes),
        });
        const reason = m.run(30000);
        return { reason: reason.kind, text: String.fromCharCode(...out), stats: m.stats(), version: ppcjit.PPCJIT_VERSION };
      })()`,
      context,
    );
    expect(result.reason).toBe('exit');
    expect(result.text).toContain('/chosen');
    expect(result.stats.instructions).toBeGreaterThan(0);
    expect(result.version).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);
});
