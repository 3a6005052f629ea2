import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import {
  copyImage,
  LayoutStore,
  MediaType,
  RegistryStore,
  type Credentials,
} from '../../src/oci/index.js'
import { putBytes } from './images.js'

const execFileAsync = promisify(execFile)

const APPLETS = ['sh', 'echo', 'cat', 'ls', 'mkdir', 'chmod', 'date', 'env', 'touch']

// Debian's busybox-static installs here; being static, it runs in a rootfs with nothing else.
const BUSYBOX = '/bin/busybox'

function goArch(): string {
  if (process.arch === 'x64') return 'amd64'
  if (process.arch === 'arm64') return 'arm64'
  throw new Error(`no OCI architecture known for node's ${process.arch}`)
}

/**
 * Makes a tiny base image from the host's busybox-static and pushes it to a test registry, so
 * Dockerfile builds can run a `RUN` step without fetching anything from the internet. The layer
 * is byte-for-byte the same on every run (sorted, owner 0, mtime 0, zlib's fixed gzip header),
 * so the base digest only changes when Debian's busybox binary does.
 */
export async function pushBusyboxBase(
  registryHost: string,
  credentials?: Credentials,
  repository = 'base/busybox',
  tag = 'latest',
): Promise<{ reference: string; digest: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ir-busybox-'))
  try {
    const root = join(dir, 'rootfs')
    await mkdir(join(root, 'bin'), { recursive: true })
    await mkdir(join(root, 'tmp'))
    await copyFile(BUSYBOX, join(root, 'bin', 'busybox'))
    // Explicit modes: the checkout's umask must not leak into the layer.
    await chmod(join(root, 'bin'), 0o755)
    await chmod(join(root, 'bin', 'busybox'), 0o755)
    await chmod(join(root, 'tmp'), 0o1777)
    for (const applet of APPLETS) await symlink('busybox', join(root, 'bin', applet))

    const { stdout: tarBytes } = await execFileAsync(
      'tar',
      [
        '-C',
        root,
        '--sort=name',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--mtime=@0',
        '--format=posix',
        // PAX headers would otherwise carry atime/ctime of the staging files.
        '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
        '-cf',
        '-',
        'bin',
        'tmp',
      ],
      { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
    )
    const diffId = `sha256:${createHash('sha256').update(tarBytes).digest('hex')}`
    const layerBytes = gzipSync(tarBytes)

    const layout = await LayoutStore.open(join(dir, 'layout'), { create: true })
    const layer = await putBytes(layout, layerBytes)
    const created = '1970-01-01T00:00:00Z'
    const config = Buffer.from(
      JSON.stringify({
        created,
        architecture: goArch(),
        os: 'linux',
        config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: [diffId] },
        history: [{ created, created_by: 'busybox-static from the test host' }],
      }),
    )
    const configDesc = await putBytes(layout, config)
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        config: { mediaType: MediaType.OciConfig, ...configDesc },
        layers: [{ mediaType: MediaType.OciLayerGzip, ...layer }],
      }),
    )
    await layout.putManifest(manifest, MediaType.OciManifest, tag)

    const registry = new RegistryStore(registryHost, repository, { credentials })
    const { descriptor } = await copyImage(layout, registry, tag, { tags: [tag] })
    return { reference: `${registryHost}/${repository}:${tag}`, digest: descriptor.digest }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
