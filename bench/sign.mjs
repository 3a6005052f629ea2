// npm run bench:sign [-- --rounds N] [--storage DIR] [--cpu-prof DIR] [--quick]
//
// What does signing cost a release? Releases the same small commit (about 1 MiB in a git
// repository) to a local Debian docker-registry twice per round with the built CLI:
//   unsigned  `release` without a key: build, push, tag and the unsigned release record
//   signed    `release --signing-key cosign.key --signing-key-passphrase …`: the same, plus the
//             image signed in both formats (cosign `.sig` tag and a Sigstore bundle referrer),
//             SLSA provenance as a signed bundle, and the record signed like an image
// and prints both times, their difference and the signed run's phases. Goal: signing adds under
// one second to a release. Once, after round 1, `verify --verify-key` checks the signed image.
//
// Fairness:
// - Both runs are the same CLI as a child process, timed from spawn to exit, so the difference
//   also holds what only a signed run does outside its phases: decrypting the key (scrypt, N=32768)
//   and loading the signing code. CPU time comes from the POSIX shell's `times`, as in
//   bench/build.mjs.
// - The same commit and context, each run to a new repository after the registry's storage was
//   wiped, so both build and upload everything (the "blobs: N uploaded" log line is checked) and
//   the signed run finds no signature to keep: it writes them all.
// - Which run goes first alternates by round.
// - Phases: the CLI prints `== name ==` and `== name: done in 1.2s ==` around each phase, to a
//   tenth of a second. The bench also notes when each line arrives (stderr is a pipe, which Node
//   writes synchronously on Linux), which times each phase to the millisecond, and the gaps
//   between them: `start` is spawn to the first line (Node, module loading, config), `key` is
//   `source` done to `build` start (where the signed run loads and decrypts the key), `exit` is the
//   last line to exit.
// - The registry stores in /dev/shm when there is one (--storage to change), as in bench/push.
//
// The context is made once in .bench/sign-context (gitignored): its content comes from a fixed
// seed and its commit has fixed dates, so its image digest is the same on every machine. The key
// pair is new on every run (generate-key, into a temp folder). Needs git, docker-registry and a
// built dist/ (npm run build).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  checkDist,
  cleanEnv,
  cpuProfArgs,
  ensureContext,
  generateKey,
  manifestDigest,
  median,
  MiB,
  msText,
  needTools,
  parseFlags,
  QUICK_HELP,
  repoRoot,
  runMain,
  sec,
  seededNoise,
  startBenchRegistry,
  table,
  timeCli,
  usageExit,
  wholeRounds,
  withCleanup,
} from './lib.mjs'

const CONTEXT = join(repoRoot, '.bench', 'sign-context')
const MARKER = 'bench-sign-context.json' // in the context's .git: not part of the commit
const PASSPHRASE = 'bench-sign-passphrase'
const GOAL_MS = 1000

// The folder's shape. Change CONTEXT_VERSION with anything here, and the cache is remade.
const CONTEXT_VERSION = 1
const SHAPE = {
  version: CONTEXT_VERSION,
  files: [
    // name, bytes, random (else text)
    ['README.md', 2 * 1024, false],
    ['app/main.js', 24 * 1024, false],
    ['app/lib.js', 48 * 1024, false],
    ['app/data.json', 64 * 1024, false],
    ['static/logo.png', 256 * 1024, true],
    ['static/font.woff2', 192 * 1024, true],
    ['vendor/bundle.js', 384 * 1024, false],
    ['vendor/wasm.bin', 64 * 1024, true],
  ],
  seed: 0x5161e024,
}

// Phases the CLI prints for a release, in order; the signed run adds `sign` and `provenance`.
const PHASES = ['source', 'build', 'push', 'sign', 'provenance', 'record']
const SIGNING_PHASES = ['sign', 'provenance', 'record']

const usage = (message) =>
  usageExit(
    'usage: node bench/sign.mjs [--rounds N] [--storage DIR] [--cpu-prof DIR]\n' +
      '  --rounds N      releases of each kind (default 5)\n' +
      '  --storage DIR   where the registry stores (default /dev/shm when there, else the temp dir)\n' +
      '  --cpu-prof DIR  run the CLI under node --cpu-prof, writing the profiles to DIR (slows it)\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = { rounds: 5, storage: undefined, cpuProf: undefined }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = wholeRounds(value(), usage)),
      '--storage': (value) => (options.storage = value()),
      '--cpu-prof': (value) => (options.cpuProf = resolve(value())),
      // The context is small already: one round is what makes it quick.
      '--quick': () => {
        options.rounds = 1
        options.quick = true
      },
    },
    usage,
  )
  return options
}

