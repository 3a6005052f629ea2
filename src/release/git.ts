/**
 * Facts about the commit being released, read from git. Every git call is an argument array
 * (never a shell string), and every commit id that comes from the environment is checked to be
 * 40 hex digits before it reaches git, so no value can turn into an option.
 */
import { execFile } from 'node:child_process'
import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, sep } from 'node:path'
import { promisify } from 'node:util'
import { ReleaseError, UserError } from '../errors.js'
import { eventFacts } from '../event.js'

const execFileAsync = promisify(execFile)

export interface CommitFacts {
  /** 40-hex id of the released commit. */
  commit: string
  /** 40-hex tree hash of that commit. */
  tree: string
  /** Committer time, epoch seconds: the default source date of reproducible builds. */
  commitTime: number
  /** e.g. refs/tags/v1.2.3 or refs/heads/main. */
  ref?: string
  /** https URL of the repository, without credentials and without a `.git` suffix. */
  sourceUrl?: string
  /** Changed, staged or untracked paths (not ignored ones), relative to the repository root. */
  dirtyPaths: string[]
  /** Pathspecs leaving the command's own outputs out of the working tree (see readCommit). */
  outputSpecs: string[]
  /**
   * The commit checked out (HEAD). When it differs from `commit` (GITHUB_SHA or a pull
   * request's head names another commit), the files being built are not that commit's tree.
   */
  head?: string
}

const COMMIT_RE = /^[0-9a-f]{40}$/
const MAX_LISTED = 20

export async function readCommit(options: {
  cwd: string
  env?: NodeJS.ProcessEnv
  /**
   * Folders the command itself writes (an image layout): not a change to the source when they
   * lie outside the build context `cwd`, which they cannot reach.
   */
  outputs?: string[]
}): Promise<CommitFacts> {
  const env = options.env ?? process.env
  const cwd = options.cwd
  await assertFolder(cwd)
  await assertRepository(cwd)

  const head = await revParseCommit(cwd, 'HEAD')
  const commit = await chooseCommit(cwd, env, head)

  const outputSpecs = await outputsOutsideContext(cwd, options.outputs ?? [])
  const [tree, commitTime, ref, sourceUrl, dirtyPaths] = await Promise.all([
    treeOf(cwd, commit),
    commitTimeOf(cwd, commit),
    refOf(cwd, env, commit, head),
    sourceUrlOf(cwd, env),
    dirtyPathsOf(cwd, outputSpecs),
  ])
  return { commit, tree, commitTime, ref, sourceUrl, dirtyPaths, outputSpecs, head }
}

export function assertClean(facts: CommitFacts, allowDirty: boolean): void {
  if (allowDirty || facts.dirtyPaths.length === 0) return
  const n = facts.dirtyPaths.length
  const listed = facts.dirtyPaths.slice(0, MAX_LISTED).map((p) => `\n  ${p}`)
  const more = n > MAX_LISTED ? `\n  (+${n - MAX_LISTED} more)` : ''
  throw new UserError(
    'DIRTY_TREE',
    `the working tree has ${n} uncommitted change${n === 1 ? '' : 's'}, so the image would not ` +
      `be commit ${facts.commit.slice(0, 12)}:${listed.join('')}${more}`,
    {
      input: 'allow-dirty',
      hint:
        'commit or discard the changes (git status shows them), add generated files to ' +
        '.gitignore, or set allow-dirty: true to release the working tree as it is',
    },
  )
}

/**
 * `git@host:path`, `ssh://`, `git://` and `https://user:token@host/...` remotes as the https
 * page of the repository. Local paths give undefined: they name no public source.
 */
export function normalizeSourceUrl(raw: string): string | undefined {
  const value = raw.trim()
  if (value.length === 0) return undefined

  // scp-like syntax: git treats `host:path` as ssh only when no slash comes before the colon.
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(value)
  if (scp && !value.includes('://')) {
    const host = scp[1]!
    // A one-letter "host" is a Windows drive (C:\repo), not a remote.
    if (host.length === 1) return undefined
    return finish(`https://${host}`, scp[2]!)
  }

  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  switch (url.protocol) {
    case 'https:':
    case 'http:':
      return finish(`${url.protocol}//${url.host}`, url.pathname)
    case 'ssh:':
    case 'git:':
    case 'git+ssh:':
    case 'ssh+git:':
      // The ssh/git port says nothing about where the web page lives.
      return url.hostname ? finish(`https://${url.hostname}`, url.pathname) : undefined
    default:
      return undefined
  }
}

