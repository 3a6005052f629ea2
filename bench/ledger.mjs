// npm run bench:ledger [-- --rounds N] [--commits N] [--storage DIR] [--cli FILE] [--quick]
//
// Does a promote cost more on an old ledger? The built CLI promotes a signed release on a local
// Debian docker-registry with two ledgers side by side:
//   fresh  a bare git repository whose branch has one commit (the warm-up promote)
//   deep   a bare git repository whose branch has --commits commits (default 5,000): a year of
//          500 releases through ten environments (bench/ledger-fixture.mjs, one git fast-import
//          stream), each environment file at its history bound and the placements older than
//          it in history/<env>/<year>.jsonl
// and prints each promote's time, the medians and their ratio (deep / fresh). Goal: deep within
// 1.2x of fresh and under 1 s.
//
// Fairness:
// - Both are `promote --image REG/bench/ledger --environment production --digest <d> --ledger
//   <bare repo> --verify-key cosign.pub` child processes, timed from spawn to exit; which goes
//   first alternates by round.
// - Both ledgers end on the same release in production (the deep one as its last move, the fresh
//   one by its warm-up promote), and each round promotes a new release to both: both move
//   production, write the environment file and the release record, and tag both tags. The deep
//   one also archives the placement that falls out of its full history, as it would in use.
// - Both ledger repositories serve blobless fetches (uploadpack.allowFilter), as GitHub does.
// - Setup is not timed: the key, the releases, the deep ledger, the warm-up promote.
// - The registry stores in /dev/shm when there is one (--storage to change), as in bench/push.
//
// Needs git, docker-registry and a built dist/ (npm run build), or another bundle with --cli.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { writeDeepLedger } from './ledger-fixture.mjs'
import {
  checkDist,
  cleanEnv,
  generateKey,
  git,
  manifestDigest,
  median,
  msText,
  needTools,
  parseFlags,
  QUICK_HELP,
  run,
  runMain,
  sec,
  startBenchRegistry,
  table,
  timeChild,
  timeCli,
  usageExit,
  wholeRounds,
  withCleanup,
} from './lib.mjs'

const PASSPHRASE = 'bench-ledger-passphrase'
const REPOSITORY = 'bench/ledger'
const ENVIRONMENT = 'production'
const BRANCH = 'release-ledger'
const GOAL_RATIO = 1.2
const GOAL_MS = 1000

const usage = (message) =>
  usageExit(
    'usage: node bench/ledger.mjs [--rounds N] [--commits N] [--storage DIR] [--cli FILE] [--quick]\n' +
      '  --rounds N      promotes on each ledger (default 5)\n' +
      '  --commits N     commits of the deep ledger (default 5000; --quick: 500)\n' +
      '  --storage DIR   where the registry stores (default /dev/shm when there, else the temp dir)\n' +
      '  --cli FILE      the bundle to run (default dist/index.js)\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = {
    rounds: 5,
    commits: undefined,
    storage: undefined,
    cli: undefined,
    quick: false,
  }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = wholeRounds(value(), usage)),
      '--commits': (value) => (options.commits = wholeRounds(value(), usage)),
      '--storage': (value) => (options.storage = value()),
      '--cli': (value) => (options.cli = resolve(value())),
      '--quick': () => {
        options.rounds = 1
        options.quick = true
      },
    },
    usage,
  )
  options.commits ??= options.quick ? 500 : 5000
  if (options.commits < 10)
    usage('--commits needs at least 10 (one release through ten environments)')
  return options
}

/** The bundle, `--cli` or dist/index.js, timed. */
const cli = (ctx, args, env) =>
  ctx.cli ? timeChild(process.execPath, [ctx.cli, ...args], env) : timeCli(args, env)

async function release(ctx, i) {
  await writeFile(join(ctx.context, 'release.txt'), `release ${i}\n`)
  await git(ctx.context, ['add', '-A'], ctx.gitEnv)
  await git(ctx.context, ['commit', '-q', '-m', `release ${i}`], ctx.gitEnv)
  const { stdout, stderr } = await cli(
    ctx,
    [
      'release',
      '--image',
      `${ctx.registry.host}/${REPOSITORY}`,
      '--context',
      ctx.context,
      '--builder',
      'native',
      '--signing-key',
      ctx.key,
      '--signing-key-passphrase',
      PASSPHRASE,
    ],
    ctx.env,
  )
  const digest = /^digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
  if (!digest) throw new Error(`release ${i} printed no digest:\n${stdout}\n${stderr}`)
  return digest
}

async function promote(ctx, ledger, digest) {
  const { ms, cpu, stdout, stderr } = await cli(
    ctx,
    [
      'promote',
      '--image',
      `${ctx.registry.host}/${REPOSITORY}`,
      '--environment',
      ENVIRONMENT,
      '--digest',
      digest,
      '--ledger',
      ledger,
      '--verify-key',
      ctx.pub,
    ],
    ctx.env,
  )
  if (!/^promoted=true$/m.test(stdout)) {
    throw new Error(`promote on ${ledger} did not print promoted=true:\n${stdout}\n${stderr}`)
  }
  if ((await manifestDigest(ctx.registry.host, REPOSITORY, ENVIRONMENT)) !== digest) {
    throw new Error(`promote on ${ledger}: the tag does not point to ${digest}:\n${stderr}`)
  }
  return { ms, cpu: cpu * 1000 }
}

