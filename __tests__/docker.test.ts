import { describe, expect, it } from 'vitest'
import type { BuildRequest } from '../src/builders/builder.js'
import { dockerAvailable, dockerBuildArgs, dockerPaths } from '../src/builders/docker.js'
import { nullLogger } from '../src/logger.js'

const SECRET = 'ghp_secretvalue0123456789'

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    context: '/src/app',
    dockerfile: '/src/app/build/Dockerfile',
    buildArgs: { NODE_VERSION: '20', A: 'x=y' },
    target: 'runtime',
    secrets: { npmrc: SECRET, token: 'second-secret' },
    sourceDateEpoch: 1_700_000_000,
    settings: { env: {}, ports: [], labels: { 'org.example.team': 'platform' } },
    annotations: {
      'org.opencontainers.image.revision': 'c0ffee',
      'org.opencontainers.image.source': 'https://github.com/acme/app',
    },
    include: [],
    exclude: [],
    insecureRegistries: [],
    workDir: '/work/dir',
    logger: nullLogger,
    ...overrides,
  }
}

const values = (args: string[], flag: string): string[] =>
  args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []))

describe('dockerBuildArgs', () => {
  it('passes every option, with the context last', () => {
    const { args, env } = dockerBuildArgs(request())
    expect(args.slice(0, 2)).toEqual(['buildx', 'build'])
    expect(values(args, '--file')).toEqual(['/src/app/build/Dockerfile'])
    expect(args).toContain('--pull')
    expect(values(args, '--build-arg')).toEqual(['A=x=y', 'NODE_VERSION=20'])
    expect(values(args, '--target')).toEqual(['runtime'])
    expect(values(args, '--secret')).toEqual([
      'id=npmrc,src=/work/dir/secrets/secret-0',
      'id=token,src=/work/dir/secrets/secret-1',
    ])
    expect(values(args, '--label')).toEqual(['org.example.team=platform'])
    expect(values(args, '--annotation')).toEqual([
      'manifest:org.opencontainers.image.revision=c0ffee',
      'manifest:org.opencontainers.image.source=https://github.com/acme/app',
    ])
    expect(args).toContain('--provenance=false')
    expect(args).toContain('--sbom=false')
    expect(values(args, '--output')).toEqual([
      `type=oci,dest=${dockerPaths('/work/dir').archive},rewrite-timestamp=true`,
    ])
    expect(dockerPaths('/work/dir').archive).toBe('/work/dir/image.tar')
    expect(args[args.length - 1]).toBe('/src/app')
    expect(env).toEqual({ SOURCE_DATE_EPOCH: '1700000000' })
  })

  it('never carries a secret value in argv', () => {
    const r = request()
    const { args, env } = dockerBuildArgs(r)
    for (const value of Object.values(r.secrets)) {
      expect(args.join('\0')).not.toContain(value)
      expect(Object.values(env).join('\0')).not.toContain(value)
    }
  })

  it('leaves out what was not asked for', () => {
    const { args } = dockerBuildArgs(
      request({ target: undefined, buildArgs: {}, secrets: {}, annotations: {} }),
    )
    for (const flag of ['--target', '--build-arg', '--secret', '--annotation']) {
      expect(args).not.toContain(flag)
    }
  })

  it('defaults to the Dockerfile at the context root, as docker does', () => {
    const { args } = dockerBuildArgs(request({ dockerfile: undefined }))
    expect(values(args, '--file')).toEqual(['/src/app/Dockerfile'])
  })

  it('refuses a secret id that would inject options', () => {
    expect(() => dockerBuildArgs(request({ secrets: { 'x,src=/etc/shadow': 'v' } }))).toThrow(
      /input 'secrets'/,
    )
  })
})

describe('dockerAvailable', () => {
  it('is false when no daemon answers (none runs on this machine)', async () => {
    const started = Date.now()
    expect(await dockerAvailable()).toBe(false)
    expect(Date.now() - started).toBeLessThan(6_000)
  })

  it('is false when the CLI is missing', async () => {
    expect(await dockerAvailable('docker-cli-that-does-not-exist')).toBe(false)
  })
})
