// node bench/startup.mjs [--rounds N] [--quick]
//
// How long does the CLI take to start? Runs the built bundle (dist/index.js) as a user's shell
// does, one child process per run, timed from spawn to exit:
//   node        `node -e ''`: Node's own start-up, the floor under every command
//   --version   prints the version: loads the registry and the CLI only
//   --help      the command list, written from the registry
//   status      a no-op `status` of an empty image layout with `--ledger none`: loads the status
//               command and the layout store, and touches no network and no git
// and prints each median wall time, what the CLI adds to Node's start-up and the ratio to it, and
// the CPU time (user + system, from the shell's `times`), which a busy machine disturbs less than
// the wall time. Goal: every command under 300 ms.
//
// Fairness: each command runs the same number of rounds, interleaved (node, --version, help,
// status, node, ...), so a slower machine minute touches all of them alike; the first round of
// each is a warm-up (file cache) and is not counted. `--against FILE` times another build the same
// way, interleaved too (e.g. the last release's dist/, from `git archive`), so both sides and their
// ratio to Node's own start-up are printed. Needs a built dist/ (npm run build).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  checkDist,
  cleanEnv,
  median,
  msText,
  parseFlags,
  QUICK_HELP,
  runMain,
  table,
  timeChild,
  timeCli,
  usageExit,
  wholeRounds,
  withCleanup,
} from './lib.mjs'

const GOAL_MS = 300

const usage = (message) =>
  usageExit(
    'usage: node bench/startup.mjs [--rounds N] [--against FILE]\n' +
      '  --rounds N      timed runs of each command (default 20), after one warm-up run\n' +
      '  --against FILE  also time another build (an index.js, e.g. an older dist/) the same way\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = { rounds: 20, against: undefined }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = wholeRounds(value(), usage)),
      '--against': (value) => (options.against = resolve(value())),
      '--quick': () => (options.rounds = 3),
    },
    usage,
  )
  return options
}

/** An empty OCI image layout: what a no-op status opens. */
async function emptyLayout(dir) {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  await writeFile(join(dir, 'index.json'), '{"schemaVersion":2,"manifests":[]}')
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await checkDist()
  const scratch = await mkdtemp(join(tmpdir(), 'bench-startup-'))
  await withCleanup(
    () => rm(scratch, { recursive: true, force: true }),
    async () => {
      const layout = join(scratch, 'layout')
      await emptyLayout(layout)
      const env = cleanEnv()
      const commands = {
        '--version': ['--version'],
        // `--help` rather than `help`: builds before the command registry only know the flag.
        '--help': ['--help'],
        status: ['status', '--image', `oci:${layout}`, '--ledger', 'none'],
      }
      const runs = { node: () => timeChild(process.execPath, ['-e', ''], env) }
      for (const [name, args] of Object.entries(commands)) runs[name] = () => timeCli(args, env)
      if (options.against) {
        for (const [name, args] of Object.entries(commands)) {
          runs[`${name} (against)`] = () =>
            timeChild(process.execPath, [options.against, ...args], env)
        }
      }
      const times = Object.fromEntries(Object.keys(runs).map((name) => [name, []]))
      const cpus = Object.fromEntries(Object.keys(runs).map((name) => [name, []]))
      for (let round = 0; round <= options.rounds; round++) {
        for (const [name, start] of Object.entries(runs)) {
          const { ms, cpu } = await start()
          if (round > 0) times[name].push(ms)
          if (round > 0) cpus[name].push(cpu * 1000)
        }
        process.stderr.write(`round ${round}/${options.rounds}${round === 0 ? ' (warm-up)' : ''}\n`)
      }
      const floor = median(times.node)
      const cpuFloor = median(cpus.node)
      const rows = [
        [
          'command',
          'median ms',
          'min ms',
          'max ms',
          'over node ms',
          'x node',
          'cpu ms',
          'cpu over node',
          'goal',
        ],
      ]
      for (const [name, values] of Object.entries(times)) {
        const m = median(values)
        const cpu = median(cpus[name])
        rows.push([
          name,
          msText(m),
          msText(Math.min(...values)),
          msText(Math.max(...values)),
          name === 'node' ? '-' : msText(m - floor),
          name === 'node' ? '-' : (m / floor).toFixed(2),
          msText(cpu),
          name === 'node' ? '-' : msText(cpu - cpuFloor),
          name === 'node' ? '' : m < GOAL_MS ? 'met' : 'missed',
        ])
      }
      process.stdout.write(
        `CLI start-up, ${options.rounds} round(s), ${process.version}, goal under ${GOAL_MS} ms\n\n` +
          `${table(rows)}\n`,
      )
    },
  )
}

runMain('startup', main)
