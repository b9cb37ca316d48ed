import { UserError } from '../errors.js';
import { unescapeInput } from './boot-snapshot.js';
import { formatInstances, instancesExitCode, runInstances } from './instances.js';
import { type JobsFile, readJobsFile, resolveShard, type Shard } from './jobs.js';

export interface BootInstancesArgs {
  restore?: string;
  instances?: number;
  jobs?: number;
  jobsFile?: string;
  junit?: string;
  shard?: string;
  shardCount?: number;
  outputDir?: string;
  appendInput?: string;
  timeout: number;
  compileThreshold?: number;
  [option: string]: unknown;
}

/** Boot options that do not apply to --instances (each guest runs as a plain restore). */
const NOT_WITH_INSTANCES = ['kernel', 'snapshotAt', 'snapshotOut', 'profile', 'profileOut', 'dumpBlocks', 'traceSc'];

/** `ppcjit boot --restore FILE --instances N`: the summary on stderr, exit status from the guests. */
export async function bootInstances(args: BootInstancesArgs): Promise<void> {
  const given = NOT_WITH_INSTANCES.filter((k) => args[k] !== undefined && args[k] !== false);
  if (given.length > 0) {
    const flags = given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UserError(`--instances runs restored guests only; drop ${flags.join(', ')}`);
  }
  if (!(args.timeout > 0)) throw new UserError(`invalid --timeout ${args.timeout}: expected seconds > 0`);
  let jobsFile: JobsFile | undefined;
  let shard: Shard | undefined;
  if (args.jobsFile !== undefined) {
    if (args.instances !== undefined) throw new UserError('--jobs-file runs one guest per job: drop --instances');
    if (args.appendInput !== undefined)
      throw new UserError('--jobs-file gives each job its input: drop --append-input');
    shard = resolveShard(args.shard, args.shardCount, process.env);
    jobsFile = readJobsFile(args.jobsFile);
  } else {
    const given = (['junit', 'shard', 'shardCount'] as const).filter((k) => args[k] !== undefined);
    if (given.length > 0)
      throw new UserError(
        `${given.map((k) => (k === 'shardCount' ? '--shard-count' : `--${k}`)).join(', ')} needs --jobs-file`,
      );
  }
  const summary = await runInstances({
    jobsFile,
    shard,
    junit: args.junit,
    restore: args.restore,
    instances: args.instances,
    jobs: args.jobs,
    outputDir: args.outputDir,
    input: args.appendInput === undefined ? undefined : unescapeInput(args.appendInput),
    timeout: args.timeout,
    compileThreshold: args.compileThreshold,
  });
  process.stderr.write(`${formatInstances(summary)}\n`);
  process.exitCode = instancesExitCode(summary);
}
