/**
 * Build contexts (issue #10 item 9): an ignore file that links outside the context, a context
 * reached through symlinks, and a file name that is not UTF-8, each released into a real layout.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { LayoutStore } from '../src/oci/index.js'
import { needTools } from './helpers/tools.js'
import { treeDigest } from './helpers/tree-digest.js'

const ok = needTools('git', 'tar', 'gzip')

describe.skipIf(!ok)('build context hardening', () => {
  let work: string
  let out: string

  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
      },
    }).trim()

  /** A committed repository holding `files` (a Buffer key is a raw file name). */
  const repoWith = (
    name: string,
    files: [string | Buffer, string][],
    links: [string, string][] = [],
  ) => {
    const repo = join(work, name)
    mkdirSync(repo, { recursive: true })
    git(repo, 'init', '-q', '-b', 'main')
    for (const [file, text] of files) {
      const path =
        typeof file === 'string' ? join(repo, file) : Buffer.concat([Buffer.from(`${repo}/`), file])
      writeFileSync(path, text)
    }
    for (const [link, target] of links) symlinkSync(target, join(repo, link))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', name)
    return repo
  }

  const release = (context: string, extra: Record<string, string> = {}) => {
    const inputs: Record<string, string> = {
      image: `oci:${out}`,
      context,
      builder: 'native',
      ...extra,
    }
    const env = { PATH: process.env.PATH, HOME: work }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger: nullLogger, env, cwd: context },
    )
  }

  const files = async (digest: string): Promise<string[]> => {
    const store = await LayoutStore.open(out)
    const manifest = JSON.parse((await store.getManifest(digest)).bytes.toString()) as {
      layers: { digest: string; size: number }[]
    }
    const names: string[] = []
    for (const layer of manifest.layers) {
      const blob = await store.readBlob(layer)
      names.push(...execFileSync('tar', ['-tz'], { input: blob, encoding: 'utf8' }).split('\n'))
    }
    return names.filter((n) => n !== '')
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hardening-context-'))
    out = join(work, 'out')
    // A first release makes the layout, so every refused case can be checked byte for byte.
    await release(repoWith('first', [['index.html', 'first\n']]))
  }, 60_000)
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('refuses a .dockerignore that links outside the context, and reads one that links inside', async () => {
    writeFileSync(join(work, 'outside-rules'), 'secret.txt\n')
    const outside = repoWith(
      'ignore-outside',
      [
        ['index.html', 'x\n'],
        ['secret.txt', 'kept?\n'],
      ],
      [['.dockerignore', join(work, 'outside-rules')]],
    )
    const before = treeDigest(out)
    const error = await release(outside).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('context')
    expect((error as Error).message).toMatch(
      /ignore file .*\.dockerignore is a symlink to .*outside-rules, outside the context/,
    )
    expect(treeDigest(out)).toBe(before)

    // Positive control: a link to a file inside the context is read, and its rules apply.
    const inside = repoWith(
      'ignore-inside',
      [
        ['index.html', 'x\n'],
        ['secret.txt', 'dropped\n'],
        ['rules', 'secret.txt\n'],
      ],
      [['.dockerignore', 'rules']],
    )
    const r = await release(inside)
    const names = await files(r.outputs.digest!)
    expect(names.some((n) => n.endsWith('index.html'))).toBe(true)
    expect(names.some((n) => n.endsWith('secret.txt'))).toBe(false)
  })

  it('builds a context reached through a symlinked parent or a symlink, as its real folder', async () => {
    const repo = repoWith(join('real', 'app'), [['index.html', 'linked\n']])
    symlinkSync(join(work, 'real'), join(work, 'parent-link'))
    symlinkSync(repo, join(work, 'app-link'))
    const real = await release(repo)
    expect(real.outputs.digest).toMatch(/^sha256:/)
    for (const path of [join(work, 'parent-link', 'app'), join(work, 'app-link')]) {
      expect((await release(path)).outputs.digest, path).toBe(real.outputs.digest)
    }
  })

  it('names a file whose name is not UTF-8, as bytes, and says what to do; an ignored one is fine', async () => {
    const repo = repoWith('latin1', [
      ['index.html', 'x\n'],
      [Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]), 'latin-1 name\n'],
    ])
    const before = treeDigest(out)
    const error = await release(repo).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('context')
    expect((error as Error).message).toContain(
      'the file name "caf\\xe9.txt" in the context is not valid UTF-8',
    )
    expect((error as UserError).hint).toMatch(/rename it to UTF-8 .* "caf\*\.txt"/)
    expect(treeDigest(out)).toBe(before)
    // Positive control: left out by the pattern the hint suggests, the same commit releases.
    const r = await release(repo, { exclude: 'caf*.txt' })
    expect(await files(r.outputs.digest!)).not.toContainEqual(expect.stringMatching(/caf/))
  })

  it('leaves no layout folder behind when a release into a new one is refused', async () => {
    const repo = repoWith('new-layout', [['index.html', 'new\n']])
    const fresh = join(work, 'fresh', 'layout')
    const otherCommitTag = `sha-${'f'.repeat(40)}`
    const error = await release(repo, { image: `oci:${fresh}`, tags: otherCommitTag }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('tags')
    expect(existsSync(fresh)).toBe(false)
    // Positive control: the same release without the refused tag makes the layout.
    const r = await release(repo, { image: `oci:${fresh}`, tags: 'edge' })
    expect(await (await LayoutStore.open(fresh)).listTags()).toEqual(
      expect.arrayContaining(['edge', `sha-${git(repo, 'rev-parse', 'HEAD')}`]),
    )
    expect(r.outputs.digest).toMatch(/^sha256:/)
  })
})
