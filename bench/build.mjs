// npm run bench:build [-- --rounds N] [--storage DIR] [--work DIR] [--no-buildah] [--cpu-prof DIR] [--quick]
//
// Builds and pushes the same folder (5,000 files, about 200 MiB, in a git repository) three ways
// and prints the times and their ratios:
//   ours     `immutable-release release --builder native`: walk, tar, gzip -6, push, tag
//   buildah  `buildah bud` (FROM scratch, COPY . /app/) then `buildah push`, timed together
//   floor    `tar | gzip -6 | sha256sum` of the folder: reading, archiving, compressing and hashing
//            the same bytes, with no registry at all. Three processes joined by pipes, made here
//            without a shell. (Node's zlib, Chromium's fork, deflates faster than GNU gzip, so
//            ours may well beat the floor.)
// Goal (issue 3): at least 3x faster than buildah, and within 1.5x of the floor.
//
// Fairness:
// - Every tool runs as a child process and is timed from spawn to exit, so each pays its own
//   start-up. CPU time (user + system of the process and its children) comes from the POSIX
//   shell's `times`, each command running under `sh -c '"$@"; times'`, which costs a millisecond.
// - Nothing is cached between runs: ours pushes to a new repository each round, after the
//   registry's storage was wiped, so every blob is uploaded (its "blobs: N uploaded" log line is
//   checked); buildah gets a fresh --root each round (removed afterwards, untimed). Both write
//   their work files (our layer file, buildah's vfs storage and big temp files) to the same
//   folder: a new one in the temp dir (a disk, as on a CI runner), or under --work DIR; TMPDIR
//   points there for both. buildah's vfs storage is much slower on a disk than on a tmpfs (it
//   writes the files twice, into the container and into the committed layer), so `--work
//   /dev/shm` shows what it costs it.
// - The page cache: the folder is read once before the first round, so no tool pays for the
//   first cold read; which tool goes first alternates by round.
// - The same files: the folder's `.dockerignore` lists `.git`, `.dockerignore` and `Dockerfile`,
//   and both builders honour it, so both layers hold exactly the 5,000 files under /app (our
//   native builder reads `.dockerignore` as `docker build` does; no extra flags for either). The
//   floor's tar excludes the same three names. After the first round the two layers' file lists
//   are compared (untimed) and the result printed.
// - Same compression: gzip level 6 everywhere (ours by default, `buildah push
//   --compression-level 6`, `gzip -6`).
// - The registry stores in /dev/shm when there is one (--storage to change), as in bench/push.
//
// The folder is made once in .bench/build-context (gitignored) and reused: its content comes
// from a fixed seed and its commit has fixed dates, so its commit and tree are the same on every
// machine. Needs git, tar, gzip, sha256sum, docker-registry and buildah (as root,
// or rootless with subuids), and a built dist/ (npm run build).

import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  ACCEPT,
  checkDist,
  CLI,
  cleanEnv,
  contextGit,
  cpuProfArgs,
  ensureContext,
  median,
  MiB,
  needTools,
  parseFlags,
  QUICK_HELP,
  repoRoot,
  run,
  runMain,
  sec,
  seededNoise,
  startBenchRegistry,
  table,
  timePipeline,
  usageExit,
  wholeRounds,
  withCleanup,
} from './lib.mjs'

// --quick (CI) builds a folder a fifth the size, kept apart so that neither cache remakes the other.
const QUICK = process.argv.includes('--quick')
const CONTEXT = join(repoRoot, '.bench', QUICK ? 'build-context-quick' : 'build-context')
const MARKER = 'bench-build-context.json' // in the context's .git: not part of the commit

