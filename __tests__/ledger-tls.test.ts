/**
 * A ledger on a git server over https whose certificate a company CA signed (issue #15 item 4):
 * `registry-ca` is trusted for the ledger's https as for the registry's, and without it git
 * refuses the server before any request reaches it.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLedger } from '../src/commands/ledger-access.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { Ledger } from '../src/release/ledger.js'
import { startGitHttps, type GitHttpsServer } from './helpers/git-https.js'
import { issueServerCert, makeCa } from './helpers/test-ca.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('git', 'openssl')
const BRANCH = 'release-ledger'
const author = { name: 'tester', email: 'tester@example.com' }

describe.skipIf(!ok)('ledger over https with a private CA', () => {
  let work: string
  let server: GitHttpsServer
  let caPath: string
  let caPem: string
  let tests = 0
  const bare = (name: string): string => {
    const path = join(work, 'repos', name)
    execFileSync('git', ['init', '-q', '--bare', path])
    return `${server.url}${name}`
  }
  const scratch = (): string => join(work, `scratch-${++tests}`)
  const headOf = (name: string): string =>
    execFileSync('git', ['--git-dir', join(work, 'repos', name), 'rev-parse', BRANCH], {
      encoding: 'utf8',
    }).trim()

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-tls-'))
    mkdirSync(join(work, 'repos'))
    const ca = await makeCa(work)
    caPath = ca.certPath
    caPem = execFileSync('cat', [caPath], { encoding: 'utf8' })
    server = await startGitHttps(
      join(work, 'repos'),
      await issueServerCert(ca, work, ['127.0.0.1']),
    )
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('refuses the server without the CA, and commits and reads back with it', async () => {
    const url = bare('plain.git')
    const before = server.requests.length
    const error = await Ledger.open({ url, branch: BRANCH, author, workDir: scratch() }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ReleaseError)
    expect((error as ReleaseError).code).toBe('LEDGER_UNREACHABLE')
    expect((error as ReleaseError).hint).toContain('registry-ca')
    expect(server.requests.length).toBe(before)

    // Positive control: the same server, trusted through the CA, serves a fetch and a push.
    const ledger = await Ledger.open({ url, branch: BRANCH, author, workDir: scratch(), ca: caPem })
    expect(await ledger.commit({ 'bad.json': '[]\n' }, 'first')).toBe('committed')
    expect(server.requests.some((r) => r.startsWith('POST /plain.git/git-receive-pack'))).toBe(true)
    expect(headOf('plain.git')).toBe(ledger.head)
    const again = await Ledger.open({ url, branch: BRANCH, author, workDir: scratch(), ca: caPem })
    expect(await again.read('bad.json')).toBe('[]\n')
  })

  it('takes the CA from the registry-ca input when a command opens the ledger', async () => {
    const url = bare('input.git')
    const open = (extra: Record<string, string>) => {
      const inputs: Record<string, string> = {
        image: `oci:${join(work, 'out')}`,
        ledger: url,
        ...extra,
      }
      const env = { PATH: process.env.PATH, HOME: work }
      return openLedger(
        readConfig((n) => inputs[n], env),
        {
          logger: nullLogger,
          env,
          cwd: work,
          tmpdir: work,
          mask: () => {},
          credentials: () => Promise.resolve(undefined),
        },
      )
    }
    await expect(open({})).rejects.toMatchObject({ code: 'LEDGER_UNREACHABLE' })
    const opened = await open({ 'registry-ca': caPath })
    try {
      expect(await opened!.ledger.commit({ 'bad.json': '[]\n' }, 'through the input')).toBe(
        'committed',
      )
      expect(headOf('input.git')).toBe(opened!.ledger.head)
    } finally {
      await opened?.close()
    }
  })
})
