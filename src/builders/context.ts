import type { Dirent, Stats } from 'node:fs'
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { ReleaseError, UserError } from '../errors.js'
import { cleanPath, compileIgnore, type IgnoreMatcher } from './ignore.js'

export interface LayerEntry {
  /** Path inside the image, posix, relative, no leading '/' or './' (e.g. 'app/bin/run'). */
  path: string
  type: 'file' | 'dir' | 'symlink'
  /** Normalised: dirs 0o755; files 0o644, or 0o755 when any execute bit is set (as git stores them); symlinks 0o777. */
  mode: number
  size: number
  /** Absolute path on disk of a file's content. */
  source?: string
  linkTarget?: string
}

export interface ContextOptions {
  /** Ignore file; a relative path is taken from `dir`. Default: `<dir>/.dockerignore` if present. */
  ignoreFile?: string
  /** When non-empty, only paths matching one of these (and the folders leading to them) are kept. */
  include: string[]
  /** More ignore patterns, applied after the ignore file's (so they win). */
  exclude: string[]
  /** Folder inside the image the context lands in, e.g. '/app' or '/'. */
  destination: string
}

const DIR_MODE = 0o755
const FILE_MODE = 0o644
const EXEC_MODE = 0o755
const LINK_MODE = 0o777

/**
 * The files of a build context as layer entries: filtered like `docker build` filters its
 * context, with the metadata that must not leak into the image (owners, times, umask) dropped,
 * and sorted so that the same tree always gives the same list.
 */
export async function collectContext(dir: string, options: ContextOptions): Promise<LayerEntry[]> {
  return placeEntries(await walkContext(dir, options), options.destination)
}

/** Files at once per folder: lstat calls in flight, so a folder of many small files is not read one by one. */
const STAT_CONCURRENCY = 32

/**
 * collectContext's walk: the kept entries with paths relative to the context, in no set order.
 * placeEntries puts a list of them (or a part of it, for one layer) under the destination.
 */
export async function walkContext(
  dir: string,
  options: Omit<ContextOptions, 'destination'>,
): Promise<LayerEntry[]> {
  // The context itself may be reached through symlinks (a symlinked checkout folder or parent):
  // its real folder is what is walked, and inside it no symlink is followed.
  const root = await realpath(resolve(dir)).catch((cause: unknown) => {
    throw new UserError('CONTEXT_INVALID', `cannot read ${resolve(dir)}`, {
      input: 'context',
      cause,
    })
  })
  const rootStats = await lstat(root).catch((cause: unknown) => {
    throw new UserError('CONTEXT_INVALID', `cannot read ${root}`, { input: 'context', cause })
  })
  if (!rootStats.isDirectory()) {
    throw new UserError('CONTEXT_INVALID', `${root} is not a folder`, { input: 'context' })
  }

  const ignore = await loadIgnore(root, options)
  // "Matched" means "kept" here; '!' lines drop paths again, as they would in an ignore file.
  const include =
    options.include.length > 0 ? compileOrThrow(options.include, 'include') : undefined

  const found: LayerEntry[] = []
  const walk = async (relDir: string): Promise<void> => {
    const absDir = relDir === '' ? root : join(root, relDir)
    let children: Dirent[]
    try {
      children = await readdir(absDir, { withFileTypes: true })
    } catch (cause) {
      throw new UserError('CONTEXT_INVALID', `cannot read folder '${relDir}'`, {
        input: 'context',
        cause,
      })
    }
    const files: { rel: string; abs: string }[] = []
    for (const child of children) {
      // Repository metadata is never image content, at any depth (nested clones, submodules).
      if (child.name === '.git') continue
      const rel = relDir === '' ? child.name : `${relDir}/${child.name}`
      const abs = join(absDir, child.name)
      // readdir's type comes from lstat-like d_type: a symlink to a folder is not a folder here.
      const isDir = child.isDirectory()
      const ignored = ignore(rel, isDir)
      const included = include === undefined || include(rel, isDir)
      // readdir decodes names as UTF-8, replacing bad bytes: such a name cannot be opened again.
      if (child.name.includes('\uFFFD') && !ignored && (included || isDir))
        await checkUtf8Name(absDir, relDir, child.name)
      if (isDir) {
        if (included && !ignored) {
          found.push({ path: rel, type: 'dir', mode: DIR_MODE, size: 0 })
          await walk(rel)
        } else if (
          (!ignored || ignore.mayReincludeBelow(rel)) &&
          (included || include === undefined || include.mayMatchBelow(rel))
        ) {
          // Not kept itself, but something below may be; its folder entry is added then.
          await walk(rel)
        }
        continue
      }
      if (!ignored && included) files.push({ rel, abs })
    }
    await forEachLimited(files, STAT_CONCURRENCY, async ({ rel, abs }) => {
      const stats = await lstatEntry(abs, rel)
      if (stats.isFile()) {
        found.push({
          path: rel,
          type: 'file',
          mode: stats.mode & 0o111 ? EXEC_MODE : FILE_MODE,
          size: stats.size,
          source: abs,
        })
      } else if (stats.isSymbolicLink()) {
        const linkTarget = await readlink(abs)
        found.push({ path: rel, type: 'symlink', mode: LINK_MODE, size: 0, linkTarget })
      } else {
        throw new UserError(
          'CONTEXT_INVALID',
          `'${rel}' is a ${specialKind(stats)}, which cannot go into an image layer`,
          {
            input: 'context',
            hint: `remove it from the context folder or add '${rel}' to the ignore file or the exclude input`,
          },
        )
      }
    })
  }
  await walk('')
  return found
}

/** Runs `work` on every item, at most `limit` at a time; the first failure rejects. */
async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * Entries from walkContext under `destination`, with every missing parent folder added once,
 * sorted: a complete layer's list.
 */