// The folder's shape. Change CONTEXT_VERSION with anything here, and the cache is remade.
const CONTEXT_VERSION = 1
const SHAPE = {
  version: CONTEXT_VERSION,
  top: QUICK ? 2 : 10, // pkg-00 .. pkg-09
  sub: 5, // each with mod-0 .. mod-4: 50 folders
  perFolder: 100, // files per folder: 5,000
  largePerFolder: 2, // of which ~1.5 MiB: 100 files, about 150 MiB
  small: [4 * 1024, 16 * 1024], // the other 4,900: 4-16 KiB, about 48 MiB
  large: [1.3 * MiB, 1.75 * MiB],
  randomSmall: 0.2, // a fifth of the small files are random bytes (think images); the rest text
  seed: 0x1b3e2024,
}
const DOCKERFILE = 'FROM scratch\nCOPY . /app/\n'
const DOCKERIGNORE = [
  '# Read by both builders in bench/build.mjs, so that both images hold the same files.',
  '.git',
  '.dockerignore',
  'Dockerfile',
  '',
].join('\n')
const GZIP_LEVEL = 6

const usage = (message) =>
  usageExit(
    'usage: node bench/build.mjs [--rounds N] [--storage DIR] [--work DIR] [--no-buildah] [--cpu-prof DIR]\n' +
      '  --rounds N      runs per tool (default 3)\n' +
      '  --storage DIR   where the registry stores (default /dev/shm when there, else the temp dir)\n' +
      '  --work DIR      where ours and buildah write their work files (default: the temp dir)\n' +
      '  --no-buildah    only ours and the floor, for tuning\n' +
      '  --cpu-prof DIR  run ours under node --cpu-prof, writing the profiles to DIR (slows it a little)\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = {
    rounds: 3,
    storage: undefined,
    work: undefined,
    buildah: true,
    cpuProf: undefined,
  }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = wholeRounds(value(), usage)),
      '--storage': (value) => (options.storage = value()),
      '--work': (value) => (options.work = resolve(value())),
      '--no-buildah': () => (options.buildah = false),
      '--cpu-prof': (value) => (options.cpuProf = resolve(value())),
      '--quick': () => (options.rounds = 1),
    },
    usage,
  )
  return options
}

// ---------------------------------------------------------------------------------------------
// The folder, made once.

/** mulberry32: a small seeded PRNG, so the folder is the same on every machine. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** 4,096 made-up words of 2-10 letters, from syllables. */
function vocabulary(rand) {
  const onsets = ['', 'b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v']
  const more = ['st', 'tr', 'pl', 'ch', 'sh', 'th', 'gr', 'br', 'w', 'z', 'qu', 'sp']
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'y']
  const codas = ['', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ng', 'x']
  const pick = (list) => list[Math.floor(rand() * list.length)]
  const words = new Set()
  while (words.size < 4096) {
    const syllables = 1 + Math.floor(rand() * 3)
    let w = ''
    for (let s = 0; s < syllables; s++) {
      w += (rand() < 0.2 ? pick(more) : pick(onsets)) + pick(vowels) + pick(codas)
    }
    if (w.length >= 2 && w.length <= 10) words.add(w)
  }
  return [...words].map((w) => Buffer.from(w))
}

/** Text-like bytes: words, a skewed choice of them (as in prose or code), lines of ~70 chars. */
function textBytes(size, rand, words) {
  const out = Buffer.allocUnsafe(size)
  let pos = 0
  let line = 0
  while (pos < size) {
    // Squaring skews towards the first words of the list: frequent words, like real text.
    const r = rand()
    const w = words[Math.floor(r * r * words.length)]
    const n = Math.min(w.length, size - pos)
    w.copy(out, pos, 0, n)
    pos += n
    line += n
    if (pos < size) {
      if (line > 64 + rand() * 16) {
        out[pos++] = 0x0a
        line = 0
      } else out[pos++] = rand() < 0.08 ? 0x2c : 0x20 // ',' or ' '
    }
  }
  return out
}

/** Incompressible bytes, but still a function of the seed: AES-CTR over zeros. */
function randomBytesSeeded(size, index) {
  return seededNoise(`bench-build ${SHAPE.seed} ${index}`, size)
}

