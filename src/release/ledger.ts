/**
 * The ledger (DESIGN §3): a git branch holding `environments/<env>.json`,
 * `releases/<digest>.json` and `bad.json`, written by compare-and-swap. No registry offers a
 * conditional tag update, but a push that is not a fast-forward is refused by every git server:
 * a commit made on top of the head we read lands only if nobody moved the branch meanwhile.
 *
 * Everything happens in a scratch bare repository with plumbing commands (no worktree, no
 * checkout), so the caller's checkout, its config and its credentials are never touched. A token
 * travels only in git's environment config, never in argv, and is scrubbed from every message.
 *
 * A command costs the same whatever the branch's age: the scratch repository is a shallow
 * (`--depth=1`), blobless (`--filter=blob:none`) copy of the head, so a fetch brings one commit
 * and its trees, and a read fetches only the one file it asks for. The compare-and-swap needs no
 * more than that: the new commit's only parent is the head we read, which the server has, and the
 * server refuses the update when its branch is no longer at that head.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { devNull } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { rootCertificates } from 'node:tls'
import { ReleaseError, UserError } from '../errors.js'

export interface LedgerOptions {
  /** Git URL (https, ssh, scp-like, file) or a filesystem path. */
  url: string
  branch: string
  /** For http(s) URLs: sent as an extraheader through git's environment config, never argv. */
  token?: string
  /** Receives every secret value (the token and its encoded header) so logs can mask them. */
  onSecret?: (value: string) => void
  author: { name: string; email: string }
  /** An empty temp folder: the scratch repository and temporary index files live there. */
  workDir: string
  /**
   * PEM certificates git trusts for an https ledger besides the public ones (`registry-ca`): a
   * ledger on a private git server signed by the same company CA as the registry.
   */
  ca?: string
}

export type CommitAttempt = (
  ledger: Ledger,
) => Promise<{ files: Record<string, string>; message: string } | 'noop'>

export interface CommitOutcome {
  outcome: 'committed' | 'noop'
  commit?: string
  attempts: number
}

const REMOTE_REF = 'refs/ledger/head'
// The scratch repository's name for the ledger: a promisor remote must have one, so that git can
// fetch a missing blob on a read.
const REMOTE = 'ledger'
const DEFAULT_TRIES = 5
// A ledger branch is small; a fetch or push this slow means the host is not answering, and a
// promote job must fail rather than hang until the workflow's own timeout.
const NETWORK_TIMEOUT_MS = 5 * 60_000
const LOCAL_TIMEOUT_MS = 60_000
const MAX_WAIT_MS = 1_000

const BRANCH_RE = /^[A-Za-z0-9._/-]+$/
const BAD_BRANCH_RE = /^[-/.]|\/$|\.\.|\/\/|\.lock$|\/\.|\.$/
// Same rule as the environment input: the name also becomes a registry tag.
const ENVIRONMENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/
const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/
// A leading dot is refused so that '.', '..' and '.git' can never be written into the tree.
const SEGMENT_RE = /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*$/
const COMMIT_RE = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/

export function releasePath(digest: string): string {
  if (!DIGEST_RE.test(digest)) {
    throw new UserError('DIGEST_INVALID', `'${digest}' is not a digest`, {
      input: 'digest',
      valid: 'sha256: followed by 64 lowercase hex digits',
    })
  }
  return `releases/${digest.replace(':', '-')}.json`
}

export function environmentPath(env: string): string {
  if (!ENVIRONMENT_RE.test(env)) {
    throw new UserError('INPUT_INVALID', `'${env}' is not an environment name`, {
      input: 'environment',
      valid: 'lowercase letters, digits and -, starting with a letter or digit, at most 63',
    })
  }
  return `environments/${env}.json`
}

/**
 * The arguments of the fetch: the head commit and its trees, no history and no file contents.
 * The remote is named (its URL is in gitEnv's config), so a token can never be among them.
 */
export function fetchArgs(branch: string): string[] {
  return [
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-write-fetch-head',
    '--no-recurse-submodules',
    '--depth=1',
    '--filter=blob:none',
    REMOTE,
    `+refs/heads/${branch}:${REMOTE_REF}`,
  ]
}

/** Without force: the server refuses a commit that is not on top of its current head. */
export function pushArgs(url: string, commit: string, branch: string): string[] {
  return ['push', '--porcelain', '--no-verify', '--', url, `${commit}:refs/heads/${branch}`]
}

