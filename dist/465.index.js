export const id = 465;
export const ids = [465];
export const modules = {

/***/ 32465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  EXIT: () => (/* binding */ EXIT),
  UsageError: () => (/* binding */ UsageError),
  closestName: () => (/* binding */ closestName),
  exitCodeOf: () => (/* binding */ exitCodeOf),
  formatOutputs: () => (/* binding */ formatOutputs),
  jsonOutputs: () => (/* binding */ jsonOutputs),
  main: () => (/* binding */ main),
  parseArgs: () => (/* binding */ parseArgs)
});

// EXTERNAL MODULE: ./package.json
var package_0 = __webpack_require__(8330);
// EXTERNAL MODULE: ./src/config.ts
var src_config = __webpack_require__(22973);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/inputs.ts
var src_inputs = __webpack_require__(38422);
;// CONCATENATED MODULE: ./src/help.ts
/**
 * `help` and `help <command>`, written from the command registry (inputs.ts) alone, so that what
 * the help says and what the parser accepts cannot drift apart.
 */

const PROGRAM = 'immutable-release';
/** Flags of the command line alone; they take no value. */
const CLI_FLAGS = {
    json: 'print outputs as one JSON object with nested values',
    debug: 'print debug messages',
    help: 'print the help of the command (-h too)',
    version: 'print the version',
};
const EXIT_CODES = [
    '0 done',
    '1 failed (bad input, a refused gate, a registry or git error)',
    '2 usage error (unknown command or flag, a flag without its value)',
    '3 drift found by status --fail-on-drift',
];
const INDENT = '  ';
function table(rows) {
    const width = Math.max(...rows.map(([left]) => left.length)) + 2;
    return rows.map(([left, right]) => `${INDENT}${left.padEnd(width)}${right}`.trimEnd());
}
function flagOf(input) {
    if (input.type === 'boolean')
        return `--${input.name}[=true|false]`;
    if (input.type === 'choice')
        return `--${input.name} ${input.choices.join('|')}`;
    if (input.type === 'list' || input.type === 'map')
        return `--${input.name} VALUE...`;
    return `--${input.name} VALUE`;
}
function noteOf(input) {
    const extras = [];
    if (input.default !== '' && !input.default.startsWith('${{')) {
        extras.push(`default: ${input.default}`);
    }
    if (input.type === 'list' || input.type === 'map')
        extras.push('repeatable');
    return extras.length ? `${input.description} (${extras.join('; ')})` : input.description;
}
function overview(version) {
    return [
        `${PROGRAM} ${version}: build, sign, push and record immutable images; promote by digest.`,
        '',
        `Usage: ${PROGRAM} <command> [--flag VALUE | --flag=VALUE]...`,
        `       ${PROGRAM} help [<command>] | <command> --help | --version`,
        '',
        'Commands:',
        ...table([
            ...src_inputs/* COMMAND_SPECS */.fH.map((c) => [c.name, c.summary]),
            ['help [command]', 'print this help, or the flags of one command'],
            ['version', 'print the version'],
        ]),
        '',
        'Of the command line only:',
        ...table(Object.entries(CLI_FLAGS).map(([name, note]) => [`--${name}`, note])),
        '',
        'Flags are the action inputs, with the same names and values. Outputs go to stdout as',
        'name=value lines (or one JSON object with --json); logs go to stderr.',
        '',
        'Exit codes:',
        ...EXIT_CODES.map((line) => `${INDENT}${line}`),
        '',
        `Run '${PROGRAM} help <command>' for the flags of a command.`,
        '',
    ].join('\n');
}
function commandHelp(command) {
    const spec = (0,src_inputs/* commandSpec */.Lx)(command);
    const inputs = (0,src_inputs/* inputsOf */.Vc)(command).filter((i) => i.name !== 'command');
    const outputs = spec.outputs.map((name) => [
        name,
        (0,src_inputs/* outputSpec */.zY)(name)?.description ?? '',
    ]);
    return [
        `Usage: ${PROGRAM} ${command} [flags]`,
        '',
        `${spec.summary[0].toUpperCase()}${spec.summary.slice(1)}.`,
        '',
        'Flags:',
        ...table([
            ...inputs.map((i) => [flagOf(i), noteOf(i)]),
            ...Object.entries(CLI_FLAGS).map(([name, note]) => [`--${name}`, note]),
        ]),
        '',
        'Outputs:',
        ...table(outputs),
        '',
        'Examples:',
        ...spec.examples.map((e) => `${INDENT}${PROGRAM} ${e}`),
        '',
        `Exit codes: ${EXIT_CODES.filter((l) => command === 'status' || !l.startsWith('3')).join('; ')}.`,
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/log-escape.ts
var log_escape = __webpack_require__(1729);
;// CONCATENATED MODULE: ./src/logger.ts
/**
 * The logging port: domain code logs through this, so the action (github/actions-io.ts), the CLI
 * (consoleLogger) and tests (nullLogger) each decide where the words go.
 */

/**
 * The CLI's logger. Everything goes to stderr by default, so that stdout carries only outputs and
 * can be piped.
 */
function consoleLogger(options = {}) {
    const stream = options.stream ?? process.stderr;
    const secrets = [];
    const write = (text) => {
        let out = text;
        for (const secret of secrets)
            out = out.split(secret).join('***');
        // After masking, so that a secret is matched as the user gave it.
        stream.write(`${(0,log_escape/* escapeLog */.A)(out, 'terminal')}\n`);
    };
    return {
        addSecrets(values) {
            for (const value of values)
                if (value !== '' && !secrets.includes(value))
                    secrets.push(value);
            // Longest first, so that a secret containing another is replaced whole.
            secrets.sort((a, b) => b.length - a.length);
        },
        debug(message) {
            if (options.debug)
                write(`debug: ${message}`);
        },
        info(message) {
            write(message);
        },
        warning(message, properties = {}) {
            const where = properties.file
                ? `${properties.file}${properties.line === undefined ? '' : `:${properties.line}`}: `
                : '';
            const title = properties.title ? `${properties.title}: ` : '';
            write(`warning: ${where}${title}${message}`);
        },
        error(message) {
            write(`error: ${message}`);
        },
        async group(name, fn) {
            write(`== ${name} ==`);
            const start = performance.now();
            const elapsed = () => `${((performance.now() - start) / 1000).toFixed(1)}s`;
            try {
                const result = await fn();
                write(`== ${name}: done in ${elapsed()} ==`);
                return result;
            }
            catch (e) {
                write(`== ${name}: failed after ${elapsed()} ==`);
                throw e;
            }
        },
    };
}
/** Swallows everything; groups still run their function. */
const nullLogger = Object.freeze({
    debug() { },
    info() { },
    warning() { },
    error() { },
    group: (_name, fn) => fn(),
});

// EXTERNAL MODULE: ./src/progress.ts
var progress = __webpack_require__(54660);
// EXTERNAL MODULE: ./src/github/services.ts
var services = __webpack_require__(31463);
;// CONCATENATED MODULE: ./src/cli.ts
/**
 * The `immutable-release` command: the action's second door. Flags are the action's input names
 * from the command registry (inputs.ts), read through the same config.ts; outputs go to stdout
 * (`name=value` lines, a table, or `--json`), and everything else to stderr, so stdout can be piped.
 * `help` and `--version` load nothing but the registry: commands and their modules load on demand.
 */








/** Words that are not commands but answer on their own. */
const META_COMMANDS = ['help', 'version'];
const EXIT = { ok: 0, failed: 1, usage: 2, drift: 3 };
/** The command line itself is wrong (exit 2), as opposed to an input's value (exit 1). */
class UsageError extends errors/* UserError */.yo {
}
function parseArgs(argv) {
    const inputs = new Map();
    const cli = { json: false, debug: false, help: false, version: false };
    const positionals = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '-h') {
            cli.help = true;
            continue;
        }
        if (!arg.startsWith('-') || arg === '-') {
            // Only `help` takes a second word: the command to describe.
            if (positionals.length > 0 && !(positionals[0] === 'help' && positionals.length === 1)) {
                throw new UsageError('INPUT_INVALID', `unexpected argument '${arg}' after '${positionals.join(' ')}'`, {
                    input: 'command',
                    valid: 'one command, then flags',
                    hint: 'a value needs its flag, e.g. --tags latest',
                });
            }
            positionals.push(arg);
            continue;
        }
        if (!arg.startsWith('--'))
            throw unknownFlag(arg);
        const body = arg.slice(2);
        const eq = body.indexOf('=');
        const name = eq < 0 ? body : body.slice(0, eq);
        const inline = eq < 0 ? undefined : body.slice(eq + 1);
        if (Object.hasOwn(CLI_FLAGS, name)) {
            if (inline !== undefined) {
                throw new UsageError('INPUT_INVALID', `flag '--${name}' takes no value`, {
                    valid: `--${name} on its own`,
                });
            }
            cli[name] = true;
            continue;
        }
        if (!(0,src_inputs/* isInputName */.wp)(name))
            throw unknownFlag(arg);
        let value = inline;
        if (value === undefined && src_inputs/* BOOLEAN_INPUTS */.$p.has(name)) {
            // A bare boolean flag means true; `--keyless false` still reads its word.
            const next = argv[i + 1];
            // `--require-signature maybe` is a wrong word for this flag, not a stray argument.
            if (next !== undefined &&
                !next.startsWith('-') &&
                (0,src_config/* booleanWord */.Dk)(next) === undefined &&
                !src_inputs/* COMMANDS */.Lo.includes(next)) {
                throw new UsageError('INPUT_INVALID', `'${next}' is not a boolean`, {
                    input: name,
                    valid: `--${name} alone (true), or followed by true, false, yes, no, 1 or 0`,
                });
            }
            value = next !== undefined && (0,src_config/* booleanWord */.Dk)(next) !== undefined ? argv[++i] : 'true';
        }
        else if (value === undefined) {
            const next = argv[i + 1];
            // PEM text given inline (`--signing-key "$(cat cosign.key)"`) starts with dashes too.
            if (next === undefined || (next.startsWith('--') && !next.startsWith('-----BEGIN'))) {
                throw new UsageError('INPUT_INVALID', `flag '--${name}' needs a value`, {
                    input: name,
                    valid: `--${name} VALUE or --${name}=VALUE`,
                });
            }
            value = next;
            i++;
        }
        const previous = inputs.get(name);
        if (previous === undefined) {
            inputs.set(name, value);
        }
        else if (src_inputs/* MULTI_VALUE_INPUTS */.yE.has(name)) {
            inputs.set(name, `${previous}\n${value}`);
        }
        else {
            throw new UsageError('INPUT_INVALID', 'is given more than once', {
                input: name,
                valid: `one --${name}`,
            });
        }
    }
    const [positional, topic] = positionals;
    const flagged = inputs.get('command');
    if (positional !== undefined && flagged !== undefined && flagged !== positional) {
        throw new UsageError('INPUT_INVALID', `'${flagged}' differs from the command '${positional}'`, {
            input: 'command',
            valid: 'the command as the first argument, or --command, not two different ones',
        });
    }
    const command = positional ?? flagged;
    if (command !== undefined)
        inputs.set('command', command);
    return { command, topic, inputs, ...cli };
}
/** `name=value` lines; multi-line values as `name<<DELIM` blocks, as GITHUB_OUTPUT takes them. */
function formatOutputs(outputs) {
    return Object.entries(outputs)
        .map(([name, value]) => {
        if (!value.includes('\n') && !value.includes('\r'))
            return `${name}=${value}\n`;
        const lines = new Set(value.split(/\r?\n/));
        let delimiter = 'EOF';
        for (let n = 1; lines.has(delimiter); n++)
            delimiter = `EOF_${n}`;
        return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
        .join('');
}
/**
 * The outputs as one object with real values: lists as arrays, booleans as booleans and JSON
 * outputs nested, as the registry types them; the action gets the same outputs as strings.
 */
function jsonOutputs(outputs) {
    const out = {};
    for (const [name, value] of Object.entries(outputs)) {
        const type = (0,src_inputs/* outputSpec */.zY)(name)?.type ?? 'string';
        if (type === 'boolean' && (value === 'true' || value === 'false'))
            out[name] = value === 'true';
        else if (type === 'list')
            out[name] = value.split('\n').filter((line) => line !== '');
        else if (type === 'json' && value !== '')
            out[name] = JSON.parse(value);
        else
            out[name] = value;
    }
    return out;
}
/** Runs one invocation; sets process.exitCode (see EXIT) on failure and never throws. */
async function main(argv, io = { stdout: process.stdout, stderr: process.stderr, env: process.env }) {
    let logger = cliLogger(io, io.env.RUNNER_DEBUG === '1');
    try {
        const args = parseArgs(argv);
        if (args.debug)
            logger = cliLogger(io, true);
        if (argv.length === 0) {
            await write(io.stderr, overview(package_0/* version */.rE));
            process.exitCode = EXIT.usage;
            return;
        }
        if (args.version || args.command === 'version') {
            await write(io.stdout, `${package_0/* version */.rE}\n`);
            return;
        }
        if (args.command === 'help' || args.help) {
            const topic = args.command === 'help' ? args.topic : args.command;
            await write(io.stdout, topic === undefined ? overview(package_0/* version */.rE) : commandHelp(commandOf(topic)));
            return;
        }
        if (args.command !== undefined)
            commandOf(args.command);
        const command = (args.command ?? 'release');
        for (const { name, commands } of (0,src_inputs/* unusedInputs */.Sv)(command, (name) => args.inputs.get(name))) {
            logger.warning(`--${name} is not used by ${command}; it is for ${commands.join(', ')}`);
        }
        const config = (0,src_config/* readConfig */.Xg)((name) => args.inputs.get(name), io.env);
        logger.addSecrets((0,src_config/* secretsOf */.Fj)(config));
        const { runCommand } = await __webpack_require__.e(/* import() */ 64).then(__webpack_require__.bind(__webpack_require__, 63064));
        const result = await runCommand(config, {
            logger,
            env: io.env,
            mask: (value) => logger.addSecrets([value]),
            ...services/* githubServices */.e,
        });
        await write(io.stdout, args.json
            ? `${JSON.stringify(jsonOutputs(result.outputs), null, 2)}\n`
            : (result.text ?? formatOutputs(result.outputs)));
        if (result.failure) {
            logger.error(result.failure);
            process.exitCode = EXIT.failed;
        }
    }
    catch (e) {
        logger.error((0,errors/* describeError */.Uc)(e));
        if (!(0,errors/* isUserError */.iU)(e) && e instanceof Error && e.stack)
            logger.debug(e.stack);
        process.exitCode = exitCodeOf(e);
    }
}
/** The console logger, with a live progress line when stderr is a terminal. */
function cliLogger(io, debug) {
    const logger = consoleLogger({ stream: io.stderr, debug });
    const tty = io.stderr.isTTY === true;
    return tty ? { ...logger, progress: (task) => (0,progress/* liveProgress */.YL)(task, io.stderr) } : logger;
}
function exitCodeOf(e) {
    if (e instanceof UsageError)
        return EXIT.usage;
    if (e instanceof errors/* ReleaseError */.K2 && e.code === 'DRIFT')
        return EXIT.drift;
    return EXIT.failed;
}
/** The command a word names; anything else is a usage error listing the valid ones. */
function commandOf(word) {
    if ((0,src_inputs/* isCommand */.y9)(word))
        return word;
    const closest = closestName(word, [...src_inputs/* COMMANDS */.Lo, ...META_COMMANDS]);
    throw new UsageError('INPUT_INVALID', `unknown command '${word}'${closest ? `; did you mean '${closest}'?` : ''}`, {
        input: 'command',
        valid: [...src_inputs/* COMMANDS */.Lo, ...META_COMMANDS].join(', '),
        hint: `${PROGRAM} help lists what each command does`,
    });
}
function unknownFlag(arg) {
    const name = arg.replace(/^-+/, '').split('=', 1)[0];
    const known = [...src_inputs/* INPUT_NAMES */.Qh, ...Object.keys(CLI_FLAGS)];
    const closest = closestName(name, known);
    return new UsageError('INPUT_INVALID', `unknown flag '${arg.split('=', 1)[0]}'${closest ? `; did you mean '--${closest}'?` : ''}`, { hint: `${PROGRAM} help <command> lists its flags` });
}
/** The known name nearest by edit distance, when it is near enough to be a typo. */
function closestName(name, known) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const d = editDistance(name.toLowerCase(), candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        }
        row = next;
    }
    return row[b.length];
}
function write(stream, text) {
    return new Promise((resolve, reject) => {
        stream.write(text, (e) => (e ? reject(e) : resolve()));
    });
}


