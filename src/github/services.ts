import type { StoreAttestation } from './attestations.js'
import type { OpenGitHubHistory } from './compare.js'

/**
 * GitHub's APIs as the entry points (the action and the command line) hand them to commands,
 * each module loaded only when a command calls it: the GitHub client is heavy.
 */
export const githubServices: {
  storeAttestation: StoreAttestation
  githubHistory: OpenGitHubHistory
} = {
  storeAttestation: async (bundle, target) =>
    (await import('./attestations.js')).storeGitHubAttestation(bundle, target),
  githubHistory: async (target, options) =>
    (await import('./compare.js')).githubHistory(target, options),
}
