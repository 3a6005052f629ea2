/**
 * The conditional tag write under the referrer appends: a layout checks the expected digest
 * under its index lock (a true compare-and-swap), and appendConfirmed writes again after a
 * refused write until its entry is there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ReleaseError } from '../src/errors.js'
import { appendConfirmed, LayoutStore, MediaType } from '../src/oci/index.js'

const manifest = (n: number): Buffer =>
  Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [], n }))

describe('compare-and-swap tag writes', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'referrers-cas-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a layout refuses a write whose expected digest is stale, changing nothing', async () => {
    const store = await LayoutStore.open(dir, { create: true })
    const a = await store.putManifest(manifest(1), MediaType.OciIndex, 't', { expect: null })
    const index = readFileSync(join(dir, 'index.json'))
    for (const expect_ of [null, `sha256:${'0'.repeat(64)}`]) {
      const e = await store
        .putManifest(manifest(2), MediaType.OciIndex, 't', { expect: expect_ })
        .catch((x: unknown) => x)
      expect(e).toBeInstanceOf(ReleaseError)
      expect((e as ReleaseError).code).toBe('TAG_CONFLICT')
    }
    expect(readFileSync(join(dir, 'index.json'))).toEqual(index)
    // With the digest the tag holds, the write goes through.
    const b = await store.putManifest(manifest(2), MediaType.OciIndex, 't', { expect: a.digest })
    expect((await store.headManifest('t'))?.digest).toBe(b.digest)
  })

  it('appendConfirmed writes again after a refused write, until the entry stays', async () => {
    let state: { digest: string | null; items: string[] } = { digest: null, items: [] }
    let writes = 0
    const result = await appendConfirmed<string[]>({
      what: 'a test list',
      read: () => Promise.resolve({ digest: state.digest, value: state.items }),
      has: (items) => items.includes('mine'),
      write: (items, expect_) => {
        writes++
        // Another writer gets in before our first write lands.
        if (writes === 1) state = { digest: 'theirs', items: ['theirs'] }
        if (expect_ !== state.digest) {
          return Promise.reject(new ReleaseError('TAG_CONFLICT', 'stale'))
        }
        state = { digest: `v${writes}`, items: [...items, 'mine'] }
        return Promise.resolve()
      },
    })
    expect(result).toEqual({ wrote: true, lost: 1 })
    expect(writes).toBe(2)
    expect(state.items).toEqual(['theirs', 'mine'])
  })
})
