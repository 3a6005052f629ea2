import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dockerAvailable } from '../src/builders/docker.js'
import { haveProgram, selectBuilder, type BuilderChoice } from '../src/builders/select.js'
import { UserError } from '../src/errors.js'
import { needTools } from './helpers/tools.js'

const root = mkdtempSync(join(tmpdir(), 'ir-select-'))
const withDockerfile = join(root, 'with')
const without = join(root, 'without')
mkdirSync(join(withDockerfile, 'build'), { recursive: true })
mkdirSync(without)
writeFileSync(join(withDockerfile, 'Dockerfile'), 'FROM scratch\n')
writeFileSync(join(without, 'app.txt'), 'hi\n')
mkdirSync(join(without, 'ci'))
writeFileSync(join(without, 'ci', 'App.Dockerfile'), 'FROM scratch\n')

afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Probes that answer as told and count how often they were asked. */
function probes(docker: boolean, buildah: boolean) {
  const calls = { docker: 0, buildah: 0 }
  return {
    calls,
    probes: {
      docker: async () => (calls.docker++, docker),
      buildah: async () => (calls.buildah++, buildah),
    },
  }
}

interface Row {
  choice: BuilderChoice
  context: string
  dockerfile?: string
  docker: boolean
  buildah: boolean
  name?: string
  why?: RegExp
  error?: { input: string; code: string }
}

const rows: Row[] = [
  {
    choice: 'auto',
    context: withDockerfile,
    docker: true,
    buildah: true,
    name: 'docker',
    why: /Dockerfile found at .*\/with\/Dockerfile; a Docker daemon answered; using docker/,
  },
  {
    choice: 'auto',
    context: withDockerfile,
    docker: false,
    buildah: true,
    name: 'buildah',
    why: /Dockerfile found at .*; no Docker daemon answered; using buildah/,
  },
  {
    choice: 'auto',
    context: withDockerfile,
    docker: false,
    buildah: false,
    error: { input: 'builder', code: 'BUILDER_UNAVAILABLE' },
  },
  {
    choice: 'auto',
    context: without,
    docker: true,
    buildah: true,
    name: 'native',
    why: /no Dockerfile at .*\/without\/Dockerfile and none named; using native/,
  },
  {
    choice: 'auto',
    context: without,
    dockerfile: 'ci/App.Dockerfile',
    docker: false,
    buildah: true,
    name: 'buildah',
    why: /ci\/App\.Dockerfile; no Docker daemon/,
  },
  {
    choice: 'auto',
    context: without,
    dockerfile: 'missing.Dockerfile',
    docker: true,
    buildah: true,
    error: { input: 'dockerfile', code: 'INPUT_INVALID' },
  },
  {
    choice: 'native',
    context: withDockerfile,
    docker: true,
    buildah: true,
    name: 'native',
    why: /builder: native was asked for/,
  },
  {
    choice: 'buildah',
    context: withDockerfile,
    docker: true,
    buildah: true,
    name: 'buildah',
    why: /builder: buildah was asked for/,
  },
  {
    choice: 'buildah',
    context: withDockerfile,
    docker: true,
    buildah: false,
    error: { input: 'builder', code: 'BUILDER_UNAVAILABLE' },
  },
  {
    choice: 'buildah',
    context: without,
    docker: true,
    buildah: true,
    error: { input: 'dockerfile', code: 'INPUT_MISSING' },
  },
  {
    choice: 'docker',
    context: withDockerfile,
    docker: true,
    buildah: false,
    name: 'docker',
    why: /builder: docker was asked for/,
  },
  {
    choice: 'docker',
    context: withDockerfile,
    docker: false,
    buildah: true,
    error: { input: 'builder', code: 'BUILDER_UNAVAILABLE' },
  },
]

describe('selectBuilder', () => {
  it.each(rows)(
    '$choice in $context (dockerfile $dockerfile, docker $docker, buildah $buildah)',
    async (row) => {
      const { probes: p } = probes(row.docker, row.buildah)
      const pick = selectBuilder(row.choice, row.context, row.dockerfile, p)
      if (row.error) {
        const error = await pick.then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(UserError)
        expect(error).toMatchObject(row.error)
        expect((error as Error).message).toContain(`input '${row.error.input}'`)
        return
      }
      const selection = await pick
      expect(selection.name).toBe(row.name)
      expect(selection.why).toMatch(row.why!)
      if (row.name === 'native') expect(selection.dockerfile).toBeUndefined()
      else expect(selection.dockerfile).toMatch(/^\/.*Dockerfile$/)
    },
  )

  it('asks no daemon when there is nothing to build with it', async () => {
    const { probes: p, calls } = probes(true, true)
    await selectBuilder('auto', without, undefined, p)
    await selectBuilder('native', withDockerfile, undefined, p)
    expect(calls).toEqual({ docker: 0, buildah: 0 })
  })

  it('advises how to get a builder when none is there', async () => {
    const { probes: p } = probes(false, false)
    await expect(selectBuilder('auto', withDockerfile, undefined, p)).rejects.toMatchObject({
      hint: expect.stringMatching(/install buildah.*builder: native/),
    })
  })
})

describe.skipIf(!needTools('buildah'))('selectBuilder with the real probes', () => {
  it('finds buildah on PATH and picks what this machine can run', async () => {
    expect(await haveProgram('buildah')).toBe(true)
    expect(await haveProgram('no-such-program-for-immutable-release')).toBe(false)
    expect(await haveProgram('buildah', '')).toBe(false)
    const selection = await selectBuilder('auto', withDockerfile)
    // No daemon runs on our CI machines; GitHub's runners have one.
    expect(selection.name).toBe((await dockerAvailable()) ? 'docker' : 'buildah')
    expect(selection.dockerfile).toBe(join(withDockerfile, 'Dockerfile'))
  })
})