// ---------------------------------------------------------------------------------------------
// The context, made once.

/** Bytes that are a function of the seed: AES-CTR over zeros (random-looking) or words (text). */
function seededBytes(name, size, random) {
  const noise = seededNoise(`bench-sign ${SHAPE.seed} ${name}`, size)
  if (random) return noise
  // Text: lowercase words of 2-9 letters, lines of about 70 characters.
  const out = Buffer.allocUnsafe(size)
  let line = 0
  for (let i = 0, word = 0; i < size; i++) {
    const r = noise[i]
    if (line > 68) {
      out[i] = 0x0a
      line = 0
      word = 0
    } else if (word >= 2 && r % 6 === 0) {
      out[i] = 0x20
      word = 0
      line++
    } else {
      out[i] = 0x61 + (r % 26)
      word++
      line++
    }
  }
  return out
}

/** Writes the context's files (SHAPE) into `dir`; returns the counts kept in its marker. */
async function fillContext(dir) {
  let bytes = 0
  for (const [name, size, random] of SHAPE.files) {
    await mkdir(join(dir, name, '..'), { recursive: true })
    await writeFile(join(dir, name), seededBytes(name, size, random))
    bytes += size
  }
  return { files: SHAPE.files.length, bytes }
}

// ---------------------------------------------------------------------------------------------
// Running and timing.

/**
 * Per-phase times from the log: `printed` as the CLI rounds them (`done in 1.2s`), `measured` from
 * the arrival of the phase's start and done lines; `gaps` between phases (see the header).
 */
function phasesOf(lines, totalMs) {
  const printed = {}
  const starts = {}
  const measured = {}
  const dones = {}
  for (const { at, text } of lines) {
    let m = /^== (\S+): done in ([\d.]+)s ==$/.exec(text)
    if (m) {
      printed[m[1]] = Number(m[2]) * 1000
      measured[m[1]] = at - (starts[m[1]] ?? at)
      dones[m[1]] = at
      continue
    }
    m = /^== (\S+) ==$/.exec(text)
    if (m) starts[m[1]] = at
  }
  const timesOnly = lines.filter((l) => !/^\s*\d+m[\d.]+s\s+\d+m[\d.]+s\s*$/.test(l.text))
  const lastLine = timesOnly.length ? timesOnly[timesOnly.length - 1].at : 0
  const gaps = {
    start: lines.length ? lines[0].at : NaN,
    key: (starts.build ?? NaN) - (dones.source ?? NaN),
    exit: totalMs - lastLine,
  }
  return { printed, measured, gaps }
}

async function registryTags(host, repository) {
  const res = await fetch(`http://${host}/v2/${repository}/tags/list`)
  const body = await res.json()
  if (res.status !== 200) throw new Error(`${repository}: tags/list answered ${res.status}`)
  return body.tags ?? []
}

