// What the benchmarks (bench/*.mjs) share: argument parsing, running and timing child processes,
// the cached git contexts, the registry and its clean-up, and the report's formatting.
//
// Timing: every timed command runs as a child process under `sh -c '"$@"; times'` and is timed
// from spawn to exit, so each tool pays its own start-up, as a user does; the shell costs every
// tool the same millisecond. CPU time (user + system of the command and its children) is what the
// POSIX shell's `times` reports.

import { execFile, spawn } from 'node:child_process'
import { createCipheriv, createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startRegistry } from './registry.mjs'

// ---------------------------------------------------------------------------------------------
// Constants.

/** The repository's root folder (the parent of bench/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/**
 * The bundle that bench/build, bench/sign and bench/promote run (npm run build): with no
 * INPUT_COMMAND in the environment (cleanEnv drops every INPUT_*) it runs as the CLI.
 */
export const CLI = join(repoRoot, 'dist', 'index.js')
/** Bytes in a mebibyte. */
export const MiB = 1024 * 1024
/** Author and committer date of every bench commit, so that commits are the same everywhere. */
const COMMIT_DATE = '2024-01-01T00:00:00Z'
/** The OCI image manifest media type. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
/** The Accept header of manifest reads: an OCI or a Docker v2 manifest. */
export const ACCEPT = `${OCI_MANIFEST}, application/vnd.docker.distribution.manifest.v2+json`

// ---------------------------------------------------------------------------------------------
// Arguments and environment.

/** Prints `message` (if any) and the bench's usage `text`, then exits: 2 after a message, else 0. */
export function usageExit(text, message) {
  if (message) process.stderr.write(`${message}\n`)
  process.stderr.write(text)
  process.exit(message ? 2 : 0)
}

/**
 * Reads `--flag VALUE`, `--flag=VALUE` and bare switches: calls `flags[flag](value)`, where
 * `value()` takes the flag's value; `--help`/`-h` and unknown arguments go to `usage`.
 */
export function parseFlags(argv, flags, usage) {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2)
    const value = () => inline ?? argv[++i]
    if (Object.hasOwn(flags, flag)) flags[flag](value)
    else if (flag === '--help' || flag === '-h') usage()
    else usage(`unknown argument '${argv[i]}'`)
  }
}

/**
 * `--quick` in argv: every bench accepts it (small sizes, one round, well under a minute), and
 * .ci/run runs each one so with it so that none can rot unnoticed.
 */
export const QUICK_HELP = '  --quick         small sizes and one round, for CI (under 60 s)\n'

/** The value of --rounds as a positive whole number; anything else goes to `usage`. */
export function wholeRounds(value, usage) {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0)
    usage(`--rounds needs a positive whole number, got '${value}'`)
  return n
}

/**
 * The environment without variables that would change what git, our CLI or the registry do;
 * `signing` also drops cosign's and Sigstore's, `drop` lists more names to drop.
 */
export function cleanEnv({ signing = false, drop = [] } = {}) {
  const prefixes = signing
    ? /^(GIT_|GITHUB_|INPUT_|RUNNER_|REGISTRY_|COSIGN_|SIGSTORE_)/
    : /^(GIT_|GITHUB_|INPUT_|RUNNER_|REGISTRY_)/
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !prefixes.test(key) && !drop.includes(key)),
  )
}

// ---------------------------------------------------------------------------------------------
// Running, untimed.

/** Runs a command to its end (untimed); resolves with its stdout and stderr, rejects with both. */
export function run(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 * MiB, ...options }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}${stdout}`))
      } else resolve({ stdout, stderr })
    })
  })
}

/** Throws, naming the apt-get packages, when any of the commands is not on the PATH. */
export async function needTools(...names) {
  const missing = []
  for (const name of names) {
    const found = await run('sh', ['-c', `command -v ${name}`]).then(
      () => true,
      () => false,
    )
    if (!found) missing.push(name)
  }
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: apt-get install ${missing.join(' ')}`)
  }
}

/** Throws when the built CLI is missing; warns when src/ has a newer file (we run dist/, not src/). */
export async function checkDist() {
  const cli = await stat(CLI).catch(() => undefined)
  if (!cli) throw new Error(`${CLI} is missing: npm run build`)
  let newest = { mtimeMs: 0, path: '' }
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else {
        const s = await stat(p)
        if (s.mtimeMs > newest.mtimeMs) newest = { mtimeMs: s.mtimeMs, path: p }
      }
    }
  }
  await walk(join(repoRoot, 'src'))
  if (newest.mtimeMs > cli.mtimeMs) {
    process.stderr.write(`warning: ${newest.path} is newer than dist/index.js: npm run build\n`)
  }
}

// ---------------------------------------------------------------------------------------------
// Git and the cached contexts.

