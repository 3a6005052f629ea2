import { execFileSync } from 'node:child_process'
import { userInfo } from 'node:os'

const known = new WeakMap<NodeJS.ProcessEnv, string>()

/**
 * Who is acting, as the ledger records it: the GitHub actor in Actions, else git's `user.name`
 * (or `user.email`) as a commit would carry it, else the OS user.
 */
export function actor(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_ACTOR) return env.GITHUB_ACTOR
  const cached = known.get(env)
  if (cached !== undefined) return cached
  const who =
    gitConfig(env, 'user.name') || gitConfig(env, 'user.email') || osUser(env) || 'unknown'
  known.set(env, who)
  return who
}

function gitConfig(env: NodeJS.ProcessEnv, key: string): string {
  try {
    return execFileSync('git', ['config', '--get', key], {
      env: { ...env, LC_ALL: 'C' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim()
  } catch {
    // No git, or the key is not set: the next source answers.
    return ''
  }
}

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username
  } catch {
    // A uid without a passwd entry (some containers).
    return env.USER || env.LOGNAME || ''
  }
}
