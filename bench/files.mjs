// npm run bench:files [-- --rounds N] [--sizes N,N] [--no-buildah] [--no-big] [--quick]
//
// Many small files, three ways, and a long .dockerignore:
//   ours     `immutable-release release --builder native --image oci:DIR`: walk, read, tar,
//            gzip -6, write the layout (no registry: the files are what is measured)
//   floor    `tar -cf - . | gzip -6 | sha256sum` over the same folder
//   buildah  `buildah bud` of `FROM scratch` + `COPY . /app`, then `buildah push oci:DIR`
// for 20,000 and 100,000 files (--quick: 2,000), then ours over 10,000 files (--quick: 2,000)
// with and without 3,000 more ignore lines, and ours over a 1 GiB context (--quick: 16 MiB) for
// the peak memory (maxRSS of the process, read at its exit).
// Goals (issue 14): within 2x of the floor; the long ignore file adds at most 20 %; memory flat.
//
// Fairness: every tool is a child process timed from spawn to exit (lib.mjs); the folder is read
// once before the first round, so no tool pays for the first cold read; tools alternate first.
// All three leave out .git, .dockerignore and Dockerfile (the folder's .dockerignore says so
// for ours and buildah; tar gets --exclude). Each folder is made once under .bench/ and reused;
// its files are not committed (a commit of 100,000 files would take longer than the bench):
// ours runs with --allow-dirty on a repository that has one commit.

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  checkDist,
  CLI,
  cleanEnv,
  contextGit,
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
  table,
  timePipeline,
  usageExit,
  wholeRounds,
  withCleanup,
} from './lib.mjs'

const SHAPE_VERSION = 1
const BASE_IGNORE = ['.git', '.dockerignore', 'Dockerfile']
const DOCKERFILE = 'FROM scratch\nCOPY . /app/\n'
/** Prints the process's peak resident set (KiB) on exit: loaded before the CLI, no package needed. */
const MAXRSS_HOOK =
  'data:text/javascript,process.on("exit",()=>process.stderr.write(`maxrss-kib=${process.resourceUsage().maxRSS}\\n`))'

const usage = (message) =>
  usageExit(
    'usage: node bench/files.mjs [--rounds N] [--sizes N,N] [--no-buildah] [--no-big] [--quick]\n' +
      '  --rounds N     runs per tool (default 2)\n' +
      '  --sizes N,N    file counts (default 20000,100000)\n' +
      '  --no-buildah   only ours and the floor\n' +
      '  --no-big       leave out the 1 GiB memory case\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = {
    rounds: 2,
    sizes: [20_000, 100_000],
    ignoreFiles: 10_000,
    bigMiB: 1024,
    buildah: true,
    big: true,
  }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = wholeRounds(value(), usage)),
      '--sizes': (value) =>
        (options.sizes = value()
          .split(',')
          .map((n) => wholeRounds(n, usage))),
      '--no-buildah': () => (options.buildah = false),
      '--no-big': () => (options.big = false),
      '--quick': () =>
        Object.assign(options, { rounds: 1, sizes: [2000], ignoreFiles: 2000, bigMiB: 16 }),
    },
    usage,
  )
  return options
}

// ---------------------------------------------------------------------------------------------
// The folders, made once.

/** Text of `size` bytes that depends on `label` alone: source-like, so gzip has work to do. */
function text(label, size) {
  const line = `export const ${label.replace(/\W/g, '_')} = 'value of ${label}' // comment\n`
  return Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size))
}

/**
 * `files` small files (0.5 to 8 KiB; one in ten is random bytes, like images) in folders of 100,
 * two levels deep, or `bigMiB` in 4 MiB files; a git repository with one commit of the
 * .dockerignore and Dockerfile only. Reused when its marker says the same shape.
 */
async function ensureFolder(dir, shape) {
  const marker = join(dir, '.git', 'bench-files.json')
  try {
    if ((await readFile(marker, 'utf8')) === JSON.stringify(shape)) return false
  } catch {
    // Not made yet, or made by an older shape.
  }
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, '.dockerignore'), `${BASE_IGNORE.join('\n')}\n`)
  await writeFile(join(dir, 'Dockerfile'), DOCKERFILE)
  await contextGit(dir, ['init', '-q'])
  if (shape.bigMiB) {
    for (let i = 0; i * 4 < shape.bigMiB; i++) {
      const sub = join(dir, `part-${Math.floor(i / 16)}`)
      await mkdir(sub, { recursive: true })
      // Half text, half noise: gzip works as on real files and the layer stays large.
      const half = 2 * MiB
      await writeFile(
        join(sub, `blob-${i}.bin`),
        Buffer.concat([text(`big ${i}`, half), seededNoise(`bench-files big ${i}`, half)]),
      )
    }
  } else {
    for (let i = 0; i < shape.files; i++) {
      const sub = join(dir, `pkg-${Math.floor(i / 10_000)}`, `mod-${Math.floor(i / 100) % 100}`)
      if (i % 100 === 0) await mkdir(sub, { recursive: true })
      const size = 512 + ((i * 2654435761) % (7.5 * 1024))
      const bytes = i % 10 === 9 ? seededNoise(`bench-files ${i}`, size) : text(`f${i}`, size)
      await writeFile(join(sub, `file-${i}.js`), bytes)
    }
  }
  // The big context's files stay uncommitted (ours runs with allow-dirty): hashing 1 GiB into
  // git objects would take longer than the bench.
  await contextGit(dir, shape.bigMiB ? ['add', '.dockerignore', 'Dockerfile'] : ['add', '-A'])
  await contextGit(dir, ['commit', '-q', '-m', 'bench/files'])
  await writeFile(marker, JSON.stringify(shape))
  return true
}