/** git in `dir` with a fixed identity, no signing, no autocrlf, branch main, COMMIT_DATE dates. */
export async function git(dir, args, env) {
  const config = [
    ['user.name', 'bench'],
    ['user.email', 'bench@example.invalid'],
    ['commit.gpgsign', 'false'],
    ['core.autocrlf', 'false'],
    ['init.defaultBranch', 'main'],
  ].flatMap(([k, v]) => ['-c', `${k}=${v}`])
  env = { ...env, GIT_AUTHOR_DATE: COMMIT_DATE, GIT_COMMITTER_DATE: COMMIT_DATE }
  return (await run('git', [...config, '-C', dir, ...args], { env })).stdout.trim()
}

/** git in a cached context: no system config, HOME there (no user ~/.gitconfig hooks or signing). */
export function contextGit(dir, args) {
  return git(dir, args, { ...cleanEnv({ signing: true }), GIT_CONFIG_NOSYSTEM: '1', HOME: dir })
}

/**
 * A context folder made once and cached in `dir`: `fill(folder)` writes its files and returns
 * counts for the info, then it is committed; the info (with `shape`) is kept in `.git/<marker>`,
 * outside the commit. The cached folder is used when it is complete, committed, clean and of the
 * current `shape`; otherwise it is made again. Resolves with `{ info, made }`.
 */
export async function ensureContext(dir, { shape, marker, message, fill }) {
  try {
    const info = JSON.parse(await readFile(join(dir, '.git', marker), 'utf8'))
    if (JSON.stringify(info.shape) !== JSON.stringify(shape)) throw new Error('other shape')
    if ((await contextGit(dir, ['rev-parse', 'HEAD'])) !== info.commit) {
      throw new Error('other commit')
    }
    if ((await contextGit(dir, ['status', '--porcelain', '--ignored'])) !== '') {
      throw new Error('dirty')
    }
    return { info, made: false }
  } catch {
    const tmp = `${dir}.tmp-${process.pid}`
    await rm(tmp, { recursive: true, force: true })
    await mkdir(tmp, { recursive: true })
    const counts = await fill(tmp)
    await contextGit(tmp, ['init', '-q'])
    await contextGit(tmp, ['add', '-A'])
    await contextGit(tmp, ['commit', '-q', '-m', message])
    const commit = await contextGit(tmp, ['rev-parse', 'HEAD'])
    const info = { shape, ...counts, commit }
    await writeFile(join(tmp, '.git', marker), JSON.stringify(info, null, 2))
    await rm(dir, { recursive: true, force: true })
    await rename(tmp, dir)
    return { info, made: true }
  }
}

/** `size` random-looking bytes that depend on `label` alone: AES-128-CTR over zeros. */
export function seededNoise(label, size) {
  const key = createHash('sha256').update(label).digest()
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32))
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()])
}

// ---------------------------------------------------------------------------------------------
// Timing.

/** The script a timed command runs under: `sh -c TIMES sh file args…`, `times` to stderr last. */
export const TIMES = '"$@"; status=$?; times >&2; exit $status'

/** The children's user + system seconds from the last line of `times`, e.g. "0m1.23s 0m0.45s". */
export function cpuFromTimes(stderr) {
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(stderr)
  return m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN
}

/**
 * Runs `file args` under TIMES. Resolves with the spawn time (performance.now()), the wall time
 * from spawn to exit (ms), the CPU time (s), stdout, stderr, and each stderr line with the time it
 * arrived (ms after spawn; stderr is a pipe, which Node writes synchronously on Linux).
 */
export function timeChild(file, args, env) {
  return new Promise((resolve, reject) => {
    const out = []
    const err = []
    const lines = []
    let partial = ''
    const started = performance.now()
    const child = spawn('sh', ['-c', TIMES, 'sh', file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    })
    child.stdout.on('data', (c) => out.push(c))
    child.stderr.on('data', (c) => {
      const at = performance.now() - started
      err.push(c)
      const parts = (partial + c.toString('utf8')).split('\n')
      partial = parts.pop()
      for (const text of parts) lines.push({ at, text })
    })
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const ms = performance.now() - started
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      if (code !== 0) {
        reject(new Error(`${file} ${args.join(' ')} exited ${code ?? signal}:\n${stderr}${stdout}`))
        return
      }
      resolve({ started, ms, cpu: cpuFromTimes(stderr), stdout, stderr, lines })
    })
  })
}

/**
 * Runs `commands` ([file, args] each) as a pipeline: each one's stdout is the next one's stdin,
 * a pipe between the two children (the parent lets go of its end), no shell in between. Resolves
 * with the wall time from the first spawn to the last exit, the CPU time of them all and the last
 * one's stdout. A single command is a pipeline of one.
 */