export function lsRemoteArgs(url: string, branch: string): string[] {
  return ['ls-remote', '--', url, `refs/heads/${branch}`]
}

/**
 * The environment every ledger git command runs with. Inherited variables that would point git
 * at another repository or inject config (a parent git's `-c`, a hook's GIT_DIR) are dropped;
 * the user's global and system config are ignored so a credential helper, a signing setting or
 * an `insteadOf` rewrite on the machine cannot change what the ledger does.
 */
export function gitEnv(
  options: Pick<LedgerOptions, 'url' | 'token' | 'author'> & { caFile?: string },
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(base)) {
    if (!DROPPED_ENV.test(key)) env[key] = value
  }
  // The variable, not http.sslCAInfo: a GIT_SSL_CAINFO set on the machine would win over config.
  if (options.caFile) env.GIT_SSL_CAINFO = options.caFile
  Object.assign(env, {
    // Errors are matched by their English text; a prompt would hang a CI job forever.
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: options.author.name,
    GIT_AUTHOR_EMAIL: options.author.email,
    GIT_COMMITTER_NAME: options.author.name,
    GIT_COMMITTER_EMAIL: options.author.email,
  })
  const config: [string, string][] = [
    // The scratch repository lives for one job: housekeeping would only cost time.
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['commit.gpgSign', 'false'],
    // The ledger as a promisor remote: a read of a file the blobless fetch left out fetches it.
    [`remote.${REMOTE}.url`, options.url],
    [`remote.${REMOTE}.promisor`, 'true'],
    [`remote.${REMOTE}.partialCloneFilter`, 'blob:none'],
  ]
  const auth = authHeader(options.url, options.token)
  if (auth) config.push([`http.${auth.prefix}.extraheader`, auth.header])
  env.GIT_CONFIG_COUNT = String(config.length)
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key
    env[`GIT_CONFIG_VALUE_${i}`] = value
  })
  return env
}

const DROPPED_ENV =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|REPLACE_REF_BASE|NO_REPLACE_OBJECTS|GRAFT_FILE|SHALLOW_FILE|QUARANTINE_PATH|CONFIG|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|LITERAL_PATHSPECS|GLOB_PATHSPECS|NOGLOB_PATHSPECS|ICASE_PATHSPECS)$/

interface AuthHeader {
  /** `https://host[:port]/`: scoped to the host, so a redirect elsewhere does not carry it. */
  prefix: string
  header: string
  encoded: string
}

function authHeader(url: string, token: string | undefined): AuthHeader | undefined {
  if (!token) return undefined
  const parsed = parseHttpUrl(url)
  if (!parsed) return undefined // ssh and local ledgers authenticate their own way
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    throw new UserError('INPUT_INVALID', `'${displayUrl(url)}' would send the token unencrypted`, {
      input: 'ledger',
      valid: 'an https:// URL, an ssh URL or a path',
    })
  }
  const encoded = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')
  return {
    prefix: `${parsed.protocol}//${parsed.host}/`,
    header: `AUTHORIZATION: basic ${encoded}`,
    encoded,
  }
}

function parseHttpUrl(url: string): URL | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** The URL without user name or password, for messages. */
function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1')
}

/** A path (not a URL, not scp-like `host:path`) is resolved here: git runs in the scratch repo. */
function resolveLocation(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url
  const scp = /^[^/]*:/.test(url) && !/^[A-Za-z]:[\\/]/.test(url)
  return scp ? url : resolve(url)
}

function checkBranch(branch: string): void {
  if (!BRANCH_RE.test(branch) || BAD_BRANCH_RE.test(branch)) {
    throw new UserError('INPUT_INVALID', `'${branch}' is not a usable branch name`, {
      input: 'ledger-branch',
      valid: 'letters, digits, . _ - and /, not starting with - . or /, without .. or //',
    })
  }
}

function checkPath(path: string, allowRoot = false): string {
  const clean = path.replace(/\/+$/, '')
  if (clean === '' && allowRoot) return ''
  if (!clean.split('/').every((s) => SEGMENT_RE.test(s))) {
    throw new ReleaseError('INTERNAL', `'${path}' is not a ledger path`, {
      hint: 'ledger paths are relative, /-separated names of letters, digits and . _ @ + -',
    })
  }
  return clean
}

interface GitRun {
  code: number
  stdout: Buffer
  stderr: string
}