async function release(ctx, kind, round) {
  const repository = `bench/${kind}-${round}`
  const args = [
    'release',
    '--image',
    `${ctx.registry.host}/${repository}`,
    '--context',
    CONTEXT,
    '--builder',
    'native',
  ]
  if (kind === 'signed') {
    args.push('--signing-key', ctx.key, '--signing-key-passphrase', PASSPHRASE)
  }
  const nodeArgs = cpuProfArgs(ctx.options.cpuProf, `${kind}-${round}`)
  const { ms, cpu, stdout, stderr, lines } = await timeCli(args, ctx.env, nodeArgs)
  const digest = /^digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
  if (!digest) throw new Error(`${kind} release printed no digest:\n${stdout}\n${stderr}`)
  const record = /^record-digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
  if (!record) throw new Error(`${kind} release printed no record-digest:\n${stdout}\n${stderr}`)
  const uploaded = Number(/^blobs: (\d+) uploaded/m.exec(stderr)?.[1])
  if (!(uploaded >= 2)) throw new Error(`${kind} release uploaded ${uploaded} blobs:\n${stderr}`)
  const signatures = Number(/^signatures: (\d+)/m.exec(stderr)?.[1] ?? 0)
  // What a signed release must leave: the cosign `.sig` tag of the image and its provenance.
  const metadata = JSON.parse(/^metadata=(.*)$/m.exec(stdout)?.[1] ?? '{}')
  const sigTag = `${digest.replace(':', '-')}.sig`
  const hasSigTag = (await registryTags(ctx.registry.host, repository)).includes(sigTag)
  if (kind === 'signed') {
    if (!hasSigTag) throw new Error(`signed release left no ${sigTag} tag:\n${stderr}`)
    if (!metadata.provenance) throw new Error(`signed release reports no provenance:\n${stdout}`)
    if (signatures < 2) throw new Error(`signed release made ${signatures} signatures:\n${stderr}`)
  } else if (hasSigTag || metadata.provenance) {
    throw new Error(`the unsigned release signed something:\n${stdout}\n${stderr}`)
  }
  if ((await manifestDigest(ctx.registry.host, repository, digest)) !== digest) {
    throw new Error(`${repository}@${digest} is not in the registry`)
  }
  return { ms, cpu, digest, record, signatures, ...phasesOf(lines, ms) }
}

async function verify(ctx, digest) {
  const args = [
    'verify',
    '--image',
    `${ctx.registry.host}/bench/signed-1`,
    '--digest',
    digest,
    '--verify-key',
    ctx.pub,
  ]
  const { ms, stdout, stderr } = await timeCli(args, ctx.env)
  const verified = /^verified=true$/m.test(stdout)
  if (!verified) throw new Error(`verify did not print verified=true:\n${stdout}\n${stderr}`)
  const checks = stderr.split('\n').filter((l) => /signature|provenance|record/i.test(l))
  return { ms, verified, checks }
}

// ---------------------------------------------------------------------------------------------
// Report.

