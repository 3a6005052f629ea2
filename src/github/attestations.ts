/**
 * Stores a Sigstore bundle through GitHub's attestations API, so `gh attestation verify` finds
 * it, as actions/attest-build-provenance does. The request is the one @actions/attest's
 * writeAttestation makes (an @actions/github client with @octokit/plugin-retry, octokit's
 * `repos.createAttestation` route); @actions/attest exports only functions that also sign, and
 * our bundle is already signed, so its client set-up is followed here rather than imported.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { ReleaseError, UserError } from '../errors.js'

export interface AttestationTarget {
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl: string
  token: string
  /** owner/repo */
  repository: string
}

/** A Sigstore bundle in its JSON form, as the API takes it. */
export interface AttestationBundle {
  mediaType: string
  verificationMaterial?: Record<string, unknown>
  dsseEnvelope?: Record<string, unknown>
}

/** What release calls with the provenance bundle; answers the attestation's id. */
export type StoreAttestation = (
  bundle: AttestationBundle,
  target: AttestationTarget,
) => Promise<string>

export const storeGitHubAttestation: StoreAttestation = async (bundle, target) => {
  const [owner, repo] = target.repository.split('/')
  if (!owner || !repo) {
    throw new ReleaseError('INTERNAL', `GITHUB_REPOSITORY is not owner/repo: ${target.repository}`)
  }
  const octokit = getOctokit(
    target.token,
    { baseUrl: target.apiUrl.replace(/\/+$/, ''), retry: { retries: 3 } },
    retry,
  )
  try {
    const response = await octokit.rest.repos.createAttestation({
      owner,
      repo,
      bundle,
    })
    return String(response.data.id)
  } catch (e) {
    const status = (e as { status?: unknown }).status
    if (status === 401 || status === 403) {
      throw new UserError('PERMISSION_MISSING', 'may not write attestations to this repository', {
        input: 'github-attestations',
        hint: 'add `permissions: attestations: write` (and id-token: write) to the job',
        cause: e,
      })
    }
    throw new ReleaseError(
      'GITHUB_API',
      `GitHub's attestations API refused the provenance: ${(e as Error).message}`,
      { cause: e, hint: 'a re-run stores it again; the image and its signatures are in place' },
    )
  }
}