/** Runs git with an argument array; stdin is closed unless `input` is given. */
function runGit(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs: number },
): Promise<GitRun> {
  return new Promise((done, fail) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
    }, options.timeoutMs)
    child.stdout?.on('data', (b: Buffer) => out.push(b))
    child.stderr?.on('data', (b: Buffer) => err.push(b))
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      fail(
        new ReleaseError(
          'GIT_FAILED',
          e.code === 'ENOENT' ? 'git was not found on PATH' : `git could not run: ${e.message}`,
          { hint: 'install git 2.31 or newer (e.g. apt-get install git)', cause: e },
        ),
      )
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      let stderr = Buffer.concat(err).toString('utf8')
      if (timedOut) stderr += `\nfatal: timed out after ${options.timeoutMs / 1000}s`
      done({ code: timedOut ? -1 : (code ?? -1), stdout: Buffer.concat(out), stderr })
    })
    if (options.input !== undefined && child.stdin) {
      // git may exit before reading everything (e.g. a bad argument); the exit code says why.
      child.stdin.on('error', () => undefined)
      child.stdin.end(options.input, 'utf8')
    }
  })
}

export class Ledger {
  readonly branch: string
  /** Where the ledger lives, without credentials: for messages and summaries. */
  readonly location: string
  readonly #url: string
  readonly #workDir: string
  readonly #gitDir: string
  readonly #caFile: string | undefined
  readonly #env: NodeJS.ProcessEnv
  readonly #secrets: string[]
  #head: string | undefined
  #queue: Promise<unknown> = Promise.resolve()

