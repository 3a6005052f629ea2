#!/usr/bin/env node
import { finish, main } from './cli.js'
import { run } from './main.js'

// One bundle, two doors: the runner sets INPUT_COMMAND (it has a default) only for this action's steps.
void (process.env.INPUT_COMMAND === undefined ? main(process.argv.slice(2)) : run()).then(
  finish,
  finish,
)
