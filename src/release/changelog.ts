/**
 * The change log of a release (the commits since the previous release of this image) and of a
 * promote (the commits between the environment's current release and the new one). Local git
 * first; when the clone lacks the history (actions/checkout's depth 1), GitHub's API through a
 * `RemoteHistory` the caller passes in; else a note that says how to get the history.
 */
import { git, must } from './git.js'

/** Entries kept; the rest are only counted. */
export const CHANGES_LIMIT = 250
/** Pages of 100 commits walked through GitHub to find the previous release in a shallow clone. */
export const REMOTE_WALK_PAGES = 5
export const NO_HISTORY = 'history not available; use fetch-depth: 0'

export interface ChangeEntry {
  commit: string
  subject: string
  author: string
  /** The pull request the subject names: `(#123)` or `Merge pull request #123`. */
  pullRequest?: number
}

export interface ChangeLog {
  /** The previous release's commit (release) or the environment's current one (promote). */
  since: string | null
  /** Newest first, at most CHANGES_LIMIT. */
  commits: ChangeEntry[]
  /** Commits left out of `commits`. */
  more: number
  /** Why no list could be made, or that this is the first release. */
  note?: string
}

export interface RemoteCommit extends ChangeEntry {
  parents: string[]
}

/** GitHub's view of the repository's history; src/github/compare.ts gives one. */
export interface RemoteHistory {
  /** `compare/{base}...{head}`: the newest `limit` commits of head not in base, newest first. */
  compare(
    base: string,
    head: string,
    limit: number,
  ): Promise<{ commits: RemoteCommit[]; total: number }>
  /** One page (1-based) of head and its ancestors, newest first, 100 a page. */
  ancestors(head: string, page: number): Promise<RemoteCommit[]>
}

const COMMIT_TAG = /^sha-([0-9a-f]{40})$/
const COMMIT = /^[0-9a-f]{40}$/

export function pullRequestOf(subject: string): number | undefined {
  const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject)
  const n = m ? Number(m[1]) : NaN
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

export function entry(commit: string, subject: string, author: string): ChangeEntry {
  const pr = pullRequestOf(subject)
  return { commit, subject, author, ...(pr ? { pullRequest: pr } : {}) }
}

/**
 * The commits since the previous release: the nearest first-parent ancestor of `head` whose
 * `sha-<commit>` tag is among `tags` (the target's one tag listing).
 */
export async function releaseChanges(input: {
  cwd: string
  head: string
  tags: readonly string[]
  remote?: RemoteHistory
}): Promise<ChangeLog> {
  const { cwd, head } = input
  const released = new Set(
    input.tags.map((t) => COMMIT_TAG.exec(t)?.[1]).filter((c): c is string => c !== undefined),
  )
  released.delete(head)
  const args = ['rev-list', '--first-parent', head]
  const chain = must(args, await git(cwd, args))
    .split('\n')
    .filter(Boolean)
    .slice(1)
  const base = chain.find((c) => released.has(c))
  if (base) return localChanges(cwd, base, head)
  if (!(await isShallow(cwd))) return firstRelease(released.size > 0)
  // The walk above stopped at the clone's edge, not at the first commit.
  if (!input.remote) return unavailable(null)
  return remoteReleaseChanges(input.remote, head, released)
}

/** What a promote from `from` (the environment's current commit) to `to` ships. */
export async function shippedChanges(input: {
  cwd: string
  from: string
  to: string
  remote?: RemoteHistory
}): Promise<ChangeLog> {
  const { cwd, from, to } = input
  if (!COMMIT.test(from) || !COMMIT.test(to)) return unavailable(from)
  if (from === to) return { since: from, commits: [], more: 0 }
  if ((await hasCommit(cwd, from)) && (await hasCommit(cwd, to))) {
    // In a shallow clone both ends may be present with the commits between them cut off.
    const between = await git(cwd, ['merge-base', '--is-ancestor', from, to])
    if (between.exitCode === 0 || !(await isShallow(cwd))) return localChanges(cwd, from, to)
  }
  if (!input.remote) return unavailable(from)
  const { commits, total } = await input.remote.compare(from, to, CHANGES_LIMIT)
  return { since: from, commits: commits.map(plain), more: total - commits.length }
}

/** One line for a ledger commit, a Deployment description or a log line. */
export function describeChanges(log: ChangeLog): string {
  const since = log.since ? ` since ${log.since.slice(0, 12)}` : ''
  if (log.note) return `${log.note}${log.since ? ` (since ${log.since.slice(0, 12)})` : ''}`
  const n = log.commits.length + log.more
  const prs = [...new Set(log.commits.flatMap((c) => (c.pullRequest ? [c.pullRequest] : [])))]
  const listed = prs.length ? ` (${prs.map((p) => `#${p}`).join(', ')})` : ''
  return `${n} commit${n === 1 ? '' : 's'}${since}${listed}`
}

async function localChanges(cwd: string, base: string, head: string): Promise<ChangeLog> {
  const range = `${base}..${head}`
  const logArgs = [
    'log',
    '--no-show-signature',
    '-z',
    `--max-count=${CHANGES_LIMIT}`,
    '--format=%H%x1f%s%x1f%an',
    range,
    '--',
  ]
  const commits = must(logArgs, await git(cwd, logArgs))
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', subject = '', author = ''] = line.replace(/^\n/, '').split('\x1f')
      return entry(commit, subject, author)
    })
  let more = 0
  if (commits.length === CHANGES_LIMIT) {
    const countArgs = ['rev-list', '--count', range, '--']
    more = Number(must(countArgs, await git(cwd, countArgs)).trim()) - CHANGES_LIMIT
  }
  return { since: base, commits, more }
}

async function remoteReleaseChanges(
  remote: RemoteHistory,
  head: string,
  released: Set<string>,
): Promise<ChangeLog> {
  let next: string | undefined = head
  for (let page = 1; page <= REMOTE_WALK_PAGES && next; page++) {
    const commits = await remote.ancestors(head, page)
    if (commits.length === 0) break
    for (const c of commits) {
      // A page lists merged branches' commits too; only the first-parent line is walked.
      if (c.commit !== next) continue
      if (c.commit !== head && released.has(c.commit)) {
        const found = await remote.compare(c.commit, head, CHANGES_LIMIT)
        return {
          since: c.commit,
          commits: found.commits.map(plain),
          more: found.total - found.commits.length,
        }
      }
      next = c.parents[0]
    }
  }
  if (next === undefined) return firstRelease(released.size > 0)
  return {
    since: null,
    commits: [],
    more: 0,
    note: `no earlier release among the ${REMOTE_WALK_PAGES * 100} commits before this one`,
  }
}

function plain(c: RemoteCommit): ChangeEntry {
  return entry(c.commit, c.subject, c.author)
}

/** No ancestor was released; releases of other branches are not this one's history. */
function firstRelease(othersReleased: boolean): ChangeLog {
  const note = othersReleased ? 'first release of this line of history' : 'first release'
  return { since: null, commits: [], more: 0, note }
}

function unavailable(since: string | null): ChangeLog {
  return { since, commits: [], more: 0, note: NO_HISTORY }
}

async function isShallow(cwd: string): Promise<boolean> {
  const out = await git(cwd, ['rev-parse', '--is-shallow-repository'])
  return out.exitCode === 0 && out.stdout.trim() === 'true'
}

async function hasCommit(cwd: string, commit: string): Promise<boolean> {
  return (await git(cwd, ['cat-file', '-e', `${commit}^{commit}`])).exitCode === 0
}