  private constructor(options: LedgerOptions, secrets: string[]) {
    this.#url = resolveLocation(options.url)
    this.location = displayUrl(this.#url)
    this.branch = options.branch
    this.#workDir = resolve(options.workDir)
    this.#gitDir = join(this.#workDir, 'ledger.git')
    this.#caFile = options.ca === undefined ? undefined : join(this.#workDir, 'trusted-ca.pem')
    this.#env = {
      ...gitEnv({ ...options, url: this.#url, caFile: this.#caFile }),
      GIT_DIR: this.#gitDir,
    }
    this.#secrets = secrets
  }

  /** Prepares the scratch repository and reads the branch; an absent branch is an empty ledger. */
  static async open(options: LedgerOptions): Promise<Ledger> {
    if (options.url.startsWith('-')) {
      throw new UserError('INPUT_INVALID', `'${options.url}' starts with '-'`, {
        input: 'ledger',
        valid: 'a git URL, a path, or none',
      })
    }
    checkBranch(options.branch)
    if (!options.author.name.trim() || !options.author.email.trim()) {
      throw new ReleaseError('INTERNAL', 'a ledger commit needs an author name and email')
    }
    const secrets = collectSecrets(options)
    for (const s of secrets) options.onSecret?.(s)

    const ledger = new Ledger(options, secrets)
    await mkdir(ledger.#workDir, { recursive: true })
    if (ledger.#caFile !== undefined) {
      await writeFile(ledger.#caFile, `${await trustedBefore()}\n${options.ca ?? ''}\n`)
    }
    await ledger.#local(['init', '--bare', '--quiet', '--template=', '--initial-branch=scratch'])
    // Only the repository's own config file may turn on an extension, so these two go there.
    await appendFile(
      join(ledger.#gitDir, 'config'),
      `[core]\n\trepositoryformatversion = 1\n[extensions]\n\tpartialClone = ${REMOTE}\n`,
    )
    await ledger.refresh()
    return ledger
  }

  /** The commit last read or written; undefined while the branch does not exist. */
  get head(): string | undefined {
    return this.#head
  }

  /** Reads the branch again, e.g. after a lost race. */
  async refresh(): Promise<void> {
    return this.#serial(async () => {
      const args = fetchArgs(this.branch)
      const out = await this.#git(args, { timeoutMs: NETWORK_TIMEOUT_MS })
      if (out.code === 0) {
        this.#head = await this.#revParse(REMOTE_REF)
        return
      }
      if (/couldn't find remote ref/i.test(out.stderr)) {
        // Deleted or never created: the first commit creates it.
        this.#head = undefined
        await this.#local(['update-ref', '-d', REMOTE_REF])
        return
      }
      throw this.#unreachable('fetch', out.stderr)
    })
  }

  /**
   * The content of a file at head, or undefined when it does not exist. The tree says whether it
   * exists; its content may still have to come from the remote, and a failure to fetch it is an
   * error: reading it as absent would let a promote write over a state it could not see.
   */
  async read(path: string): Promise<string | undefined> {
    const clean = checkPath(path)
    return this.#serial(async () => {
      const head = this.#head
      if (head === undefined) return undefined
      const entry = (await this.#local(['ls-tree', '-z', head, '--', clean])).stdout
        .toString('utf8')
        .split('\0')
        .find((e) => e.endsWith(`\t${clean}`))
      // An absent path lists nothing; a folder is a tree, not a file.
      const [, type, blob] = entry?.slice(0, entry.indexOf('\t')).split(' ') ?? []
      if (type !== 'blob' || blob === undefined) return undefined
      const out = await this.#git(['cat-file', 'blob', blob], { timeoutMs: NETWORK_TIMEOUT_MS })
      if (out.code !== 0) throw this.#unreachable(`read ${clean} from`, out.stderr)
      return out.stdout.toString('utf8')
    })
  }

  /**
   * Brings the content of those of `paths` that exist at head in one round trip, so that the
   * reads that follow find it here instead of asking the server one file at a time. Best effort:
   * a read still fetches what is missing, and reports it when it cannot.
   */
  async prefetch(paths: string[]): Promise<void> {
    const clean = [...new Set(paths.map((p) => checkPath(p)))]
    return this.#serial(async () => {
      const head = this.#head
      if (head === undefined || clean.length === 0) return
      const blobs = (await this.#local(['ls-tree', '-z', head, '--', ...clean])).stdout
        .toString('utf8')
        .split('\0')
        .map((e) => e.slice(0, e.indexOf('\t')).split(' '))
        .filter(([, type]) => type === 'blob')
        .map(([, , blob]) => `${blob}\n`)
      if (blobs.length === 0) return
      // What git itself runs to fetch a missing object of a partial clone, for all of them at once.
      const args = ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags']
      args.push('--no-write-fetch-head', '--no-recurse-submodules', '--filter=blob:none')
      args.push('--stdin', REMOTE)
      await this.#git(args, { input: blobs.join(''), timeoutMs: NETWORK_TIMEOUT_MS })
    })
  }

  /** Names of the files directly under `dir` at head, sorted. */
  async list(dir: string): Promise<string[]> {
    const clean = checkPath(dir, true)
    return this.#serial(async () => {
      const head = this.#head
      if (head === undefined) return []
      const args = ['ls-tree', '-z', head]
      if (clean) args.push('--', `${clean}/`)
      const out = await this.#local(args)
      const names: string[] = []
      for (const entry of out.stdout.toString('utf8').split('\0')) {
        const tab = entry.indexOf('\t')
        if (tab < 0 || entry.split(' ')[1] !== 'blob') continue
        const path = entry.slice(tab + 1)
        names.push(clean ? path.slice(clean.length + 1) : path)
      }
      return names.sort()
    })
  }

  /**
   * Writes `files` on top of head and pushes without force. 'rejected' means another writer
   * moved the branch first and nothing of ours landed: refresh, re-check, try again.
   */
  async commit(files: Record<string, string>, message: string): Promise<'committed' | 'rejected'> {
    const paths = Object.keys(files).map((p) => checkPath(p))
    if (paths.length === 0) {
      throw new ReleaseError('INTERNAL', 'a ledger commit needs at least one file')
    }
    if (!message.trim()) throw new ReleaseError('INTERNAL', 'a ledger commit needs a message')
    return this.#serial(async () => {
      const parent = this.#head
      const tree = await this.#tree(parent, files)
      const commitArgs = ['commit-tree', tree, '-F', '-']
      if (parent) commitArgs.push('-p', parent)
      const commit = (await this.#local(commitArgs, `${message.trim()}\n`)).stdout
        .toString('utf8')
        .trim()

      const push = await this.#git(pushArgs(this.#url, commit, this.branch), {
        timeoutMs: NETWORK_TIMEOUT_MS,
      })
      if (push.code !== 0 && !(await this.#landed(push, commit, parent))) return 'rejected'
      this.#head = commit
      await this.#local(['update-ref', REMOTE_REF, commit])
      return 'committed'
    })
  }

  /** Head's tree with `files` written over it, built in a temporary index. */
  async #tree(parent: string | undefined, files: Record<string, string>): Promise<string> {
    const lines: string[] = []
    for (const path of Object.keys(files).sort()) {
      const blob = await this.#local(['hash-object', '-w', '--stdin'], files[path]!)
      lines.push(`100644 ${blob.stdout.toString('utf8').trim()}\t${checkPath(path)}\n`)
    }
    const index = join(this.#workDir, `index-${randomBytes(6).toString('hex')}`)
    const env = { GIT_INDEX_FILE: index }
    try {
      if (parent) await this.#local(['read-tree', parent], undefined, env)
      await this.#local(['update-index', '--add', '--index-info'], lines.join(''), env)
      // --missing-ok: the files not written here stay on the server; checking them would fetch
      // every one of them.
      const tree = await this.#local(['write-tree', '--missing-ok'], undefined, env)
      return tree.stdout.toString('utf8').trim()
    } finally {
      await rm(index, { force: true })
      await rm(`${index}.lock`, { force: true })
    }
  }

  /**
   * A failed push is a lost race when the server says so, or when the branch has moved from the
   * head we built on; when the branch carries our commit the push landed despite the error.
   * Anything else (no access, protected branch, no network) is a failure to report.
   */
  async #landed(push: GitRun, commit: string, parent: string | undefined): Promise<boolean> {
    const status = push.stdout.toString('utf8')
    if (/\[rejected\] \((non-fast-forward|fetch first|already exists|stale info)\)/.test(status)) {
      return false
    }
    // The server's compare-and-swap: the branch was not at our parent any more, or another push
    // held it while updating it (then the branch may not show the move yet).
    if (/cannot lock ref/i.test(push.stderr)) return false
    const ls = await this.#git(lsRemoteArgs(this.#url, this.branch), {
      timeoutMs: NETWORK_TIMEOUT_MS,
    })
    if (ls.code !== 0) throw this.#unreachable('push to', push.stderr || status)
    const ref = `refs/heads/${this.branch}`
    const tip = ls.stdout
      .toString('utf8')
      .split('\n')
      .map((l) => l.split('\t'))
      .find(([, name]) => name === ref)?.[0]
    if (tip === commit) return true
    if (tip !== parent) return false
    throw this.#unreachable('push to', `${push.stderr}\n${remoteReason(status)}`)
  }

  async #revParse(ref: string): Promise<string> {
    const sha = (await this.#local(['rev-parse', '--verify', `${ref}^{commit}`])).stdout
      .toString('utf8')
      .trim()
    if (!COMMIT_RE.test(sha)) {
      throw new ReleaseError('GIT_FAILED', `git gave '${sha}' as the ledger head`)
    }
    return sha
  }

  #git(args: string[], options: { input?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }) {
    return runGit(args, {
      cwd: this.#workDir,
      env: { ...this.#env, ...options.env },
      input: options.input,
      timeoutMs: options.timeoutMs,
    })
  }

  /** A command on the scratch repository: a failure here is the machine, not the remote. */
  async #local(args: string[], input?: string, env?: NodeJS.ProcessEnv): Promise<GitRun> {
    const out = await this.#git(args, { input, env, timeoutMs: LOCAL_TIMEOUT_MS })
    if (out.code !== 0) {
      throw new ReleaseError(
        'GIT_FAILED',
        `git ${args[0]} failed in the ledger's scratch repository: ${this.#lastLines(out.stderr)}`,
        { hint: `check that ${this.#workDir} is writable and has free space` },
      )
    }
    return out
  }

  #unreachable(what: string, stderr: string): ReleaseError {
    const detail = this.#lastLines(stderr)
    return new ReleaseError(
      'LEDGER_UNREACHABLE',
      `could not ${what} the ledger branch '${this.branch}' at ${this.location}: ${detail}`,
      { hint: hintFor(stderr, this.location) },
    )
  }

  #lastLines(stderr: string): string {
    let text = stderr
    for (const s of this.#secrets) text = text.split(s).join('***')
    text = text.replace(/(authorization:\s*)\S+(\s+\S+)?/gi, '$1***')
    text = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1')
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('hint:'))
    const marked = lines.filter((l) => /^(fatal|error|remote|!|\[)/i.test(l))
    return (marked.length > 0 ? marked : lines).slice(-3).join(' / ') || 'no message from git'
  }

  /** One operation at a time per ledger: head must not move under a read or a commit. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }
}

function collectSecrets(options: LedgerOptions): string[] {
  const secrets: string[] = []
  if (options.token) {
    secrets.push(options.token)
    const auth = authHeader(resolveLocation(options.url), options.token)
    if (auth) secrets.push(auth.encoded)
  }
  // A password written into the URL reaches git's argv; at least keep it out of the logs.
  const url = parseHttpUrl(options.url)
  if (url?.password) secrets.push(decodeURIComponent(url.password))
  return secrets
}

function remoteReason(porcelain: string): string {
  return (
    porcelain
      .split('\n')
      .find((l) => l.startsWith('!'))
      ?.split('\t')
      .slice(2)
      .join(' ') ?? ''
  )
}

/**
 * What git trusted before `registry-ca` was added to it: the machine's GIT_SSL_CAINFO, else the
 * system bundle, else the public CAs Node ships. A CA file given to git replaces its default.
 */