/***/ }),

/***/ 54660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DH: () => (/* binding */ byteCounter),
/* harmony export */   YL: () => (/* binding */ liveProgress),
/* harmony export */   jA: () => (/* binding */ progressOf),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports LINE_INTERVAL_MS, LIVE_INTERVAL_MS, throttledProgress */
/** Where lines are kept, one line every 5 s at most. */
const LINE_INTERVAL_MS = 5000;
/** A live line is redrawn at most this often. */
const LIVE_INTERVAL_MS = 100;
/** Lines through `write`, at most one per interval; the first update waits one interval. */
function throttledProgress(task, write, options = {}) {
    const now = options.now ?? (() => performance.now());
    const interval = options.intervalMs ?? LINE_INTERVAL_MS;
    let last = now();
    let latest;
    let shown;
    let ended = false;
    return {
        update(text) {
            if (ended)
                return;
            latest = text;
            if (now() - last < interval)
                return;
            last = now();
            shown = text;
            write(`${task}: ${text}`);
        },
        done(text) {
            if (ended)
                return;
            ended = true;
            const final = text ?? latest;
            // Quiet work that ended within one interval says nothing more than its result.
            if (final !== undefined && final !== shown)
                write(`${task}: ${final}`);
        },
    };
}
/** One line redrawn in place with a carriage return; the final text ends it with a newline. */
function liveProgress(task, stream, options = {}) {
    let drawn = false;
    const lines = throttledProgress(task, (line) => {
        drawn = true;
        stream.write(`\r${line}\x1b[K`);
    }, { intervalMs: LIVE_INTERVAL_MS, ...options });
    return {
        update: (text) => lines.update(text),
        done(text) {
            lines.done(text);
            if (drawn)
                stream.write('\n');
        },
    };
}
function progressOf(logger, task, options = {}) {
    return logger.progress?.(task) ?? throttledProgress(task, (line) => logger.info(line), options);
}
/**
 * Bytes (and files, blobs…) read or written, with the rate since the start, as progress text:
 * "30 files, 3.00 MiB read (1.50 MiB/s)".
 */
function byteCounter(progress, verb, options = {}) {
    const now = options.now ?? (() => performance.now());
    const items = options.items ?? 'files';
    const started = now();
    let bytes = 0;
    let count = 0;
    const text = () => {
        const seconds = (now() - started) / 1000;
        const rate = seconds > 0 ? ` (${formatBytes(bytes / seconds)}/s)` : '';
        return `${count > 0 ? `${count} ${items}, ` : ''}${formatBytes(bytes)} ${verb}${rate}`;
    };
    return {
        add(byteCount, itemCount = 0) {
            bytes += byteCount;
            count += itemCount;
            progress.update(text());
        },
        done: () => progress.done(text()),
    };
}
/** 1023 B, 1.50 KiB, 12.3 MiB, 1.02 GiB. */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${Math.round(bytes)} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
    return `${value.toFixed(digits)} ${units[unit]}`;
}


/***/ }),

/***/ 8330:
/***/ ((module) => {

module.exports = /*#__PURE__*/JSON.parse('{"UU":"immutable-release","rE":"0.1.0"}');

/***/ })

};