function finish(origin: string, path: string): string | undefined {
  const clean = path
    .replace(/^\/*~?/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
  return clean.length === 0 ? undefined : `${origin}/${clean}`
}

async function assertFolder(cwd: string): Promise<void> {
  let isDir = false
  try {
    isDir = (await stat(cwd)).isDirectory()
  } catch {
    isDir = false
  }
  // Checked first because a missing cwd makes spawn fail with ENOENT, which reads as "no git".
  if (!isDir) {
    throw new UserError('INPUT_INVALID', `'${cwd}' is not a folder`, {
      input: 'context',
      hint: 'point context at the folder of a git checkout',
    })
  }
}

async function assertRepository(cwd: string): Promise<void> {
  const out = await git(cwd, ['rev-parse', '--show-toplevel'])
  if (out.exitCode === 0) return
  if (/not a git repository/i.test(out.stderr)) {
    throw new UserError('NOT_A_REPOSITORY', `'${cwd}' is not inside a git repository`, {
      input: 'context',
      hint:
        'run inside a checkout (actions/checkout before this step), or run `git init` and ' +
        'commit: a release is made from a commit',
    })
  }
  if (/dubious ownership/i.test(out.stderr)) {
    throw new ReleaseError('GIT_FAILED', `git refuses to read '${cwd}': ${firstLine(out.stderr)}`, {
      hint: `the folder belongs to another user; run \`git config --global --add safe.directory ${cwd}\``,
    })
  }
  throw gitFailed(['rev-parse', '--show-toplevel'], out)
}

async function chooseCommit(
  cwd: string,
  env: NodeJS.ProcessEnv,
  head: string | undefined,
): Promise<string> {
  const event = env.GITHUB_EVENT_NAME
  if (event === 'pull_request' || event === 'pull_request_target') {
    const prHead = eventFacts(env).pullRequestHead
    if (prHead !== undefined) {
      const sha = checkSha(prHead, 'pull_request.head.sha of the event')
      // The merge commit GITHUB_SHA is a throwaway that no one can check out later; the head is
      // the commit the pull request really proposes.
      await assertPresent(cwd, sha, {
        what: `the pull request's head commit ${sha}`,
        hint:
          'check out the head commit with actions/checkout and ' +
          '`ref: ${{ github.event.pull_request.head.sha }}`, or fetch all history with ' +
          '`fetch-depth: 0`',
      })
      return sha
    }
  }

  const githubSha = env.GITHUB_SHA?.trim()
  if (githubSha) {
    const sha = checkSha(githubSha, 'GITHUB_SHA')
    await assertPresent(cwd, sha, {
      what: `GITHUB_SHA ${sha}`,
      hint:
        'check out the commit that triggered the workflow (actions/checkout without another ' +
        '`ref`), or fetch all history with `fetch-depth: 0`',
    })
    return sha
  }

  if (head === undefined) {
    throw new UserError('COMMIT_MISSING', `the repository at '${cwd}' has no commits yet`, {
      input: 'context',
      hint: 'commit the files first: a release is made from a commit',
    })
  }
  return head
}

function checkSha(value: string, source: string): string {
  const sha = value.trim().toLowerCase()
  if (!COMMIT_RE.test(sha)) {
    throw new UserError('INPUT_INVALID', `${source} '${value}' is not a 40-hex commit id`, {
      hint: 'this value comes from the runner; outside Actions, unset it to release HEAD',
    })
  }
  return sha
}

async function assertPresent(
  cwd: string,
  sha: string,
  how: { what: string; hint: string },
): Promise<void> {
  const out = await git(cwd, ['cat-file', '-e', `${sha}^{commit}`])
  if (out.exitCode !== 0) {
    throw new UserError('COMMIT_MISSING', `${how.what} is not in the local repository`, {
      input: 'context',
      hint: how.hint,
    })
  }
}

async function revParseCommit(cwd: string, rev: string): Promise<string | undefined> {
  const out = await git(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`])
  return out.exitCode === 0 ? out.stdout.trim() : undefined
}

async function treeOf(cwd: string, commit: string): Promise<string> {
  const args = ['rev-parse', '--verify', `${commit}^{tree}`]
  const tree = must(args, await git(cwd, args)).trim()
  if (!COMMIT_RE.test(tree)) {
    throw new ReleaseError('GIT_FAILED', `git gave '${tree}' as the tree of ${commit}`, {
      hint: 'only SHA-1 repositories are supported',
    })
  }
  return tree
}

async function commitTimeOf(cwd: string, commit: string): Promise<number> {
  // --no-show-signature: a log.showSignature setting would otherwise mix gpg output in.
  const args = ['show', '-s', '--no-show-signature', '--format=%ct', commit]
  const text = must(args, await git(cwd, args)).trim()
  const seconds = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seconds)) {
    throw new ReleaseError('GIT_FAILED', `git gave '${text}' as the commit time of ${commit}`)
  }
  return seconds
}

async function refOf(
  cwd: string,
  env: NodeJS.ProcessEnv,
  commit: string,
  head: string | undefined,
): Promise<string | undefined> {
  const fromEnv = env.GITHUB_REF?.trim()
  if (fromEnv) return fromEnv
  // The branch HEAD is on says nothing about a commit other than HEAD.
  if (commit === head) {
    const branch = await git(cwd, ['symbolic-ref', '-q', 'HEAD'])
    if (branch.exitCode === 0 && branch.stdout.trim()) return branch.stdout.trim()
  }
  const args = ['tag', '--points-at', commit]
  const tags = must(args, await git(cwd, args))
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
  // Two tags on one commit leave the version ambiguous: better none than a guess.
  return tags.length === 1 ? `refs/tags/${tags[0]}` : undefined
}

async function sourceUrlOf(cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const server = env.GITHUB_SERVER_URL?.trim()
  const repository = env.GITHUB_REPOSITORY?.trim()
  if (server && repository) return `${server.replace(/\/+$/, '')}/${repository}`
  const out = await git(cwd, ['config', '--get', 'remote.origin.url'])
  return out.exitCode === 0 ? normalizeSourceUrl(out.stdout) : undefined
}

/**
 * Pathspecs that leave out of `git status` each folder of `outputs` that is inside the
 * repository but neither inside the build context nor holding it: a release's layout in
 * `out/app` beside `examples/hello` is its output, not a change to what it builds.
 */
async function outputsOutsideContext(cwd: string, outputs: string[]): Promise<string[]> {
  if (outputs.length === 0) return []
  const args = ['rev-parse', '--show-toplevel']
  const top = must(args, await git(cwd, args)).trim()
  const context = await realpath(cwd)
  const within = (outer: string, inner: string) => {
    const rel = relative(outer, inner)
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
  }
  const specs: string[] = []
  for (const folder of outputs) {
    // Not there yet (a first release): nothing of it can be dirty.
    const real = await realpath(folder).catch(() => undefined)
    if (!real || !within(top, real) || real === top) continue
    if (within(context, real) || within(real, context)) continue
    specs.push(`:(top,literal,exclude)${relative(top, real)}`)
  }
  return specs
}

async function dirtyPathsOf(cwd: string, excluded: string[]): Promise<string[]> {
  const args = ['status', '--porcelain=v1', '-z', '--untracked-files=normal']
  if (excluded.length) args.push('--', ':(top)', ...excluded)
  const fields = must(args, await git(cwd, args)).split('\0')
  const paths: string[] = []
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!
    if (entry.length < 4) continue
    const xy = entry.slice(0, 2)
    paths.push(entry.slice(3))
    // With -z a rename or copy is "XY new\0old": the old path is a change too, and must not be
    // read as an entry of its own.
    if (/[RC]/.test(xy) && i + 1 < fields.length) {
      const from = fields[++i]!
      if (from.length > 0) paths.push(from)
    }
  }
  return [...new Set(paths)]
}

export interface GitOutcome {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Runs git in `cwd`, with `env` added to its environment; a non-zero exit is returned, not thrown
 * (only a missing git throws).
 */
export async function git(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<GitOutcome> {
  try {
    const { stdout, stderr } = await execFileAsync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        // Errors are matched by their English text; prompts would hang a CI job forever.
        LC_ALL: 'C',
        GIT_TERMINAL_PROMPT: '0',
        // `git status` would otherwise take the index lock to refresh it, racing other git work.
        GIT_OPTIONAL_LOCKS: '0',
        ...env,
      },
    })
    return { exitCode: 0, stdout, stderr }
  } catch (e) {
    const err = e as NodeJS.ErrnoException & {
      code?: number | string
      stdout?: string
      stderr?: string
    }
    if (err.code === 'ENOENT') {
      throw new ReleaseError('GIT_FAILED', 'git was not found on PATH', {
        hint: 'install git (e.g. apt-get install git): commit facts are read from the checkout',
        cause: e,
      })
    }
    if (typeof err.code === 'number') {
      return { exitCode: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
    }
    throw new ReleaseError('GIT_FAILED', `git ${args.join(' ')} could not run: ${err.message}`, {
      cause: e,
    })
  }
}

/** stdout of a git run that must succeed. */
export function must(args: string[], out: GitOutcome): string {
  if (out.exitCode !== 0) throw gitFailed(args, out)
  return out.stdout
}

function gitFailed(args: string[], out: GitOutcome): ReleaseError {
  return new ReleaseError(
    'GIT_FAILED',
    `git ${args.join(' ')} failed (exit ${out.exitCode}): ${firstLine(out.stderr) || 'no message'}`,
  )
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? ''
}