/** Reads every file once, untimed, so that no tool pays for the first cold read. */
async function warm(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === '.git') continue
    const p = join(dir, e.name)
    if (e.isDirectory()) await warm(p)
    else await readFile(p)
  }
}

/** 3,000 ignore lines as large projects grow them: paths and globs that name nothing there. */
function longIgnore() {
  const lines = [...BASE_IGNORE]
  for (let i = 0; i < 2000; i++) lines.push(`generated/out-${i}.js`)
  for (let i = 0; i < 500; i++) lines.push(`**/cache-${i}`)
  for (let i = 0; i < 300; i++) lines.push(`logs-${i}/*.log`)
  for (let i = 0; i < 147; i++) lines.push(`*.tmp${i}`)
  for (let i = 0; i < 50; i++) lines.push(`!generated/keep-${i}.js`)
  return lines
}

// ---------------------------------------------------------------------------------------------
// The tools.

async function runOurs(ctx, dir, label, extra = []) {
  const out = await mkdtemp(join(ctx.scratch, `ours-${label}-`))
  const args = [
    '--import',
    MAXRSS_HOOK,
    CLI,
    'release',
    '--image',
    `oci:${join(out, 'layout')}`,
    '--context',
    dir,
    '--builder',
    'native',
    '--layers',
    'none',
    '--allow-dirty',
    'true',
    ...extra,
  ]
  try {
    const { ms, cpu, stdout, stderr } = await timePipeline([[process.execPath, args]], ctx.env)
    const digest = /^digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
    if (!digest) throw new Error(`ours printed no digest:\n${stdout}\n${stderr}`)
    const build = Number(/^== build: done in ([\d.]+)s ==$/m.exec(stderr)?.[1]) * 1000
    const maxRssMiB = Number(/^maxrss-kib=(\d+)$/m.exec(stderr)?.[1]) / 1024
    const layers = /^layers: (.*)$/m.exec(stderr)?.[1]
    return { ms, cpu, build, maxRssMiB, digest, layers }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}

async function runFloor(ctx, dir) {
  const excludes = BASE_IGNORE.map((name) => `--exclude=./${name}`)
  const { ms, cpu } = await timePipeline(
    [
      ['tar', ['-C', dir, ...excludes, '-cf', '-', '.']],
      ['gzip', ['-6']],
      ['sha256sum', []],
    ],
    ctx.env,
  )
  return { ms, cpu }
}

async function runBuildah(ctx, dir, label) {
  const root = await mkdtemp(join(ctx.scratch, `buildah-${label}-`))
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
            '0',
            '-f',
            join(dir, 'Dockerfile'),
            '-t',
            'bench:latest',
            dir,
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
            '--compression-format',
            'gzip',
            '--compression-level',
            '6',
            'bench:latest',
            `oci:${join(root, 'layout')}:latest`,
          ],
        ],
      ],
      ctx.env,
    )
    return { ms: bud.ms + push.ms, cpu: bud.cpu + push.cpu }
  } finally {
    await run('buildah', [...storage, 'rmi', '--all', '--force']).catch(() => undefined)
    await rm(root, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools('git', 'tar', 'gzip', 'sha256sum', ...(options.buildah ? ['buildah'] : []))
  await checkDist()
  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-files-'))
  const env = { ...cleanEnv(), TMPDIR: scratch }
  const ctx = { scratch, env }
  await withCleanup(
    () => rm(scratch, { recursive: true, force: true }),
    async () => {
      // 1. Many files: ours, the floor, buildah.
      const rows = [
        [
          'files',
          'ours (s)',
          'ours build (s)',
          'floor (s)',
          'ours/floor',
          ...(options.buildah ? ['buildah (s)', 'buildah/ours'] : []),
          'ours maxRSS (MiB)',
        ],
      ]
      const goals = []
      for (const files of options.sizes) {
        const dir = join(repoRoot, '.bench', `files-${files}`)
        const t0 = performance.now()
        const made = await ensureFolder(dir, { version: SHAPE_VERSION, files })
        process.stderr.write(
          `${files} files in ${dir} (${made ? `made in ${sec(performance.now() - t0)} s` : 'cached'})\n`,
        )
        await warm(dir)
        const results = []
        for (let round = 1; round <= options.rounds; round++) {
          const r = {}
          const order = round % 2 ? ['ours', 'floor', 'buildah'] : ['buildah', 'floor', 'ours']
          for (const tool of order) {
            if (tool === 'ours') r.ours = await runOurs(ctx, dir, `${files}-${round}`)
            if (tool === 'floor') r.floor = await runFloor(ctx, dir)
            if (tool === 'buildah' && options.buildah) {
              r.buildah = await runBuildah(ctx, dir, `${files}-${round}`)
            }
          }
          process.stderr.write(
            `  round ${round}: ours ${sec(r.ours.ms)} s, floor ${sec(r.floor.ms)} s${r.buildah ? `, buildah ${sec(r.buildah.ms)} s` : ''}\n`,
          )
          results.push(r)
        }
        const ours = median(results.map((r) => r.ours.ms))
        const floor = median(results.map((r) => r.floor.ms))
        const ratio = median(results.map((r) => r.ours.ms / r.floor.ms))
        const row = [
          files,
          sec(ours),
          sec(median(results.map((r) => r.ours.build))),
          sec(floor),
          ratio.toFixed(2),
        ]
        if (options.buildah) {
          row.push(
            sec(median(results.map((r) => r.buildah.ms))),
            median(results.map((r) => r.buildah.ms / r.ours.ms)).toFixed(2),
          )
        }
        row.push(median(results.map((r) => r.ours.maxRssMiB)).toFixed(0))
        rows.push(row)
        goals.push(
          `${files} files: ours/floor ${ratio.toFixed(2)} (goal <= 2): ${ratio <= 2 ? 'met' : 'NOT met'}`,
        )
      }
      console.log(table(rows))

      // 2. 3,000 more ignore lines over the same files, against none. They go in as the exclude
      // input (appended to the .dockerignore's lines, the same matcher), so the tree stays clean
      // and both runs must give the very same image.
      const dir = join(repoRoot, '.bench', `files-${options.ignoreFiles}`)
      await ensureFolder(dir, { version: SHAPE_VERSION, files: options.ignoreFiles })
      await warm(dir)
      const lines = longIgnore()
      const ignoreRows = [
        ['round', 'no extra lines (s)', `${lines.length} lines (s)`, 'long/short'],
      ]
      const ratios = []
      for (let round = 1; round <= options.rounds; round++) {
        const a = await runOurs(ctx, dir, `short-${round}`)
        const b = await runOurs(ctx, dir, `long-${round}`, ['--exclude', lines.join('\n')])
        // The long list names nothing that is there: the same files, the same image.
        if (a.digest !== b.digest) {
          throw new Error(`the ignore lines changed the image: ${a.layers} / ${b.layers}`)
        }
        ratios.push(b.ms / a.ms)
        ignoreRows.push([round, sec(a.ms), sec(b.ms), (b.ms / a.ms).toFixed(2)])
      }
      const ignoreRatio = median(ratios)
      console.log(`\n${options.ignoreFiles} files, ${lines.length} more ignore lines against none:`)
      console.log(table(ignoreRows))
      goals.push(
        `${lines.length} ignore lines: long/short ${ignoreRatio.toFixed(2)} (goal <= 1.20): ${ignoreRatio <= 1.2 ? 'met' : 'NOT met'}`,
      )

      // 3. Peak memory over a big context.
      if (options.big) {
        const bigDir = join(repoRoot, '.bench', `files-big-${options.bigMiB}`)
        const t0 = performance.now()
        const made = await ensureFolder(bigDir, { version: SHAPE_VERSION, bigMiB: options.bigMiB })
        process.stderr.write(
          `${options.bigMiB} MiB context in ${bigDir} (${made ? `made in ${sec(performance.now() - t0)} s` : 'cached'})\n`,
        )
        const big = await runOurs(ctx, bigDir, 'big')
        console.log(
          `\n${options.bigMiB} MiB context: ours ${sec(big.ms)} s, peak RSS ${big.maxRssMiB.toFixed(0)} MiB (the many-files rows above show it for small contexts)`,
        )
      }
      console.log(
        [
          '',
          'Wall times, spawn to exit, medians. ours: the whole release to an OCI layout; ours build: its',
          'build phase as it prints it (0.1 s). floor: tar | gzip -6 | sha256sum of the same files.',
          'buildah: bud (FROM scratch, COPY . /app/) + push to an OCI layout. maxRSS: peak resident set.',
          '',
          ...goals,
        ].join('\n'),
      )
    },
  )
}

runMain('files', main)