async function trustedBefore(): Promise<string> {
  for (const file of [process.env.GIT_SSL_CAINFO, SYSTEM_CA_BUNDLE]) {
    if (!file) continue
    try {
      return await readFile(file, 'utf8')
    } catch {
      // Not there on this machine: the next source.
    }
  }
  return rootCertificates.join('\n')
}

const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

function hintFor(stderr: string, location: string): string {
  if (/dubious ownership/i.test(stderr)) {
    return `the ledger repository at ${location} belongs to another user; run the job as its owner`
  }
  if (
    /SSL certificate problem|certificate verify|server certificate verification failed/i.test(
      stderr,
    )
  ) {
    return (
      `git does not trust the TLS certificate of ${location}: set registry-ca to the PEM file of ` +
      'the certificate authority that signed it (it is trusted for the ledger too)'
    )
  }
  if (/protected branch|hook declined|pre-receive|GH006|GH013/i.test(stderr)) {
    return (
      'the ledger branch refuses this push: exempt it from branch protection and rulesets, or ' +
      'use a dedicated branch (ledger-branch)'
    )
  }
  if (
    /authentication failed|could not read (username|password)|terminal prompts disabled|permission denied|\b40[13]\b|write access/i.test(
      stderr,
    )
  ) {
    return (
      'the ledger needs credentials that may push: give the job `permissions: contents: write` ' +
      '(or a token that can push to that repository), or an ssh key for an ssh URL'
    )
  }
  if (
    /does not appear to be a git repository|repository not found|\b404\b|not found/i.test(stderr)
  ) {
    return (
      `check the ledger URL or path (${location}): it must name an existing git repository; ` +
      'for a local ledger create one with `git init --bare PATH`'
    )
  }
  if (
    /timed out|could not resolve|connection refused|failed to connect|unable to access/i.test(
      stderr,
    )
  ) {
    return `check that ${location} is reachable from this machine (DNS, proxy, firewall)`
  }
  return (
    'check the ledger URL, that the token may push to it (contents: write), and that the branch ' +
    'accepts pushes'
  )
}