export function placeEntries(found: LayerEntry[], destinationInput: string): LayerEntry[] {
  const destination = normaliseDestination(destinationInput)
  const byPath = new Map<string, LayerEntry>()
  const addDir = (path: string): void => {
    if (!byPath.has(path)) byPath.set(path, { path, type: 'dir', mode: DIR_MODE, size: 0 })
  }
  const destParts = destination === '' ? [] : destination.split('/')
  for (let i = 1; i <= destParts.length; i++) addDir(destParts.slice(0, i).join('/'))
  for (const entry of found) {
    const path = destination === '' ? entry.path : `${destination}/${entry.path}`
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      addDir(path.slice(0, i))
    }
    // A folder may have been added as some earlier entry's parent; the walked one is the same.
    byPath.set(path, { ...entry, path })
  }
  return sortEntries([...byPath.values()])
}

/**
 * Byte-wise by path component, so a folder comes right before its contents: 'a', 'a/b', 'a-b'
 * (a plain string sort would put 'a-b' between 'a' and 'a/b', as '-' < '/').
 */
export function sortEntries(entries: LayerEntry[]): LayerEntry[] {
  const keyed = entries.map((entry) => ({
    entry,
    key: entry.path.split('/').map((c) => Buffer.from(c, 'utf8')),
  }))
  keyed.sort((a, b) => {
    const n = Math.min(a.key.length, b.key.length)
    for (let i = 0; i < n; i++) {
      const order = Buffer.compare(a.key[i] as Buffer, b.key[i] as Buffer)
      if (order !== 0) return order
    }
    return a.key.length - b.key.length
  })
  return keyed.map((k) => k.entry)
}

/** Rooted, so '..' stops at the image root as it does in a path lookup; '' is the root. */
export function normaliseDestination(value: string): string {
  return cleanPath(`/${value.trim()}`).slice(1)
}

async function loadIgnore(
  root: string,
  options: Omit<ContextOptions, 'destination'>,
): Promise<IgnoreMatcher> {
  const file =
    options.ignoreFile === undefined
      ? join(root, '.dockerignore')
      : resolve(root, options.ignoreFile)
  let lines: string[] = []
  try {
    await checkInside(root, file)
    lines = (await readFile(file, 'utf8')).split(/\r?\n/)
  } catch (cause) {
    if (cause instanceof UserError) throw cause
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    if (!missing || options.ignoreFile !== undefined) {
      throw new UserError('CONTEXT_INVALID', `cannot read the ignore file ${file}`, {
        input: 'context',
        cause,
      })
    }
  }
  try {
    return compileIgnore([...lines, ...options.exclude])
  } catch (e) {
    // Compiled apart only to blame a bad pattern on where it was written.
    compileOrThrow(lines, 'context', `in ${file}`)
    compileOrThrow(options.exclude, 'exclude')
    throw e
  }
}

export function compileOrThrow(lines: string[], input: string, where?: string): IgnoreMatcher {
  try {
    return compileIgnore(lines)
  } catch (e) {
    if (!(e instanceof ReleaseError)) throw e
    const message = where === undefined ? e.message : `${e.message} ${where}`
    throw new UserError(e.code, message, { input, hint: e.hint, cause: e.cause })
  }
}

/**
 * An ignore file that is a symlink is read only when it resolves inside the context: the build
 * must depend on the context alone, not on whatever the link points to on this machine.
 */
async function checkInside(root: string, file: string): Promise<void> {
  const real = await realpath(file) // ENOENT (no ignore file, or a dangling link) is the caller's
  const rel = relative(root, real)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UserError(
      'CONTEXT_INVALID',
      `the ignore file ${file} is a symlink to ${real}, outside the context ${root}`,
      {
        input: 'context',
        valid: 'an ignore file inside the context, or a symlink to a file inside it',
        hint: 'copy the rules into the context, or point the link at a file inside it',
      },
    )
  }
}

/** Refuses `name` (as readdir decoded it) when its bytes on disk are not valid UTF-8. */
async function checkUtf8Name(absDir: string, relDir: string, name: string): Promise<void> {
  const raw = await readdir(absDir, { encoding: 'buffer' })
  const bad = raw.find((b) => b.toString('utf8') === name && !Buffer.from(name).equals(b))
  if (bad === undefined) return // a real U+FFFD in a valid name
  const shown = [...bad]
    .map((c) =>
      c >= 0x20 && c < 0x7f && c !== 0x5c
        ? String.fromCharCode(c)
        : `\\x${c.toString(16).padStart(2, '0')}`,
    )
    .join('')
  const where = relDir === '' ? 'the context' : `'${relDir}'`
  throw new UserError(
    'CONTEXT_INVALID',
    `the file name "${shown}" in ${where} is not valid UTF-8 (bytes shown as \\xNN)`,
    {
      input: 'context',
      valid: 'file names in UTF-8, as image layers and the release record name them',
      hint:
        'rename it to UTF-8 (e.g. convmv -f latin1 -t utf-8 --notest <name>, then commit), ' +
        `or leave it out with an ignore line matching it, e.g. ${JSON.stringify(name.replace(/\uFFFD+/g, '*'))}`,
    },
  )
}

async function lstatEntry(abs: string, rel: string): Promise<Stats> {
  try {
    return await lstat(abs)
  } catch (cause) {
    throw new UserError('CONTEXT_INVALID', `cannot read '${rel}'`, {
      input: 'context',
      hint: 'a file that vanished during the build, or a name that is not valid UTF-8',
      cause,
    })
  }
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'named pipe (fifo)'
  if (stats.isSocket()) return 'socket'
  if (stats.isCharacterDevice()) return 'character device'
  if (stats.isBlockDevice()) return 'block device'
  return 'special file'
}
