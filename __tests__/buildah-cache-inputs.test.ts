import { describe, expect, it } from 'vitest'
import { dockerCacheArgs, resolveBuildCache } from '../src/builders/cache.js'
import { readConfig } from '../src/config.js'
import { UserError } from '../src/errors.js'

const config = (inputs: Record<string, string>) =>
  readConfig((name) => inputs[name], { PATH: process.env.PATH })

describe('the cache and layers inputs', () => {
  it('reads registry (the default), none and a reference', () => {
    expect(config({ image: 'r.example/app' }).cache).toEqual({ kind: 'registry' })
    expect(config({ image: 'r.example/app', cache: 'none' }).cache).toEqual({ kind: 'none' })
    expect(config({ image: 'r.example/app', cache: 'r.example/cache:main' }).cache).toEqual({
      kind: 'ref',
      ref: 'r.example/cache:main',
    })
  })

  it('rejects a digest or a malformed reference, naming the input', () => {
    for (const cache of [`r.example/cache@sha256:${'a'.repeat(64)}`, 'http://r.example/x']) {
      const error = (() => {
        try {
          config({ image: 'r.example/app', cache })
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).input).toBe('cache')
    }
  })

  it('reads layers as one pattern per line; none is one layer; empty is the default', () => {
    expect(config({ image: 'r.example/app', layers: 'vendor\nnode_modules' }).layers).toEqual([
      'vendor',
      'node_modules',
    ])
    expect(config({ image: 'r.example/app', layers: 'none' }).layers).toEqual([])
    expect(config({ image: 'r.example/app' }).layers).toBeUndefined()
  })
})

describe('resolveBuildCache', () => {
  const registry = config({ image: 'r.example/team/app:v1' }).image
  const layout = config({ image: 'oci:/tmp/out' }).image

  it('puts the cache next to the image: a tag for BuildKit, a repository for buildah', () => {
    expect(resolveBuildCache({ kind: 'registry' }, registry, { write: true, env: {} })).toEqual({
      kind: 'registry',
      ref: 'r.example/team/app:buildcache',
      repository: 'r.example/team/app/buildcache',
      write: true,
      gha: false,
    })
  })

  it('uses a named reference as given, with the Actions cache when it is there', () => {
    const cache = resolveBuildCache({ kind: 'ref', ref: 'r.example/cache' }, layout, {
      write: false,
      env: { ACTIONS_CACHE_URL: 'https://cache.example/' },
    })
    expect(cache).toEqual({
      kind: 'registry',
      ref: 'r.example/cache:buildcache',
      repository: 'r.example/cache',
      write: false,
      gha: true,
    })
  })

  it('has no cache for a layout target or cache: none, and says why', () => {
    const none = resolveBuildCache({ kind: 'registry' }, layout, { write: true, env: {} })
    expect(none).toMatchObject({ kind: 'none', why: expect.stringContaining('OCI layout') })
    expect(resolveBuildCache({ kind: 'none' }, registry, { write: true, env: {} })).toEqual({
      kind: 'none',
      why: 'cache: none was asked for',
    })
  })
})

describe('dockerCacheArgs', () => {
  const cache = {
    kind: 'registry' as const,
    ref: 'r.example/app:buildcache',
    repository: 'r.example/app/buildcache',
    write: true,
    gha: true,
  }

  it('reads and writes the registry cache, and the Actions cache when there', () => {
    expect(dockerCacheArgs(cache)).toEqual([
      '--cache-from',
      'type=registry,ref=r.example/app:buildcache',
      '--cache-to',
      'type=registry,ref=r.example/app:buildcache,mode=max',
      '--cache-from',
      'type=gha',
      '--cache-to',
      'type=gha,mode=max',
    ])
  })

  it('only reads when not writing, and passes nothing without a cache', () => {
    expect(dockerCacheArgs({ ...cache, write: false, gha: false })).toEqual([
      '--cache-from',
      'type=registry,ref=r.example/app:buildcache',
    ])
    expect(dockerCacheArgs({ kind: 'none', why: 'x' })).toEqual([])
    expect(dockerCacheArgs(undefined)).toEqual([])
  })
})