/** Writes the folder's files (SHAPE) into `dir`; returns the counts kept in its marker. */
async function fillContext(dir) {
  const rand = prng(SHAPE.seed)
  const words = vocabulary(rand)
  const between = ([lo, hi]) => Math.round(lo + rand() * (hi - lo))
  let files = 0
  let bytes = 0
  let randomBytes = 0
  let larges = 0
  for (let t = 0; t < SHAPE.top; t++) {
    for (let s = 0; s < SHAPE.sub; s++) {
      const folder = join(`pkg-${String(t).padStart(2, '0')}`, `mod-${s}`)
      await mkdir(join(dir, folder), { recursive: true })
      for (let f = 0; f < SHAPE.perFolder; f++) {
        // The large files are spread through the folder, not bunched at its start.
        const large = f % (SHAPE.perFolder / SHAPE.largePerFolder) === 7
        const size = between(large ? SHAPE.large : SHAPE.small)
        const random = large ? larges++ % 2 === 1 : rand() < SHAPE.randomSmall
        const name = `${large ? 'blob' : 'file'}-${String(f).padStart(3, '0')}.${random ? 'bin' : 'txt'}`
        const content = random ? randomBytesSeeded(size, files) : textBytes(size, rand, words)
        await writeFile(join(dir, folder, name), content)
        files++
        bytes += size
        if (random) randomBytes += size
      }
    }
  }
  await writeFile(join(dir, 'Dockerfile'), DOCKERFILE)
  await writeFile(join(dir, '.dockerignore'), DOCKERIGNORE)
  return { files, bytes, randomBytes }
}

/** Reads every file once, so that no tool pays for the first (cold) read of the folder. */
async function warmPageCache(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await warmPageCache(path)
    else await readFile(path)
  }
}

// ---------------------------------------------------------------------------------------------
// Running and timing.

async function getManifest(host, repository, reference) {
  const res = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    headers: { accept: ACCEPT },
  })
  const body = Buffer.from(await res.arrayBuffer())
  if (res.status !== 200) {
    throw new Error(`${repository}@${reference}: the registry answered ${res.status}`)
  }
  return { digest: res.headers.get('docker-content-digest'), manifest: JSON.parse(body) }
}

/** Checks every blob of the manifest is in the repository; returns the manifest and its size. */
async function verifyImage(host, repository, reference) {
  const { digest, manifest } = await getManifest(host, repository, reference)
  let size = 0
  for (const blob of [manifest.config, ...manifest.layers]) {
    const b = await fetch(`http://${host}/v2/${repository}/blobs/${blob.digest}`, {
      method: 'HEAD',
    })
    if (b.status !== 200) throw new Error(`${repository}: blob ${blob.digest} answered ${b.status}`)
    size += blob.size
  }
  return { digest, manifest, size }
}

