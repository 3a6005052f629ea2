/**
 * Inputs (issue #10 item 9): the ledger branch cannot be a code branch or HEAD, a bad boolean on
 * the command line names its own flag, an inline PEM is a value, a mistyped secrets line is not
 * echoed.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main, parseArgs } from '../src/cli.js'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { describeError, UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { generateKeyPair } from '../src/sign/keys.js'
import { needTools } from './helpers/tools.js'
import { treeDigest } from './helpers/tree-digest.js'

const catchError = async (work: () => unknown): Promise<unknown> => {
  try {
    await work()
  } catch (e) {
    return e
  }
  return undefined
}

describe('ledger-branch', () => {
  it.each([
    ['main', 'code branch'],
    ['master', 'code branch'],
    ['HEAD', 'HEAD names a commit'],
    ['origin/HEAD', 'HEAD names a commit'],
    ['refs/heads/release-ledger', 'without refs/heads/'],
  ])('refuses %s before anything runs', async (branch, why) => {
    const inputs: Record<string, string> = {
      command: 'hold',
      image: 'oci:./x',
      environment: 'production',
      'ledger-branch': branch,
    }
    const error = await catchError(() => readConfig((n) => inputs[n], {}))
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('ledger-branch')
    expect((error as Error).message).toContain(why)
    expect((error as Error).message).toContain('valid: a branch used for nothing else')
    // Positive control.
    inputs['ledger-branch'] = 'release-ledger'
    expect(readConfig((n) => inputs[n], {}).ledgerBranch).toBe('release-ledger')
  })

  describe.skipIf(!needTools('git'))('against a real repository', () => {
    let work: string
    let repo: string
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'hardening-inputs-'))
      repo = join(work, 'repo')
      mkdirSync(repo)
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo })
      git('init', '-q', '-b', 'trunk')
      writeFileSync(join(repo, 'a'), 'a\n')
      git('add', '.')
      git('commit', '-q', '-m', 'one')
    })
    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true })
    })

    const hold = (env: NodeJS.ProcessEnv, branch?: string) => {
      const inputs: Record<string, string> = {
        command: 'hold',
        image: 'oci:./x',
        environment: 'production',
        reason: 'r',
      }
      if (branch) inputs['ledger-branch'] = branch
      const all = { PATH: process.env.PATH, HOME: work, USER: 't', ...env }
      return runCommand(
        readConfig((n) => inputs[n], all),
        { logger: nullLogger, env: all, cwd: repo },
      )
    }

    it("refuses the working repository's current branch, writing nothing", async () => {
      const before = treeDigest(join(repo, '.git'))
      const error = await catchError(() => hold({}, 'trunk'))
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).input).toBe('ledger-branch')
      expect((error as Error).message).toContain("this repository's current branch")
      expect(treeDigest(join(repo, '.git'))).toBe(before)
      // Positive control: the default ledger branch of the same repository takes the hold.
      expect((await hold({})).outputs.changed).toBe('true')
      expect(
        execFileSync('git', ['-C', repo, 'branch', '--list', '--format=%(refname:short)'], {
          encoding: 'utf8',
        })
          .split('\n')
          .sort(),
      ).toEqual(['', 'release-ledger', 'trunk'])
    })

    it("refuses in Actions the branch the workflow runs on and the repository's default branch", async () => {
      const event = join(work, 'event.json')
      writeFileSync(event, JSON.stringify({ repository: { default_branch: 'develop' } }))
      const actions = {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_REF: 'refs/heads/feature-x',
        GITHUB_EVENT_PATH: event,
        // Nothing may reach a network: the refusal comes first.
        GITHUB_SERVER_URL: 'http://127.0.0.1:9',
      }
      for (const [branch, why] of [
        ['feature-x', 'the branch this workflow runs on'],
        ['develop', "the repository's default branch"],
      ]) {
        const error = await catchError(() => hold(actions, branch))
        expect(error, branch).toBeInstanceOf(UserError)
        expect((error as Error).message).toContain(why)
      }
    })
  })
})

describe('the command line', () => {
  it('names --require-signature when its value is not a boolean', () => {
    const error = (() => {
      try {
        parseArgs(['promote', '--require-signature', 'maybe', '--environment', 'production'])
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('require-signature')
    expect((error as Error).message).toContain("'maybe' is not a boolean")
    // Positive controls: a boolean word, a bare flag before a command, and before another flag.
    expect(
      parseArgs(['promote', '--require-signature', 'no']).inputs.get('require-signature'),
    ).toBe('no')
    expect(parseArgs(['--keyless', 'release']).command).toBe('release')
    expect(parseArgs(['release', '--push', '--keyless']).inputs.get('push')).toBe('true')
  })

  it.skipIf(!needTools('git', 'tar', 'gzip'))(
    'takes a PEM key given inline to --signing-key, and signs with it',
    async () => {
      const work = mkdtempSync(join(tmpdir(), 'hardening-pem-'))
      try {
        const repo = join(work, 'repo')
        mkdirSync(repo)
        const git = (...args: string[]) =>
          execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo })
        git('init', '-q', '-b', 'main')
        writeFileSync(join(repo, 'index.html'), 'x\n')
        git('add', '.')
        git('commit', '-q', '-m', 'one')
        const pair = await generateKeyPair('pw')
        const argv = [
          'release',
          '--image',
          `oci:${join(work, 'out')}`,
          '--context',
          repo,
          '--builder',
          'native',
          '--signing-key',
          pair.privateKeyPem,
          '--signing-key-passphrase',
          'pw',
          '--json',
        ]
        expect(parseArgs(argv).inputs.get('signing-key')).toBe(pair.privateKeyPem)
        const stdout = new PassThrough()
        const stderr = new PassThrough()
        const saved = process.exitCode
        await main(argv, { stdout, stderr, env: { PATH: process.env.PATH, HOME: work } })
        const exit = process.exitCode
        process.exitCode = saved
        const log = String(stderr.read() ?? '')
        expect(exit ?? 0, log).toBe(0)
        const outputs = JSON.parse(String(stdout.read())) as Record<string, string>
        expect(outputs.digest).toMatch(/^sha256:/)
        // The key never shows in the log, not even one of its lines.
        for (const line of pair.privateKeyPem.split('\n').filter((l) => l.length > 20)) {
          expect(log).not.toContain(line)
        }
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    },
  )
})

describe('a mistyped secrets line', () => {
  const SECRET = 'c2VjcmV0+dmFsdWU/Zm9yLXRlc3Rz'
  it.each([
    [`NPM_TOKEN: ${SECRET}==`, 'invalid key'],
    [`${SECRET}==`, 'invalid key'],
    [`NPM_TOKEN=a\nNPM_TOKEN=${SECRET}`, 'a second time'],
    [SECRET, "has no '='"],
  ])('%#: is reported without its value', (secrets, problem) => {
    const error = (() => {
      try {
        readConfig((n) => ({ image: 'ghcr.io/acme/shop', secrets })[n as 'image'], {})
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('secrets')
    expect((error as Error).message).toContain(problem)
    expect(describeError(error)).not.toContain(SECRET)
    expect(describeError(error)).not.toContain(SECRET.slice(0, 8))
  })
  it('shows the key of a line in a map that is not secret (positive control)', () => {
    expect(() =>
      readConfig((n) => ({ image: 'ghcr.io/acme/shop', env: 'MY KEY=1' })[n as 'image'], {}),
    ).toThrow("invalid key 'MY KEY'")
  })
})