/**
 * Runs `attempt` until its commit lands. Each rejection means another writer moved the branch:
 * the ledger is read again and `attempt` runs again on the new state, so it re-checks whatever
 * it decided from the old one. The first attempt uses the ledger as last read.
 */
export async function commitWithRetry(
  ledger: Ledger,
  attempt: CommitAttempt,
  options: { tries?: number } = {},
): Promise<CommitOutcome> {
  const tries = options.tries ?? DEFAULT_TRIES
  if (!Number.isSafeInteger(tries) || tries < 1) {
    throw new ReleaseError('INTERNAL', `ledger tries ${tries} is not a positive integer`)
  }
  for (let n = 1; n <= tries; n++) {
    if (n > 1) {
      // Writers that collided would collide again in lockstep; a random wait spreads them out.
      await sleep(Math.random() * Math.min(MAX_WAIT_MS, 25 * 2 ** n))
      await ledger.refresh()
    }
    const change = await attempt(ledger)
    if (change === 'noop') return { outcome: 'noop', attempts: n }
    if ((await ledger.commit(change.files, change.message)) === 'committed') {
      return { outcome: 'committed', commit: ledger.head, attempts: n }
    }
  }
  throw new ReleaseError(
    'LEDGER_RACE_LOST',
    `lost the race to another writer ${tries} time${tries === 1 ? '' : 's'} on the ledger ` +
      `branch '${ledger.branch}' at ${ledger.location}`,
    {
      hint:
        'other jobs are writing the ledger at the same time; re-run this one: it reads the new ' +
        'state and checks every gate again',
    },
  )
}