/** A bare repository that serves blobless fetches, as GitHub's do. */
async function bareLedger(path, env) {
  await run('git', ['init', '-q', '--bare', path], { env })
  await run('git', ['--git-dir', path, 'config', 'uploadpack.allowFilter', 'true'], { env })
}

async function commitCount(ledger, env) {
  const { stdout } = await run('git', ['--git-dir', ledger, 'rev-list', '--count', BRANCH], { env })
  return Number(stdout.trim())
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools('git', 'docker-registry')
  if (!options.cli) await checkDist()

  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-ledger-'))
  let registry
  const cleanup = async () => {
    await registry?.stop()
    await rm(scratch, { recursive: true, force: true })
  }
  await withCleanup(cleanup, async () => {
    const home = join(scratch, 'home') // no user ~/.gitconfig
    await mkdir(home)
    const env = {
      ...cleanEnv({ signing: true, drop: ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] }),
      TMPDIR: scratch,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
    }
    const gitEnv = { ...env, GIT_CONFIG_NOSYSTEM: '1' }

    const keygen = await generateKey(scratch, PASSPHRASE, env)
    registry = await startBenchRegistry(options.storage)
    const context = join(scratch, 'context')
    await mkdir(context)
    await writeFile(join(context, 'README.md'), '# bench/ledger\n')
    await git(context, ['init', '-q'], gitEnv)
    const ctx = {
      env,
      gitEnv,
      registry,
      context,
      key: keygen.key,
      pub: keygen.pub,
      cli: options.cli,
    }

    // Release 0 is where both ledgers' production stands; releases 1..N are promoted.
    const digests = []
    for (let i = 0; i <= options.rounds; i++) digests.push(await release(ctx, i))

    const fresh = join(scratch, 'fresh.git')
    await bareLedger(fresh, gitEnv)
    await promote(ctx, fresh, digests[0])

    const deep = join(scratch, 'deep.git')
    await bareLedger(deep, gitEnv)
    const t0 = performance.now()
    await writeDeepLedger(deep, {
      commits: options.commits,
      branch: BRANCH,
      lastDigest: digests[0],
    })
    const fixtureMs = performance.now() - t0

    console.log(
      `bench/ledger: promote on a fresh ledger (${await commitCount(fresh, gitEnv)} commit) and on ` +
        `a deep one (${await commitCount(deep, gitEnv)} commits, made in ${sec(fixtureMs)} s), ` +
        `${options.rounds} round(s)\n`,
    )

    // CPU: the process and its children (git, and git's own for a path ledger), user + system;
    // less moved by other load on the machine than the wall time.
    const rows = [['round', 'fresh ms', 'deep ms', 'deep/fresh', 'fresh cpu ms', 'deep cpu ms']]
    const results = []
    for (let r = 1; r <= options.rounds; r++) {
      const digest = digests[r]
      const times = {}
      // Which goes first alternates, so neither always finds the caches warm.
      for (const side of r % 2 ? ['fresh', 'deep'] : ['deep', 'fresh']) {
        times[side] = await promote(ctx, side === 'fresh' ? fresh : deep, digest)
      }
      results.push(times)
      rows.push([
        r,
        msText(times.fresh.ms),
        msText(times.deep.ms),
        (times.deep.ms / times.fresh.ms).toFixed(2),
        msText(times.fresh.cpu),
        msText(times.deep.cpu),
      ])
    }
    const m = {
      fresh: median(results.map((t) => t.fresh.ms)),
      deep: median(results.map((t) => t.deep.ms)),
      freshCpu: median(results.map((t) => t.fresh.cpu)),
      deepCpu: median(results.map((t) => t.deep.cpu)),
    }
    // The median of the rounds' ratios: each round's two runs are neighbours in time, so a busy
    // moment of the machine weighs on both.
    const ratio = median(results.map((t) => t.deep.ms / t.fresh.ms))
    rows.push([
      'median',
      msText(m.fresh),
      msText(m.deep),
      ratio.toFixed(2),
      msText(m.freshCpu),
      msText(m.deepCpu),
    ])
    console.log(table(rows))

    const within = ratio <= GOAL_RATIO
    const under = m.deep < GOAL_MS
    console.log(
      `\npromote on ${options.commits} commits ${sec(m.deep)} s vs fresh ${sec(m.fresh)} s, median ratio ` +
        `${ratio.toFixed(2)}: ${within ? 'within' : 'NOT within'} ${GOAL_RATIO}x, ` +
        `${under ? 'under' : 'NOT under'} ${GOAL_MS / 1000} s; CPU ${msText(m.deepCpu)} ms vs ` +
        `${msText(m.freshCpu)} ms (${(m.deepCpu / m.freshCpu).toFixed(2)}x)`,
    )
  })
}

runMain('ledger', main)
