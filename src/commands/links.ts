import { repositoryOf, runUrl, serverUrl } from '../run-url.js'

/**
 * Links into GitHub for summaries: the commit, the compare view, the run, the ghcr.io package.
 * Built from the runner's variables alone (no API call); outside Actions there are none.
 */
export interface RunLinks {
  commit(sha: string): string
  compare(from: string, to: string): string
  /** This run, when there is one. */
  run?: string
  /** The package page of a ghcr.io repository of this owner. */
  package(image: string): string | undefined
}

export function runLinks(env: NodeJS.ProcessEnv): RunLinks | undefined {
  const repository = repositoryOf(env)
  if (!repository) return undefined
  const home = `${serverUrl(env)}/${repository}`
  const hex = (sha: string) => /^[0-9a-f]{7,64}$/.test(sha)
  return {
    commit: (sha) => (hex(sha) ? `${home}/commit/${sha}` : home),
    compare: (from, to) => (hex(from) && hex(to) ? `${home}/compare/${from}...${to}` : home),
    run: runUrl(env),
    package: (image) => {
      const owner = repository.split('/')[0]!.toLowerCase()
      const m = /^ghcr\.io\/([^/@:]+)\/([^@:]+)/.exec(image)
      if (!m || m[1] !== owner) return undefined
      return `${home}/pkgs/container/${encodeURIComponent(m[2]!)}`
    },
  }
}