export function timePipeline(commands, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const children = []
    let stdin = 'ignore'
    for (const [i, [file, args]] of commands.entries()) {
      const last = i === commands.length - 1
      const child = spawn('sh', ['-c', TIMES, 'sh', file, ...args], {
        stdio: [stdin, 'pipe', 'pipe'],
        env,
      })
      // The next child got a copy of the pipe; the parent's copy must go, or a reader that dies
      // early would leave the writer blocked instead of getting SIGPIPE.
      if (typeof stdin === 'object') stdin.destroy()
      const record = { file, args, child, out: [], err: [], done: undefined }
      child.stderr.on('data', (c) => record.err.push(c))
      if (last) child.stdout.on('data', (c) => record.out.push(c))
      else stdin = child.stdout
      record.done = new Promise((done, fail) => {
        child.once('error', fail)
        child.once('close', (code, signal) => done({ code, signal }))
      })
      children.push(record)
    }
    Promise.all(children.map((r) => r.done)).then((ends) => {
      const ms = performance.now() - started
      let cpu = 0
      for (const [i, r] of children.entries()) {
        const stderr = Buffer.concat(r.err).toString('utf8')
        const { code, signal } = ends[i]
        if (code !== 0) {
          reject(new Error(`${r.file} ${r.args.join(' ')} exited ${code ?? signal}:\n${stderr}`))
          return
        }
        cpu += cpuFromTimes(stderr)
      }
      const lastRecord = children[children.length - 1]
      resolve({
        ms,
        cpu,
        stdout: Buffer.concat(lastRecord.out).toString('utf8'),
        stderr: children.map((r) => Buffer.concat(r.err).toString('utf8')).join(''),
      })
    }, reject)
  })
}

/** timeChild for the built CLI: `node [nodeArgs] dist/index.js args`. */
export function timeCli(args, env, nodeArgs = []) {
  return timeChild(process.execPath, [...nodeArgs, CLI, ...args], env)
}

/** node arguments that write a CPU profile `<name>.cpuprofile` into `dir`; none without a dir. */
export function cpuProfArgs(dir, name) {
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir, `--cpu-prof-name=${name}.cpuprofile`] : []
}

/** A new key pair from the CLI's generate-key in `<scratch>/key`: its files, key id and time. */
export async function generateKey(scratch, passphrase, env) {
  const keyDir = join(scratch, 'key')
  await mkdir(keyDir)
  const { ms, stdout } = await timeCli(
    [
      'generate-key',
      '--context',
      keyDir,
      '--image',
      `oci:${join(scratch, 'unused-layout')}`,
      '--signing-key-passphrase',
      passphrase,
    ],
    env,
  )
  const keyId = /^key-id=(.*)$/m.exec(stdout)?.[1] ?? '?'
  return { ms, keyId, key: join(keyDir, 'cosign.key'), pub: join(keyDir, 'cosign.pub') }
}

// ---------------------------------------------------------------------------------------------
// The registry and clean-up.

/** Starts a local registry storing under `storage`, else /dev/shm when there, else the temp dir. */
export async function startBenchRegistry(storage) {
  let parent = storage
  if (parent === undefined) {
    try {
      await access('/dev/shm', constants.W_OK)
      parent = '/dev/shm'
    } catch {
      parent = tmpdir()
    }
  }
  return startRegistry({ parent })
}

/** Writes a skopeo policy that accepts any image into `dir`; returns its path (for --policy). */
export async function writeInsecurePolicy(dir) {
  const policy = join(dir, 'policy.json')
  await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }))
  return policy
}

/** The digest `reference` (tag or digest) has in `repository`, or undefined when it is absent. */
export async function manifestDigest(host, repository, reference) {
  const res = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers: { accept: ACCEPT },
  })
  return res.status === 200 ? res.headers.get('docker-content-digest') : undefined
}

/**
 * Runs `body`, then `cleanup` (once), also on Ctrl-C or SIGTERM (then exit 130): no registry left
 * running and no storage left behind (it may be in /dev/shm, i.e. memory).
 */
export async function withCleanup(cleanup, body) {
  let cleaned
  const once = () => (cleaned ??= (async () => cleanup())())
  const interrupted = (signal) => {
    process.stderr.write(`\n${signal}: cleaning up\n`)
    once().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    return await body()
  } finally {
    await once()
    process.removeListener('SIGINT', interrupted)
    process.removeListener('SIGTERM', interrupted)
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

/** The median of the finite values; NaN when there are none. */
export function median(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Milliseconds as seconds to two decimals; '-' when not a number. */
export const sec = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '-')

/** Whole milliseconds; '-' when not a number. */
export const msText = (ms) => (Number.isFinite(ms) ? ms.toFixed(0) : '-')

/** Rows (the first is the head) as right-aligned columns, with a rule under the head. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  const line = (r) => r.map((cell, c) => String(cell).padStart(widths[c])).join('  ')
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n')
}

/** Runs a bench's `main`; on an error prints `bench/<name> failed: …` and sets exit code 1. */
export function runMain(name, main) {
  main().catch((e) => {
    process.stderr.write(`bench/${name} failed: ${e.stack ?? e}\n`)
    process.exitCode = 1
  })
}
