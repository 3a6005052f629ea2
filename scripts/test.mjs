#!/usr/bin/env node
// Runs the test suite in a shuffled order and prints the seed first, so a failure replays with
// `node scripts/test.mjs --seed N`. Extra arguments go to vitest.
//   node scripts/test.mjs [--seed N] [vitest args...]   the whole suite, shuffled, in one run
//   node scripts/test.mjs --alone [--seed N] [files...] every test file in its own vitest run,
//                                                       one after another; the failures listed
import { spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')

const args = process.argv.slice(2)
const alone = takeFlag(args, '--alone')
const seedArg = takeValue(args, '--seed') ?? process.env.TEST_SEED
const seed = seedArg === undefined ? randomInt(1, 2 ** 31 - 1) : Number(seedArg)
if (!Number.isSafeInteger(seed) || seed < 1) {
  console.error(`test: --seed must be a positive integer, got '${seedArg}'`)
  process.exit(2)
}

const shuffled = ['--sequence.shuffle', '--sequence.seed', String(seed)]
console.log(
  `test: seed ${seed} (replay: node scripts/test.mjs${alone ? ' --alone' : ''} --seed ${seed})`,
)

if (!alone) process.exit(vitestRun([...shuffled, ...args]))

const files = args.filter((a) => !a.startsWith('-'))
const options = args.filter((a) => a.startsWith('-'))
const targets = files.length > 0 ? files : testFiles(join(root, '__tests__'))
const failed = []
for (const [i, file] of targets.entries()) {
  console.log(`\ntest:alone [${i + 1}/${targets.length}] ${file}`)
  if (vitestRun([...shuffled, ...options, file]) !== 0) failed.push(file)
}
console.log(
  `\ntest:alone: ${targets.length - failed.length} of ${targets.length} files passed on their own` +
    (failed.length > 0 ? `; failed:\n${failed.map((f) => `  ${f}`).join('\n')}` : ''),
)
if (failed.length > 0) console.log(`replay one: node scripts/test.mjs --alone --seed ${seed} FILE`)
process.exit(failed.length > 0 ? 1 : 0)

function vitestRun(vitestArgs) {
  const r = spawnSync(process.execPath, [vitest, 'run', ...vitestArgs], {
    cwd: root,
    stdio: 'inherit',
  })
  if (r.error) throw r.error
  return r.status ?? 1
}

function testFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(root, join(dir, f)))
    .sort()
}

function takeFlag(list, name) {
  const i = list.indexOf(name)
  if (i === -1) return false
  list.splice(i, 1)
  return true
}

function takeValue(list, name) {
  const i = list.findIndex((a) => a === name || a.startsWith(`${name}=`))
  if (i === -1) return undefined
  const [arg] = list.splice(i, 1)
  if (arg.includes('=')) return arg.slice(name.length + 1)
  const [value] = list.splice(i, 1)
  return value
}
