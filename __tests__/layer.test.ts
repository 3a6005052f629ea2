import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  appendFileSync,
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  existsSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { collectContext, sortEntries, type LayerEntry } from '../src/builders/context.js'
import { crc32, GZIP_HEADER, PIECE, tableCrc32, writeLayer } from '../src/builders/layer.js'
import { ReleaseError, UserError } from '../src/errors.js'

const MTIME = 1_700_000_000 // 2023-11-14 22:13:20 UTC

// Every read from a file opened through node:fs/promises, with the buffer it filled: the real
// reads, observed, so a test can count what is held at once instead of sampling memory.
const reads = vi.hoisted(() => ({
  of: [] as { path: string; buffer: ArrayBufferLike; length: number }[],
}))
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>()
  const open: typeof fs.open = async (path, ...rest) => {
    const handle = await fs.open(path, ...rest)
    const read = handle.read.bind(handle) as (...args: unknown[]) => Promise<{ bytesRead: number }>
    Object.assign(handle, {
      read: async (...args: unknown[]) => {
        const result = await read(...args)
        const target = args[0] as Buffer
        reads.of.push({ path: String(path), buffer: target.buffer, length: result.bytesRead })
        return result
      },
    })
    return handle
  }
  return { ...fs, default: { ...fs, open }, open }
})
const scratch = mkdtempSync(join(tmpdir(), 'layer-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let counter = 0
function tempDir(label: string): string {
  const dir = join(scratch, `${label}-${counter++}`)
  mkdirSync(dir, { recursive: true })
  return dir
}

const options = { include: [], exclude: [], destination: '/' }

function tarList(file: string, verbose = false): string[] {
  const out = execFileSync('tar', ['--quoting-style=literal', verbose ? '-tvf' : '-tf', file], {
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    maxBuffer: 64 << 20,
  })
  return out.toString('utf8').split('\n').filter(Boolean)
}

function paths(entries: LayerEntry[]): string[] {
  return entries.map((e) => (e.type === 'dir' ? `${e.path}/` : e.path))
}

async function build(dir: string, opts = options, out = join(dir, '..', `${counter++}.tar.gz`)) {
  const entries = await collectContext(dir, opts)
  return { entries, layer: await writeLayer(entries, { mtime: MTIME, outFile: out }) }
}

type Variant = {
  fileMode: number
  execMode: number
  dirMode: number
  time: number
  reverse: boolean
}

/** The same tree, made the way two different checkouts would make it. */
function makeTree(root: string, v: Variant): void {
  const files: [string, string, boolean][] = [
    ['README.md', '# hello\n', false],
    ['bin/run', '#!/bin/sh\necho run\n', true],
    ['src/index.js', 'console.log(1)\n', false],
    ['src/lib/util.js', 'export const x = 1\n', false],
    ['a-b', 'dash\n', false],
    ['a/x', 'slash\n', false],
  ]
  const dirs = ['bin', 'src', 'src/lib', 'a', 'empty']
  for (const d of v.reverse ? [...dirs].reverse() : dirs)
    mkdirSync(join(root, d), { recursive: true })
  for (const [path, content, exec] of v.reverse ? [...files].reverse() : files) {
    writeFileSync(join(root, path), content)
    chmodSync(join(root, path), exec ? v.execMode : v.fileMode)
  }
  if (v.reverse) {
    // A hard link must give the same bytes as a plain copy.
    linkSync(join(root, 'src/index.js'), join(root, 'copy.js'))
  } else {
    writeFileSync(join(root, 'copy.js'), 'console.log(1)\n')
    chmodSync(join(root, 'copy.js'), v.fileMode)
  }
  symlinkSync('src/index.js', join(root, 'link'))
  for (const d of dirs) chmodSync(join(root, d), v.dirMode)
  for (const p of [...files.map((f) => f[0]), ...dirs]) utimesSync(join(root, p), v.time, v.time)
}

describe('collectContext + writeLayer', () => {
  it('gives the same digest for the same files, whatever their modes, times and order', async () => {
    const a = tempDir('a')
    const b = tempDir('b')
    makeTree(a, { fileMode: 0o600, execMode: 0o700, dirMode: 0o700, time: 1_000, reverse: false })
    makeTree(b, {
      fileMode: 0o664,
      execMode: 0o775,
      dirMode: 0o775,
      time: 2_000_000_000,
      reverse: true,
    })
    const first = await build(a)
    const second = await build(b)
    expect(second.layer.diffId).toBe(first.layer.diffId)
    expect(second.layer.digest).toBe(first.layer.digest)
    expect(first.layer.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(first.layer.size).toBe(statSync(first.layer.path).size)

    writeFileSync(join(b, 'src/lib/util.js'), 'export const x = 2\n')
    const changed = await build(b)
    expect(changed.layer.diffId).not.toBe(first.layer.diffId)
    expect(changed.layer.digest).not.toBe(first.layer.digest)
  })

  it('sorts by path component, parents first, and normalises modes', async () => {
    const dir = tempDir('modes')
    makeTree(dir, { fileMode: 0o640, execMode: 0o744, dirMode: 0o750, time: 5, reverse: false })
    const { entries, layer } = await build(dir)
    expect(paths(entries)).toEqual([
      'README.md',
      'a/',
      'a/x',
      'a-b',
      'bin/',
      'bin/run',
      'copy.js',
      'empty/',
      'link',
      'src/',
      'src/index.js',
      'src/lib/',
      'src/lib/util.js',
    ])
    const listing = tarList(layer.path, true)
    const line = (name: string) => listing.find((l) => l.split(/\s+/)[5] === name) ?? ''
    expect(line('bin/run')).toMatch(/^-rwxr-xr-x 0\/0 .* 2023-11-14 22:13 bin\/run$/)
    expect(line('README.md')).toMatch(/^-rw-r--r-- 0\/0 /)
    expect(line('src/')).toMatch(/^drwxr-xr-x 0\/0 /)
    expect(line('link')).toMatch(/^lrwxrwxrwx 0\/0 .* link -> src\/index\.js$/)
    expect(listing.every((l) => l.includes(' 0/0 '))).toBe(true)
    expect(tarList(layer.path)).toEqual(paths(entries))

    // Byte level: empty uname/gname, no PAX records, ustar magic.
    const tar = execFileSync('gzip', ['-dc', layer.path])
    expect(tar.subarray(257, 265).toString('latin1')).toBe('ustar\x0000')
    expect(tar.subarray(265, 329).every((b) => b === 0)).toBe(true)
    expect(tar.length % 512).toBe(0)
    expect(tar.subarray(-1024).every((b) => b === 0)).toBe(true)
  })

  it('writes a gzip stream with a fixed header that gzip accepts, and diffId of its contents', async () => {
    const dir = tempDir('gzip')
    writeFileSync(join(dir, 'f'), randomBytes(300_000))
    const { layer } = await build(dir)
    const bytes = readFileSync(layer.path)
    expect(bytes.subarray(0, 10).toString('hex')).toBe('1f8b08000000000000ff')
    expect(GZIP_HEADER.toString('hex')).toBe('1f8b08000000000000ff')
    execFileSync('gzip', ['-t', layer.path])
    const tar = execFileSync('gzip', ['-dc', layer.path])
    expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(layer.diffId)
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(layer.digest)
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(tar.length)
  })

  it('compresses pieces in parallel into one gzip stream, the same bytes for any parallelism', async () => {
    const dir = tempDir('pieces')
    // Several pieces, some compressible (matches reach back across piece boundaries), some not.
    const words = Array.from({ length: 200_000 }, (_, i) => `word${i % 977} `).join('')
    writeFileSync(join(dir, 'text'), words)
    writeFileSync(join(dir, 'random'), randomBytes(2_500_000))
    const entries = await collectContext(dir, options)
    const results = []
    for (const parallel of [1, 2, 4]) {
      results.push(
        await writeLayer(entries, {
          mtime: MTIME,
          outFile: join(scratch, `p${parallel}.tar.gz`),
          parallel,
        }),
      )
    }
    expect(new Set(results.map((r) => r.digest)).size).toBe(1)
    const [one] = results
    const tar = execFileSync('gzip', ['-dc', one!.path], { maxBuffer: 1 << 26 })
    expect(tar.length).toBeGreaterThan(3 * 1024 * 1024)
    expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(one!.diffId)
    execFileSync('gzip', ['-t', one!.path])
    // Priming each piece with the previous window keeps compression close to one stream's.
    const single = execFileSync('gzip', ['-6', '-n', '-c'], { input: tar, maxBuffer: 1 << 26 })
    expect(one!.size).toBeLessThan(single.length * 1.02)
  })

  it('round-trips long names, long link targets and non-ASCII names through GNU tar', async () => {
    const dir = tempDir('long')
    const path150 = `${'p'.repeat(60)}/${'q'.repeat(60)}/${'r'.repeat(28)}`
    const path300 = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(59)).join('/')
    const longDir = `${'d'.repeat(90)}/${'e'.repeat(90)}`
    const target = `../${'t'.repeat(120)}`
    for (const p of [path150, path300]) {
      mkdirSync(dirname(join(dir, p)), { recursive: true })
      writeFileSync(join(dir, p), p)
    }
    mkdirSync(join(dir, longDir), { recursive: true })
    symlinkSync(target, join(dir, 'far'))
    writeFileSync(join(dir, 'café.txt'), 'crème')
    expect(path150.length).toBe(150)
    expect(path300.length).toBe(299)

    const { entries, layer } = await build(dir)
    const listed = tarList(layer.path)
    expect(listed).toEqual(paths(entries))
    expect(listed).toContain(path150)
    expect(listed).toContain(path300)
    expect(listed).toContain(`${longDir}/`)
    expect(listed).toContain('café.txt')
    expect(tarList(layer.path, true).find((l) => l.includes(' far -> '))).toContain(`-> ${target}`)

    const out = tempDir('extract')
    execFileSync('tar', ['-xf', layer.path, '-C', out])
    expect(readFileSync(join(out, path300), 'utf8')).toBe(path300)
    expect(readFileSync(join(out, path150), 'utf8')).toBe(path150)
    expect(readFileSync(join(out, 'café.txt'), 'utf8')).toBe('crème')
    // No PAX time records: those would tie the layer to the machine that built it.
    const tar = execFileSync('gzip', ['-dc', layer.path]).toString('latin1')
    expect(tar).not.toMatch(/[0-9]+ (a|c)time=/)
  })

  it('honours .dockerignore, include and exclude, and never takes .git', async () => {
    const dir = tempDir('ignore')
    const files = [
      'a.log',
      'keep.log',
      'sub/b.log',
      'node_modules/x/index.js',
      'build/out.js',
      'src/build/x.js',
      'src/main.ts',
      'src/main.test.ts',
      'docs/guide.md',
      '.git/HEAD',
      'vendor/.git',
      'Dockerfile',
    ]
    for (const f of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true })
      writeFileSync(join(dir, f), f)
    }
    writeFileSync(join(dir, '.dockerignore'), '# logs\n**/*.log\n!keep.log\nnode_modules\n/build\n')

    const all = await collectContext(dir, options)
    expect(paths(all)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'docs/',
      'docs/guide.md',
      'keep.log',
      'src/',
      'src/build/',
      'src/build/x.js',
      'src/main.test.ts',
      'src/main.ts',
      'sub/', // as in docker build: a folder stays when its files are ignored
      'vendor/',
    ])

    const filtered = await collectContext(dir, {
      include: ['src', 'docs/*.md', 'keep.log'],
      exclude: ['**/*.test.ts', 'src/build'],
      destination: '/',
    })
    expect(paths(filtered)).toEqual(['docs/', 'docs/guide.md', 'keep.log', 'src/', 'src/main.ts'])

    // An exclude input wins over a '!' in the file; a later '!' re-includes inside a skipped folder.
    const reincluded = await collectContext(dir, {
      include: [],
      exclude: ['keep.log', '!node_modules/x/index.js'],
      destination: '/',
    })
    expect(paths(reincluded)).not.toContain('keep.log')
    expect(paths(reincluded)).toContain('node_modules/x/index.js')
    expect(paths(reincluded)).toContain('node_modules/x/')

    writeFileSync(join(dir, 'other.ignore'), 'docs\n')
    const custom = await collectContext(dir, { ...options, ignoreFile: 'other.ignore' })
    expect(paths(custom)).not.toContain('docs/')
    expect(paths(custom)).toContain('a.log')
    expect(paths(custom).some((p) => p.startsWith('.git'))).toBe(false)

    await expect(collectContext(dir, { ...options, exclude: ['[x'] })).rejects.toMatchObject({
      code: 'IGNORE_PATTERN_INVALID',
      input: 'exclude',
    })
    await expect(
      collectContext(dir, { ...options, ignoreFile: 'missing.ignore' }),
    ).rejects.toBeInstanceOf(UserError)
  })

  it("prefixes the destination and creates its folders first ('/app')", async () => {
    const dir = tempDir('dest')
    mkdirSync(join(dir, 'lib'))
    writeFileSync(join(dir, 'lib/a.js'), 'a')
    writeFileSync(join(dir, 'main.js'), 'm')
    const { entries, layer } = await build(dir, { ...options, destination: '/app' })
    expect(paths(entries)).toEqual(['app/', 'app/lib/', 'app/lib/a.js', 'app/main.js'])
    expect(tarList(layer.path)[0]).toBe('app/')

    const nested = await collectContext(dir, { ...options, destination: 'srv/www/' })
    expect(paths(nested).slice(0, 3)).toEqual(['srv/', 'srv/www/', 'srv/www/lib/'])
    // '..' cannot climb above the image root, as in a path lookup.
    const climbing = await collectContext(dir, { ...options, destination: 'a/../../x' })
    expect(climbing[0]?.path).toBe('x')
  })

  it('refuses a fifo in the context, naming it, unless it is ignored', async () => {
    const dir = tempDir('fifo')
    mkdirSync(join(dir, 'run'))
    execFileSync('mkfifo', [join(dir, 'run/pipe')])
    const error = await collectContext(dir, options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect(error).toMatchObject({ code: 'CONTEXT_INVALID', input: 'context' })
    expect((error as Error).message).toContain("'run/pipe'")
    expect((error as Error).message).toContain('fifo')
    await expect(collectContext(dir, { ...options, exclude: ['run/pipe'] })).resolves.toHaveLength(
      1,
    )
  })

  it('fails when a file changes between reading the context and writing the layer', async () => {
    const dir = tempDir('changed')
    writeFileSync(join(dir, 'f'), 'short')
    const entries = await collectContext(dir, options)
    writeFileSync(join(dir, 'f'), 'much longer now')
    const outFile = join(dir, '..', 'changed.tar.gz')
    const error = await writeLayer(entries, { mtime: MTIME, outFile }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReleaseError)
    expect(error).toMatchObject({ code: 'CONTEXT_CHANGED' })
    expect((error as Error).message).toContain("'f'")
    expect(existsSync(outFile)).toBe(false)
  })

  it('computes the same CRC-32 with or without zlib.crc32 (Node < 20.15)', () => {
    const data = randomBytes(100_000)
    const split = tableCrc32(data.subarray(40_000), tableCrc32(data.subarray(0, 40_000)))
    expect(split).toBe(tableCrc32(data))
    expect(tableCrc32(data)).toBe(crc32(data))
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })

  it('sortEntries compares component by component', () => {
    const e = (path: string): LayerEntry => ({ path, type: 'file', mode: 0o644, size: 0 })
    const sorted = sortEntries(['a-b', 'a/b', 'a', 'a.b/c', 'B', 'é', 'z'].map(e))
    expect(sorted.map((x) => x.path)).toEqual(['B', 'a', 'a/b', 'a-b', 'a.b/c', 'z', 'é'])
  })

  it('streams: a 24 MiB file is read in pieces into a pool of parallel + 2 buffers', async () => {
    const dir = tempDir('big')
    const file = join(dir, 'big.bin')
    const size = 24 * PIECE
    for (let i = 0; i < 24; i++) appendFileSync(file, randomBytes(PIECE))
    const entries = await collectContext(dir, options)

    const before = reads.of.length
    const layer = await writeLayer(entries, {
      mtime: MTIME,
      outFile: join(dir, '..', 'big.tgz'),
      parallel: 2,
    })
    expect(layer.size).toBeGreaterThan(size)
    const ofFile = reads.of.slice(before).filter((r) => r.path === file)
    // All of the file, a piece at most per read, into no more than the pool's four buffers
    // (memory itself is measured in bench/memory.mjs).
    expect(ofFile.reduce((n, r) => n + r.length, 0)).toBe(size)
    expect(ofFile.length).toBeGreaterThanOrEqual(24)
    expect(Math.max(...ofFile.map((r) => r.length))).toBeLessThanOrEqual(PIECE)
    const buffers = new Set(ofFile.map((r) => r.buffer)).size
    expect(buffers).toBeGreaterThan(1)
    expect(buffers).toBeLessThanOrEqual(2 + 2)
  })
})
