/**
 * A dirty build (allow-dirty) is not its commit: it gets its own tag, named by the content of the
 * working tree that was built, so `sha-<commit>` keeps naming the commit's bytes only.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { ReleaseError } from '../errors.js'
import { git, must } from './git.js'

/** Hex digits of the tree hash in the tag: 48 bits, unambiguous among one commit's dirty builds. */
export const DIRTY_TREE_DIGITS = 12

export function dirtyTag(commit: string, tree: string): string {
  return `sha-${commit}-dirty-${tree.slice(0, DIRTY_TREE_DIGITS)}`
}

/**
 * The git tree hash of the working tree as it is (tracked changes and untracked files, minus
 * what .gitignore excludes): what `git add -A && git write-tree` would give. The index and the
 * objects go to a temp folder (the repository's objects are only read, as alternates), so the
 * checkout is left exactly as it was. For a clean tree this is the commit's tree. `tempBase` is
 * the run's temp folder, so a killed run's scratch index is swept with it. `outputSpecs` leave
 * the command's own outputs out (CommitFacts.outputSpecs).
 */
export async function workingTreeHash(
  cwd: string,
  tempBase = tmpdir(),
  outputSpecs: string[] = [],
): Promise<string> {
  const scratch = await mkdtemp(join(tempBase, 'immutable-release-tree-'))
  try {
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> =>
      must(args, await git(cwd, args, env)).trim()
    const top = await run(['rev-parse', '--show-toplevel'])
    const objectsPath = await run(['rev-parse', '--git-path', 'objects'])
    const objects = isAbsolute(objectsPath) ? objectsPath : resolve(cwd, objectsPath)
    // git only takes an object directory that exists as part of a repository.
    await mkdir(join(scratch, 'objects'))
    const env = {
      GIT_INDEX_FILE: join(scratch, 'index'),
      GIT_OBJECT_DIRECTORY: join(scratch, 'objects'),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
    }
    await run(['-C', top, 'add', '-A', '--', '.', ...outputSpecs], env)
    const tree = await run(['-C', top, 'write-tree'], env)
    if (!/^[0-9a-f]{40}$/.test(tree)) {
      throw new ReleaseError('GIT_FAILED', `git write-tree gave '${tree}'`, {
        hint: 'only SHA-1 repositories are supported',
      })
    }
    return tree
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
