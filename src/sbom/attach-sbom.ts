/**
 * A release's SBOMs: one CycloneDX document per platform manifest, attached as a referrer of it
 * (artifactType application/vnd.cyclonedx+json) and, when signing is on, as a signed in-toto
 * attestation in a Sigstore bundle (predicateType https://cyclonedx.org/bom), which is what
 * `cosign attest --type cyclonedx` writes. An identical SBOM or an attestation this signer made
 * already there is kept, so a re-run writes nothing.
 */
import type { Logger } from '../logger.js'
import type { Store } from '../oci/store.js'
import type { Descriptor } from '../oci/types.js'
import { attachAttestation, attachRecord, type AttachContext } from '../sign/attach.js'
import { IN_TOTO_STATEMENT_V1 } from '../sign/provenance.js'
import { CYCLONEDX_MEDIA_TYPE, CYCLONEDX_PREDICATE_TYPE } from './cyclonedx.js'
import { contextPackages, platformSbom } from './generate.js'

export interface SbomAttachRequest {
  store: Store
  repository: string
  /** The platform manifests (an index's children, or the image itself). */
  subjects: Descriptor[]
  /** The index's (or image's) annotations: the base image, when a child lacks them. */
  annotations: Record<string, string>
  /** For native builds: the context whose lockfile lists the npm packages. */
  context?: string
  /** The commit time, RFC 3339 (the referrer's created annotation). */
  created: string
  /** The source date epoch, seconds: the BOM's timestamp. */
  sourceDateEpoch: number
  /** Signing, when it is on. */
  signing?: AttachContext
  logger: Logger
}

export interface SbomAttached {
  /** The SBOM referrer manifests, one per subject, in the subjects' order. */
  digests: string[]
  /** The attestation bundles, when signed. */
  attestations: string[]
  /** Artifacts this call added (0 on a re-run). */
  written: number
}

/** The in-toto Statement v1 of a CycloneDX BOM about `subject`. */
export function sbomStatement(repository: string, subject: string, bom: Buffer): Buffer {
  const colon = subject.indexOf(':')
  const statement = {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [
      { name: repository, digest: { [subject.slice(0, colon)]: subject.slice(colon + 1) } },
    ],
    predicateType: CYCLONEDX_PREDICATE_TYPE,
    predicate: JSON.parse(bom.toString('utf8')) as unknown,
  }
  return Buffer.from(JSON.stringify(statement), 'utf8')
}

export async function attachSboms(req: SbomAttachRequest): Promise<SbomAttached> {
  const extra = req.context ? await contextPackages(req.context, req.logger) : []
  const out: SbomAttached = { digests: [], attestations: [], written: 0 }
  const unsigned = { store: req.store, repository: req.repository, created: req.created }
  for (const subject of req.subjects) {
    const { bom, packages } = await platformSbom({
      store: req.store,
      repository: req.repository,
      subject,
      annotations: req.annotations,
      extra,
      created: req.sourceDateEpoch,
    })
    const r = await attachRecord(
      { ...unsigned, format: req.signing?.format ?? 'bundle' },
      subject,
      CYCLONEDX_MEDIA_TYPE,
      bom,
    )
    out.digests.push(r.descriptor.digest)
    out.written += r.written
    let note = ''
    if (req.signing) {
      const statement = sbomStatement(req.repository, subject.digest, bom)
      const a = await attachAttestation(req.signing, subject, CYCLONEDX_PREDICATE_TYPE, statement)
      out.attestations.push(a.digest)
      if (a.added) out.written++
      note = `, attestation ${a.digest}${a.added ? '' : ' (already there)'}`
    }
    req.logger.info(
      `sbom of ${subject.digest}: ${packages} packages, ${r.descriptor.digest}` +
        `${r.written ? '' : ' (already there)'}${note}`,
    )
  }
  return out
}