/** The paths in an image's last layer, as `tar -tz` lists them, normalised ('./', trailing '/'). */
async function layerPaths(host, repository, manifest) {
  const layer = manifest.layers[manifest.layers.length - 1]
  const res = await fetch(`http://${host}/v2/${repository}/blobs/${layer.digest}`)
  if (res.status !== 200) throw new Error(`${repository}: layer answered ${res.status}`)
  const tar = spawn('tar', ['-tzf', '-'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const out = []
  tar.stdout.on('data', (c) => out.push(c))
  const closed = new Promise((done, fail) => {
    tar.once('error', fail)
    tar.once('close', (code) => (code === 0 ? done() : fail(new Error(`tar -tz exited ${code}`))))
  })
  for await (const chunk of res.body) {
    if (!tar.stdin.write(chunk)) await new Promise((r) => tar.stdin.once('drain', r))
  }
  tar.stdin.end()
  await closed
  return Buffer.concat(out)
    .toString('utf8')
    .split('\n')
    .map((p) => p.replace(/^\.\//, '').replace(/\/$/, ''))
    .filter((p) => p !== '' && p !== '.')
}

async function runOurs(ctx, round) {
  const repository = `bench/native-${round}`
  const nodeArgs = cpuProfArgs(ctx.options.cpuProf, `ours-${round}`)
  const args = [
    ...nodeArgs,
    CLI,
    'release',
    '--image',
    `${ctx.registry.host}/${repository}`,
    '--context',
    CONTEXT,
    '--builder',
    'native',
    '--allow-dirty',
    'true',
  ]
  const { ms, cpu, stdout, stderr } = await timePipeline([[process.execPath, args]], ctx.env)
  const digest = /^digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
  if (!digest) throw new Error(`ours printed no digest:\n${stdout}\n${stderr}`)
  const uploaded = Number(/^blobs: (\d+) uploaded/m.exec(stderr)?.[1])
  const phases = {}
  for (const m of stderr.matchAll(/^== (\S+): done in ([\d.]+)s ==$/gm)) {
    phases[m[1]] = Number(m[2]) * 1000
  }
  const image = await verifyImage(ctx.registry.host, repository, digest)
  const blobs = 1 + image.manifest.layers.length
  if (uploaded !== blobs) {
    throw new Error(`ours uploaded ${uploaded} blobs, expected ${blobs} (all):\n${stderr}`)
  }
  const result = { ms, cpu, digest, phases, size: image.size }
  if (round === 1) result.paths = await layerPaths(ctx.registry.host, repository, image.manifest)
  return result
}

async function runBuildah(ctx, round) {
  const repository = `bench/buildah-${round}`
  const root = await mkdtemp(join(ctx.scratch, `buildah-${round}-`))
  const storage = [
    '--storage-driver',
    'vfs',
    '--root',
    join(root, 'root'),
    '--runroot',
    join(root, 'run'),
  ]
  try {
    const bud = await timePipeline(
      [
        [
          'buildah',
          [
            ...storage,
            'bud',
            '--quiet',
            '--isolation',
            'chroot',
            '--format',
            'oci',
            '--layers=false',
            '--timestamp',
            String(ctx.commitTime),
            '-f',
            join(CONTEXT, 'Dockerfile'),
            '-t',
            'bench:latest',
            CONTEXT,
          ],
        ],
      ],
      ctx.env,
    )
    const push = await timePipeline(
      [
        [
          'buildah',
          [
            ...storage,
            'push',
            '--quiet',
            '--tls-verify=false',
            '--compression-format',
            'gzip',
            '--compression-level',
            String(GZIP_LEVEL),
            'bench:latest',
            `docker://${ctx.registry.host}/${repository}:latest`,
          ],
        ],
      ],
      ctx.env,
    )
    const image = await verifyImage(ctx.registry.host, repository, 'latest')
    const result = {
      ms: bud.ms + push.ms,
      cpu: bud.cpu + push.cpu,
      budMs: bud.ms,
      pushMs: push.ms,
      digest: image.digest,
      size: image.size,
    }
    if (round === 1) result.paths = await layerPaths(ctx.registry.host, repository, image.manifest)
    return result
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

async function runFloor(ctx) {
  const { ms, cpu, stdout } = await timePipeline(
    [
      [
        'tar',
        [
          '-C',
          CONTEXT,
          '--exclude=./.git',
          '--exclude=./.dockerignore',
          '--exclude=./Dockerfile',
          '-cf',
          '-',
          '.',
        ],
      ],
      ['gzip', [`-${GZIP_LEVEL}`]],
      ['sha256sum', []],
    ],
    ctx.env,
  )
  const hash = /^[0-9a-f]{64}/.exec(stdout)?.[0]
  if (!hash) throw new Error(`sha256sum printed '${stdout}'`)
  return { ms, cpu, hash }
}

// ---------------------------------------------------------------------------------------------
// Report.

/** What differs between two path lists, in words. */
function comparePaths(a, b) {
  const sa = new Set(a)
  const sb = new Set(b)
  const onlyA = a.filter((p) => !sb.has(p))
  const onlyB = b.filter((p) => !sa.has(p))
  if (onlyA.length === 0 && onlyB.length === 0) return { same: true, text: `${sa.size} paths` }
  const few = (list) => list.slice(0, 5).join(', ') + (list.length > 5 ? ', ...' : '')
  return {
    same: false,
    text: `ours only: ${onlyA.length} (${few(onlyA)}); buildah only: ${onlyB.length} (${few(onlyB)})`,
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools(
    'git',
    'tar',
    'gzip',
    'sha256sum',
    'docker-registry',
    ...(options.buildah ? ['buildah'] : []),
  )
  await checkDist()

  const t0 = performance.now()
  const { info, made } = await ensureContext(CONTEXT, {
    shape: SHAPE,
    marker: MARKER,
    message: 'bench/build context',
    fill: fillContext,
  })
  const commitTime = Number(await contextGit(CONTEXT, ['log', '-1', '--format=%ct']))
  console.log(
    `context: ${CONTEXT} (${made ? `made in ${sec(performance.now() - t0)} s` : 'cached'}), commit ${info.commit.slice(0, 12)}`,
  )
  console.log(
    `         ${info.files} files, ${(info.bytes / MiB).toFixed(1)} MiB (${(info.randomBytes / MiB).toFixed(1)} MiB random, the rest text)`,
  )
  if (options.cpuProf) await mkdir(options.cpuProf, { recursive: true })
  await warmPageCache(CONTEXT)

  const scratch = await mkdtemp(join(options.work ?? tmpdir(), 'ir-bench-build-'))
  let registry
  const cleanup = async () => {
    await registry?.stop()
    await rm(scratch, { recursive: true, force: true })
  }
  await withCleanup(cleanup, async () => {
    registry = await startBenchRegistry(options.storage)
    const env = { ...cleanEnv(), TMPDIR: scratch }
    const ctx = { options, registry, scratch, env, commitTime }
    const versions = [`node ${process.version}`]
    if (options.buildah) versions.push((await run('buildah', ['--version'])).stdout.trim())
    versions.push((await run('gzip', ['--version'])).stdout.split('\n')[0])
    console.log(
      `registry: docker-registry at ${registry.host} storing in ${registry.dataDir}; ${versions.join('; ')}`,
    )
    console.log(`${options.rounds} rounds; work files in ${scratch}\n`)

    const tools = options.buildah ? ['ours', 'buildah', 'floor'] : ['ours', 'floor']
    const results = []
    for (let round = 1; round <= options.rounds; round++) {
      const order = round % 2 ? tools : [...tools].reverse()
      const result = { round, order }
      for (const tool of order) {
        await registry.wipe()
        if (tool === 'ours') result.ours = await runOurs(ctx, round)
        else if (tool === 'buildah') result.buildah = await runBuildah(ctx, round)
        else result.floor = await runFloor(ctx)
      }
      await registry.wipe()
      results.push(result)
      process.stderr.write(
        `round ${round}: ${order.map((t) => `${t} ${sec(result[t].ms)} s`).join(', ')}\n`,
      )
    }

    // The table.
    const head = ['round', 'first', 'ours (s)', 'build/push']
    if (options.buildah) head.push('buildah (s)', 'bud/push')
    head.push('floor (s)')
    if (options.buildah) head.push('buildah/ours')
    head.push('ours/floor', 'cpu: ours')
    if (options.buildah) head.push('buildah')
    head.push('floor')
    const cells = (v) => {
      const row = [sec(v.ours.ms), `${sec(v.ours.buildMs)}/${sec(v.ours.pushMs)}`]
      if (options.buildah) {
        row.push(sec(v.buildah.ms), `${sec(v.buildah.budMs)}/${sec(v.buildah.pushMs)}`)
      }
      row.push(sec(v.floor.ms))
      if (options.buildah) row.push(v.buildahRatio.toFixed(2))
      row.push(v.floorRatio.toFixed(2), v.ours.cpu.toFixed(2))
      if (options.buildah) row.push(v.buildah.cpu.toFixed(2))
      row.push(v.floor.cpu.toFixed(2))
      return row
    }
    const view = (r) => ({
      ours: { ...r.ours, buildMs: r.ours.phases.build ?? NaN, pushMs: r.ours.phases.push ?? NaN },
      buildah: r.buildah,
      floor: r.floor,
      buildahRatio: r.buildah ? r.buildah.ms / r.ours.ms : NaN,
      floorRatio: r.ours.ms / r.floor.ms,
    })
    const views = results.map(view)
    const rows = [head]
    for (const [i, r] of results.entries()) rows.push([r.round, r.order[0], ...cells(views[i])])
    const mid = (pick) => median(views.map(pick))
    const med = {
      ours: {
        ms: mid((v) => v.ours.ms),
        buildMs: mid((v) => v.ours.buildMs),
        pushMs: mid((v) => v.ours.pushMs),
        cpu: mid((v) => v.ours.cpu),
      },
      buildah: options.buildah
        ? {
            ms: mid((v) => v.buildah.ms),
            budMs: mid((v) => v.buildah.budMs),
            pushMs: mid((v) => v.buildah.pushMs),
            cpu: mid((v) => v.buildah.cpu),
          }
        : undefined,
      floor: { ms: mid((v) => v.floor.ms), cpu: mid((v) => v.floor.cpu) },
      buildahRatio: mid((v) => v.buildahRatio),
      floorRatio: mid((v) => v.floorRatio),
    }
    rows.push(['median', '', ...cells(med)])
    console.log(table(rows))
    console.log(
      [
        '',
        'Wall times, spawn to exit. ours build/push: its "build" and "push" phases (from its log, to',
        '0.1 s). buildah = bud + push. floor: tar | gzip -6 | sha256sum. Ratios are per round; the',
        'median row shows the medians of each column. cpu: user + system seconds of all processes.',
        '',
      ].join('\n'),
    )

    // Checks.
    const digests = results.map((r) => r.ours.digest)
    for (const r of results) {
      console.log(
        `round ${r.round}: ours ${r.ours.digest} (${(r.ours.size / MiB).toFixed(1)} MiB)` +
          (r.buildah
            ? `, buildah ${r.buildah.digest} (${(r.buildah.size / MiB).toFixed(1)} MiB)`
            : '') +
          `, floor sha256 ${r.floor.hash.slice(0, 12)}`,
      )
    }
    const sameDigest = digests.every((d) => d === digests[0])
    console.log(
      `check: ours gave ${sameDigest ? 'the same digest in every round' : 'DIFFERENT digests'} (deterministic build): ${sameDigest ? 'ok' : 'FAIL'}`,
    )
    let samePaths = true
    if (options.buildah) {
      const cmp = comparePaths(results[0].ours.paths, results[0].buildah.paths)
      samePaths = cmp.same
      console.log(
        `check: round 1 layers hold the same paths (ours vs buildah): ${cmp.same ? `ok, ${cmp.text}` : `FAIL, ${cmp.text}`}`,
      )
    }
    const goals = []
    if (options.buildah) {
      goals.push(
        `buildah/ours ${med.buildahRatio.toFixed(2)} (goal >= 3): ${med.buildahRatio >= 3 ? 'met' : 'NOT met'}`,
      )
    }
    goals.push(
      `ours/floor ${med.floorRatio.toFixed(2)} (goal <= 1.5): ${med.floorRatio <= 1.5 ? 'met' : 'NOT met'}`,
    )
    console.log(`goals, medians: ${goals.join('; ')}`)
    if (options.cpuProf) console.log(`CPU profiles of ours: ${options.cpuProf}`)
    if (!sameDigest || !samePaths) process.exitCode = 1
  })
}

runMain('build', main)