const sum = (obj, names) => names.reduce((n, name) => n + (obj[name] ?? 0), 0)

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools('git', 'docker-registry')
  await checkDist()

  const t0 = performance.now()
  const { info, made } = await ensureContext(CONTEXT, {
    shape: SHAPE,
    marker: MARKER,
    message: 'bench/sign context',
    fill: fillContext,
  })
  console.log(
    `context: ${CONTEXT} (${made ? `made in ${sec(performance.now() - t0)} s` : 'cached'}), commit ${info.commit.slice(0, 12)}, ${info.files} files, ${(info.bytes / MiB).toFixed(2)} MiB`,
  )
  if (options.cpuProf) await mkdir(options.cpuProf, { recursive: true })

  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-sign-'))
  let registry
  const cleanup = async () => {
    await registry?.stop()
    await rm(scratch, { recursive: true, force: true })
  }
  await withCleanup(cleanup, async () => {
    const env = { ...cleanEnv({ signing: true }), TMPDIR: scratch }
    const keygen = await generateKey(scratch, PASSPHRASE, env)
    console.log(`key: generate-key in ${sec(keygen.ms)} s, key id ${keygen.keyId}`)

    registry = await startBenchRegistry(options.storage)
    const ctx = { options, registry, env, key: keygen.key, pub: keygen.pub }
    console.log(
      `registry: docker-registry at ${registry.host} storing in ${registry.dataDir}; node ${process.version}; ${options.rounds} rounds\n`,
    )

    const results = []
    let verified
    for (let round = 1; round <= options.rounds; round++) {
      const order = round % 2 ? ['unsigned', 'signed'] : ['signed', 'unsigned']
      const result = { round, first: order[0] }
      for (const kind of order) {
        await registry.wipe()
        result[kind] = await release(ctx, kind, round)
        if (kind === 'signed' && round === 1) verified = await verify(ctx, result.signed.digest)
      }
      await registry.wipe()
      if (result.signed.digest !== result.unsigned.digest) {
        throw new Error(
          `round ${round}: signed ${result.signed.digest} but unsigned ${result.unsigned.digest}`,
        )
      }
      results.push(result)
      process.stderr.write(
        `round ${round}: unsigned ${sec(result.unsigned.ms)} s, signed ${sec(result.signed.ms)} s\n`,
      )
    }

    // Table 1: whole releases.
    const rows = [
      [
        'round',
        'first',
        'unsigned (s)',
        'signed (s)',
        'difference (s)',
        'sign+prov+record (s)',
        'unsigned cpu (s)',
        'signed cpu (s)',
      ],
    ]
    const rowOf = (r) => [
      sec(r.unsigned.ms),
      sec(r.signed.ms),
      sec(r.signed.ms - r.unsigned.ms),
      sec(sum(r.signed.measured, SIGNING_PHASES)),
      r.unsigned.cpu.toFixed(2),
      r.signed.cpu.toFixed(2),
    ]
    for (const r of results) rows.push([r.round, r.first, ...rowOf(r)])
    const med = (fn) => median(results.map(fn))
    const diff = med((r) => r.signed.ms - r.unsigned.ms)
    const medRow = {
      unsigned: { ms: med((r) => r.unsigned.ms), cpu: med((r) => r.unsigned.cpu) },
      signed: {
        ms: med((r) => r.signed.ms),
        cpu: med((r) => r.signed.cpu),
        measured: Object.fromEntries(
          SIGNING_PHASES.map((p) => [p, med((r) => r.signed.measured[p])]),
        ),
      },
    }
    const medianCells = rowOf(medRow)
    medianCells[2] = sec(diff) // the median of the differences, not the difference of the medians
    medianCells[3] = sec(med((r) => sum(r.signed.measured, SIGNING_PHASES)))
    rows.push(['median', '', ...medianCells])
    console.log(table(rows))

    // Table 2: phases, milliseconds, median over the rounds.
    const phaseRows = [
      ['phase', 'unsigned (ms)', 'signed (ms)', 'signed as printed (s)', 'added (ms)'],
    ]
    const cell = (kind, p, key) => med((r) => r[kind][key][p])
    for (const gap of ['start']) {
      const u = cell('unsigned', gap, 'gaps')
      const s = cell('signed', gap, 'gaps')
      phaseRows.push([`(${gap})`, msText(u), msText(s), '', msText(s - u)])
    }
    for (const p of PHASES) {
      const u = cell('unsigned', p, 'measured')
      const s = cell('signed', p, 'measured')
      const printed = cell('signed', p, 'printed')
      phaseRows.push([p, msText(u), msText(s), sec(printed), msText(s - (u || 0))])
      if (p === 'source') {
        const ku = cell('unsigned', 'key', 'gaps')
        const ks = cell('signed', 'key', 'gaps')
        phaseRows.push(['(key)', msText(ku), msText(ks), '', msText(ks - ku)])
      }
    }
    {
      const u = cell('unsigned', 'exit', 'gaps')
      const s = cell('signed', 'exit', 'gaps')
      phaseRows.push(['(exit)', msText(u), msText(s), '', msText(s - u)])
    }
    phaseRows.push([
      'total',
      msText(medRow.unsigned.ms),
      msText(medRow.signed.ms),
      '',
      msText(diff),
    ])
    console.log(`\nphases (median of ${results.length} rounds):`)
    console.log(table(phaseRows))

    const r1 = results[0]
    console.log(
      [
        '',
        `image ${r1.signed.digest}; signed run: ${r1.signed.signatures} signatures, record ${r1.signed.record.slice(0, 19)}…`,
        'unsigned (s), signed (s): the whole CLI process, spawn to exit; difference: signed - unsigned',
        "in the same round (median of those). sign+prov+record: the signed run's three attach phases",
        "(the unsigned run has `record` too, unsigned). Phases are timed from their log lines' arrival;",
        '(start) spawn to first log line, (key) source done to build start (key load and decryption),',
        '(exit) last log line to exit. "as printed": the CLI\'s own `done in` figure, to 0.1 s.',
      ].join('\n'),
    )
    if (verified) {
      console.log(
        `\nverify --verify-key (bench/signed-1): ${sec(verified.ms)} s, verified=${verified.verified}`,
      )
      for (const line of verified.checks) console.log(`  ${line}`)
    }
    console.log(
      `\nsigning adds ${sec(diff)} s (median) to a release: ${diff < GOAL_MS ? 'under' : 'NOT under'} the ${GOAL_MS / 1000} s goal`,
    )
    // A missed goal fails a real run; --quick (CI, shared machines) only checks that it runs.
    if (diff >= GOAL_MS && !options.quick) process.exitCode = 1
  })
}

runMain('sign', main)
