// The layering of src/ (npm run lint: `depcruise src`). Imports only go down:
//   index → cli → machine, gdb → vof, jit → runtime, decoder → cpu        (errors.ts, version.ts: any layer)
// and no module imports itself through a cycle, type-only imports included.
const layer = (name, below) => ({
  name: `${name}-imports-down`,
  comment: `${name}/ may import only ${below.join(', ')} (and itself, errors.ts, version.ts)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, '^src/(errors|version)\\.ts$', ...below.map((b) => `^src/${b}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'import cycles make modules impossible to read, test or load on their own',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('cpu', []),
    layer('decoder', ['cpu']),
    layer('runtime', ['cpu']),
    layer('jit', ['runtime', 'decoder', 'cpu']),
    layer('vof', ['runtime', 'decoder', 'cpu']),
    layer('machine', ['vof', 'jit', 'runtime', 'decoder', 'cpu']),
    // gdb/: the remote stub's protocol (no machine code) and its JIT hook.
    layer('gdb', ['jit', 'runtime', 'decoder', 'cpu']),
    layer('cli', ['machine', 'gdb', 'vof', 'jit', 'runtime', 'decoder', 'cpu']),
    {
      name: 'errors-and-version-are-leaves',
      severity: 'error',
      from: { path: '^src/(errors|version)\\.ts$' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(test|bench|dist)/' },
  },
};
