/**
 * An extra release tag already in the registry must have been a release's: the record of the
 * image it points at lists it. A layout stands in for the registry (the rule reads only tags and
 * referrers); the registry-backed case runs in promote.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { planReleaseTags } from '../src/commands/release-tags.js'
import { LayoutStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { putReferrer } from '../src/sign/referrer.js'
import { writeImage } from './helpers/images.js'

const COMMIT = 'c'.repeat(40)

describe('planReleaseTags', () => {
  const work = mkdtempSync(join(tmpdir(), 'release-tags-'))
  let n = 0
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  /** A layout whose tag `staging` points at an image with these record blobs as referrers. */
  const layoutWith = async (records: string[]): Promise<LayoutStore> => {
    const store = await LayoutStore.open(join(work, `layout-${n++}`), { create: true })
    const image = await writeImage(store, [{ 'a.txt': `${n}\n` }], { tag: 'staging' })
    for (const blob of records) {
      await putReferrer(store, image.descriptor, {
        artifactType: RECORD_ARTIFACT_TYPE,
        blob: Buffer.from(blob),
        blobMediaType: 'application/json',
      })
    }
    return store
  }
  const plan = (store: LayoutStore) =>
    planReleaseTags(store, { commit: COMMIT, extra: ['staging'] })

  it('refuses a tag that points at an image released under other tags', async () => {
    const store = await layoutWith([JSON.stringify({ tags: ['sha-' + 'a'.repeat(40), 'edge'] })])
    await expect(plan(store)).rejects.toMatchObject({
      code: 'TAG_INVALID',
      input: 'tags',
      message: expect.stringMatching(
        /'staging' cannot be a release tag: it is an environment .*released as sha-a{40}, edge, so promote placed it/,
      ),
    })
  })

  it.each([
    [
      'a record that lists the tag (a release tag moving on)',
      [JSON.stringify({ tags: ['staging'] })],
    ],
    ['no record (another tool tagged it)', []],
    ['a record without tags', [JSON.stringify({ schemaVersion: 1 })]],
    ['a record that is not JSON', ['not json']],
    [
      'one record listing it beside one that does not',
      [JSON.stringify({ tags: ['edge'] }), JSON.stringify({ tags: ['staging'] })],
    ],
  ])('lets the release move it when the image has %s', async (_, records) => {
    const r = await plan(await layoutWith(records))
    expect(r.plan.tags).toEqual([`sha-${COMMIT}`, 'staging'])
    expect(r.existingTags).toContain('staging')
  })
})
