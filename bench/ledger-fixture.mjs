// A deep ledger made in one `git fast-import` stream, for bench/ledger.mjs and the deep-ledger
// tests: what a year of releases and promotes leaves on the ledger branch, written in seconds
// instead of by thousands of promote runs.
//
// Ten environments, and every release goes through all of them in order: commit i promotes release
// ⌊i/10⌋ to environment i mod 10 (the first of them also adds its release record), so 5,000
// commits hold 500 releases. Each environment file has the shape the action writes, its history
// bounded to `bound` entries; what falls out of it is in history/<env>/<year>.jsonl, the files
// rewritten every `spillEvery` commits and in the last one (the action appends on every move that
// drops one; only the branch's last state matters to a reader).

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'

export const FIXTURE_ENVIRONMENTS = [
  'dev',
  'test',
  'qa',
  'staging',
  'preview',
  'canary',
  'production',
  'production-eu',
  'production-us',
  'production-ap',
]

/** The digest of release `n`: sha256 of its name, so every run makes the same ledger. */
export function fixtureDigest(n) {
  return `sha256:${createHash('sha256').update(`deep-ledger-release-${n}`).digest('hex')}`
}

/**
 * Writes `commits` commits to `branch` of the repository at `gitDir` (a bare repository without
 * that branch). `lastDigest` replaces the digest of the last release, which every environment
 * ends on (with 10 or more commits): a real image, so that a promote can tag it as the previous.
 * Returns the head, and per environment how many placements the history files hold and the
 * oldest of them.
 */
export async function writeDeepLedger(gitDir, options) {
  const {
    commits,
    branch = 'release-ledger',
    bound = 100,
    spillEvery = 500,
    // 2025-01-01T00:00:00Z, and a move every 6,300 s: 5,000 moves take a year.
    start = 1735689600,
    step = 6300,
    lastDigest,
  } = options
  const last = Math.floor((commits - 1) / FIXTURE_ENVIRONMENTS.length)
  const digestOf = (n) => (n === last && lastDigest ? lastDigest : fixtureDigest(n))
  const child = spawn('git', ['fast-import', '--quiet'], {
    env: {
      ...process.env,
      GIT_DIR: gitDir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (b) => (stderr += b))
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import failed (${code}): ${stderr}`)),
    )
  })
  const write = (text) =>
    child.stdin.write(text) ? Promise.resolve() : new Promise((r) => child.stdin.once('drain', r))

  const states = Object.fromEntries(
    FIXTURE_ENVIRONMENTS.map((env) => [env, { history: [], archived: [] }]),
  )
  for (let i = 0; i < commits; i++) {
    const n = Math.floor(i / FIXTURE_ENVIRONMENTS.length)
    const env = FIXTURE_ENVIRONMENTS[i % FIXTURE_ENVIRONMENTS.length]
    const state = states[env]
    const time = start + i * step
    const placement = {
      digest: digestOf(n),
      commit: createHash('sha1').update(`commit-${n}`).digest('hex'),
      version: `1.${Math.floor(n / 100)}.${n % 100}`,
      at: new Date(time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      by: 'release-bot',
      kind: 'promote',
    }
    const before = state.history[0]
    state.history.unshift(placement)
    if (state.history.length > bound) state.archived.push(state.history.pop())

    const files = {
      [`environments/${env}.json`]: `${JSON.stringify(
        {
          schemaVersion: 1,
          environment: env,
          current: placement,
          previous: before,
          bad: [],
          history: state.history,
        },
        null,
        2,
      )}\n`,
    }
    if (env === FIXTURE_ENVIRONMENTS[0]) {
      files[`releases/${placement.digest.replace(':', '-')}.json`] = `${JSON.stringify({
        schemaVersion: 1,
        image: { digest: placement.digest },
        source: { commit: placement.commit },
        version: placement.version,
      })}\n`
    }
    if ((i + 1) % spillEvery === 0 || i === commits - 1) {
      for (const [name, s] of Object.entries(states)) {
        const years = {}
        for (const p of s.archived) (years[p.at.slice(0, 4)] ??= []).push(JSON.stringify(p))
        for (const [year, lines] of Object.entries(years))
          files[`history/${name}/${year}.jsonl`] = `${lines.join('\n')}\n`
      }
    }
    const message = `${env}: promote ${placement.digest.slice(0, 19)}… (v${placement.version}, by release-bot)\n`
    let text =
      `commit refs/heads/${branch}\nmark :${i + 1}\n` +
      `committer release-bot <release-bot@users.noreply.github.com> ${time} +0000\n` +
      `data ${Buffer.byteLength(message)}\n${message}` +
      (i > 0 ? `from :${i}\n` : '')
    for (const [path, content] of Object.entries(files))
      text += `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`
    await write(`${text}\n`)
  }
  child.stdin.end()
  await exited

  const head = await new Promise((resolve, reject) => {
    const rev = spawn('git', ['rev-parse', `refs/heads/${branch}`], {
      env: { ...process.env, GIT_DIR: gitDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    rev.stdout.on('data', (b) => (out += b))
    rev.once('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error('rev-parse'))))
  })
  const archived = {}
  for (const [env, s] of Object.entries(states))
    archived[env] = { count: s.archived.length, oldest: s.archived[0] }
  return { head, archived }
}
