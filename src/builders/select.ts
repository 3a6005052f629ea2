import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { delimiter, isAbsolute, join, resolve } from 'node:path'
import { UserError } from '../errors.js'
import type { BuilderName } from './builder.js'
import { dockerAvailable } from './docker.js'

export type BuilderChoice = 'auto' | 'native' | 'buildah' | 'docker'

/** How the selection learns what this machine has; injected so tests need neither tool. */
export interface BuilderProbes {
  docker: () => Promise<boolean>
  buildah: () => Promise<boolean>
}

export interface BuilderSelection {
  name: BuilderName
  /** One sentence for the log: what was found and why this builder. */
  why: string
  /** The Dockerfile a buildah or docker build uses (absolute). */
  dockerfile?: string
}

/** True when `name` is an executable file in a PATH folder. */
export async function haveProgram(name: string, path = process.env.PATH ?? ''): Promise<boolean> {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      if (!(await stat(candidate)).isFile()) continue
      await access(candidate, constants.X_OK)
      return true
    } catch {
      // Not in this folder; keep looking.
    }
  }
  return false
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

const INSTALL_BUILDAH = 'install buildah (apt-get install buildah)'

/**
 * Picks the builder. `auto`: a Dockerfile (named, or at the context's root) means docker when
 * its daemon answers, else buildah; no Dockerfile means native. An explicit choice is checked
 * against the machine, so a missing tool fails here with advice rather than mid-build.
 */
export async function selectBuilder(
  choice: BuilderChoice,
  context: string,
  dockerfile?: string,
  probes: BuilderProbes = {
    docker: () => dockerAvailable(),
    buildah: () => haveProgram('buildah'),
  },
): Promise<BuilderSelection> {
  // Asked for by name: a Dockerfile, even a named one, is not native's business.
  if (choice === 'native') {
    return { name: 'native', why: 'builder: native was asked for' }
  }
  let file: string | undefined
  if (dockerfile) {
    file = isAbsolute(dockerfile) ? dockerfile : resolve(context, dockerfile)
    if (!(await isFile(file))) {
      throw new UserError('INPUT_INVALID', `${file} does not exist`, {
        input: 'dockerfile',
        valid: 'a Dockerfile path, relative to the context',
      })
    }
  } else {
    const candidate = join(context, 'Dockerfile')
    if (await isFile(candidate)) file = candidate
  }

  if (choice === 'auto') {
    if (!file) {
      return {
        name: 'native',
        why: `no Dockerfile at ${join(context, 'Dockerfile')} and none named; using native`,
      }
    }
    const found = `Dockerfile found at ${file}`
    if (await probes.docker()) {
      return {
        name: 'docker',
        why: `${found}; a Docker daemon answered; using docker`,
        dockerfile: file,
      }
    }
    if (await probes.buildah()) {
      return {
        name: 'buildah',
        why: `${found}; no Docker daemon answered; using buildah`,
        dockerfile: file,
      }
    }
    throw new UserError(
      'BUILDER_UNAVAILABLE',
      `${found}, but no Docker daemon answered and buildah is not installed`,
      {
        input: 'builder',
        valid: 'auto, native, buildah, docker',
        hint: `${INSTALL_BUILDAH}, start a Docker daemon, or set builder: native to build the context's files without the Dockerfile`,
      },
    )
  }

  if (!file) {
    throw new UserError(
      'INPUT_MISSING',
      `builder: ${choice} needs a Dockerfile, and there is none at ${join(context, 'Dockerfile')}`,
      {
        input: 'dockerfile',
        hint: 'name one with the dockerfile input, or use builder: native',
      },
    )
  }
  if (choice === 'buildah') {
    if (!(await probes.buildah())) {
      throw new UserError('BUILDER_UNAVAILABLE', 'buildah is not installed (not on PATH)', {
        input: 'builder',
        valid: 'auto, native, buildah, docker',
        hint: `${INSTALL_BUILDAH}, or set builder: auto or native`,
      })
    }
    return { name: 'buildah', why: 'builder: buildah was asked for', dockerfile: file }
  }
  if (!(await probes.docker())) {
    throw new UserError('BUILDER_UNAVAILABLE', 'no Docker daemon answered within 5 s', {
      input: 'builder',
      valid: 'auto, native, buildah, docker',
      hint: 'start Docker (docker version must show a Server), or set builder: auto to fall back to buildah',
    })
  }
  return { name: 'docker', why: 'builder: docker was asked for', dockerfile: file }
}
