export const id = 675;
export const ids = [675];
export const modules = {

/***/ 16591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ openBuildRegistry)
/* harmony export */ });
/* harmony import */ var _oci_open_store_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1833);

/** A registry a build reads from (a base image) or writes to (a cache), as the request may. */
async function openBuildRegistry(request, ref) {
    return (0,_oci_open_store_js__WEBPACK_IMPORTED_MODULE_0__/* .openStore */ .C)({ kind: 'registry', ref }, {
        credentials: await request.credentials?.(ref.registry),
        insecureRegistries: request.insecureRegistries,
        onSecret: request.onSecret,
    });
}


/***/ }),

/***/ 10256:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ walkDockerfile)
/* harmony export */ });
/** Reading Dockerfiles: shared by the buildah builder (what to pull) and the pin-base lint. */
/**
 * A Dockerfile's instructions, each joined over its continuation lines (honouring the `escape`
 * directive), comments dropped, with the 1-based line it starts on.
 */
function instructions(text) {
    let escape = '\\';
    const lines = text.split(/\r?\n/);
    // Parser directives come first and only before any instruction or ordinary comment.
    for (const line of lines) {
        const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
        if (!m)
            break;
        if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\'))
            escape = m[2];
    }
    const out = [];
    let current;
    lines.forEach((raw, index) => {
        const trimmed = raw.trim();
        if (trimmed.startsWith('#'))
            return;
        if (current === undefined && trimmed === '')
            return;
        const continued = trimmed.endsWith(escape);
        const part = continued ? trimmed.slice(0, -1) : trimmed;
        if (current === undefined)
            current = { text: part, line: index + 1 };
        else
            current.text = `${current.text} ${part}`;
        if (!continued) {
            out.push({ text: current.text.trim(), line: current.line });
            current = undefined;
        }
    });
    if (current !== undefined && current.text.trim() !== '') {
        out.push({ text: current.text.trim(), line: current.line });
    }
    return out;
}
function unquote(value) {
    const m = /^(["'])(.*)\1$/.exec(value);
    return m ? m[2] : value;
}
/** `$X`, `${X}`, `${X:-d}`, `${X-d}`; undefined when a variable has no value. */
function expand(value, vars) {
    let unknown = false;
    const out = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, fallback, bare) => {
        const name = (braced ?? bare);
        const v = vars.get(name);
        if (v !== undefined && v !== '')
            return v;
        if (fallback !== undefined)
            return fallback;
        unknown = true;
        return '';
    });
    return unknown ? undefined : out;
}
/**
 * Walks a Dockerfile: the FROM lines with their images expanded, and every other instruction.
 * Only ARGs before the first FROM can appear in FROM lines; build args override their defaults,
 * as in docker.
 */
function walkDockerfile(text, buildArgs) {
    const globals = new Map();
    const froms = [];
    const steps = [];
    for (const { text: line, line: number } of instructions(text)) {
        const [word = '', ...rest] = line.split(/\s+/);
        const instruction = word.toUpperCase();
        if (instruction === 'ARG' && froms.length === 0) {
            for (const token of rest) {
                const eq = token.indexOf('=');
                const name = eq < 0 ? token : token.slice(0, eq);
                const fallback = eq < 0 ? undefined : unquote(token.slice(eq + 1));
                const value = buildArgs[name] ?? fallback;
                if (value !== undefined)
                    globals.set(name, value);
            }
        }
        else if (instruction === 'FROM') {
            const words = rest.filter((w) => !w.startsWith('--'));
            const written = words[0];
            froms.push({
                line: number,
                written,
                image: written === undefined ? undefined : expand(written, globals),
                stage: words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined,
            });
        }
        steps.push({ instruction, words: rest, line: number });
    }
    return { froms, steps };
}


/***/ }),

/***/ 19778:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  xe: () => (/* binding */ NativeBuilder),
  nE: () => (/* binding */ isoSeconds)
});

// UNUSED EXPORTS: DEFAULT_DESTINATION, applySettings

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/oci/blob-source.ts
var blob_source = __webpack_require__(26430);
// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(50961);
// EXTERNAL MODULE: ./src/builders/builder.ts
var builder = __webpack_require__(16591);
;// CONCATENATED MODULE: ./src/builders/ignore.ts

const BOM = '\ufeff';
/**
 * Compiles ignore-file lines. Comments (`#` in the first column) and blank lines are skipped,
 * as in Docker's ignorefile.ReadAll. A malformed pattern (an unclosed `[`) throws a UserError
 * with code IGNORE_PATTERN_INVALID; callers rethrow it naming the file or input it came from.
 */
function compileIgnore(lines) {
    const patterns = [];
    lines.forEach((raw, index) => {
        const line = index === 0 && raw.startsWith(BOM) ? raw.slice(1) : raw;
        if (line.startsWith('#'))
            return;
        let text = line.trim();
        if (text === '')
            return;
        const negated = text.startsWith('!');
        if (negated)
            text = text.slice(1).trim();
        if (text === '') {
            throw new errors/* UserError */.yo('IGNORE_PATTERN_INVALID', `'${raw}' is not a pattern`, {
                valid: "'!' followed by a pattern",
            });
        }
        text = cleanPath(text);
        if (text.length > 1 && text.startsWith('/'))
            text = text.slice(1);
        patterns.push(compilePattern(text, negated, raw));
    });
    const hasNegations = patterns.some((p) => p.negated);
    const index = indexPatterns(patterns);
    const matcher = ((relPath, _isDir) => {
        // Docker gives folders and files the same treatment; `_isDir` is in the signature so callers
        // need not change if gitignore-style 'folder/' patterns are ever wanted.
        const last = lastHit(index, patterns, relPath);
        return last >= 0 && !patterns[last].negated;
    });
    matcher.mayReincludeBelow = (relDir) => {
        if (!hasNegations)
            return false;
        const dirComponents = relDir.split('/');
        return patterns.some((p) => p.negated && mayMatchBelow(p, dirComponents));
    };
    matcher.mayMatchBelow = (relDir) => {
        const dirComponents = relDir.split('/');
        return patterns.some((p) => !p.negated && mayMatchBelow(p, dirComponents));
    };
    Object.defineProperty(matcher, 'patterns', {
        value: patterns.map((p) => (p.negated ? `!${p.source}` : p.source)),
    });
    return matcher;
}
const WILDCARD = /[*?[\\]/;
function indexPatterns(patterns) {
    const index = {
        exact: new Map(),
        component: new Map(),
        firstComponent: new Map(),
        tail: new Map(),
        everywhere: [],
    };
    const add = (map, key, i) => {
        const list = map.get(key);
        if (list)
            list.push(i);
        else
            map.set(key, [i]);
    };
    patterns.forEach((p, i) => {
        const first = p.components[0];
        if (p.type === 'exact')
            add(index.exact, p.source, i);
        else if (p.type === 'suffix' && /^\*\*\/[^/]+$/.test(p.source)) {
            add(index.component, p.source.slice(3), i);
        }
        else if (p.type !== 'suffix' && p.components.length > 1 && !WILDCARD.test(first)) {
            add(index.firstComponent, first, i);
        }
        else if (p.type === 'regexp' && literalTail(p) !== '')
            add(index.tail, literalTail(p), i);
        else
            index.everywhere.push(i);
    });
    return index;
}
/**
 * The literal text a regexp pattern's last component ends with, after its last wildcard: a path
 * it matches (or a folder above one) has a component ending so. '' when there is none.
 */
function literalTail(p) {
    const last = p.components[p.components.length - 1];
    const tail = last.slice(Math.max(...['*', '?', ']'].map((c) => last.lastIndexOf(c))) + 1);
    return tail.includes('\\') || tail.includes('[') ? '' : tail;
}
/** The index of the last pattern that matches `relPath` or a folder above it; -1 for none. */
function lastHit(index, patterns, relPath) {
    const paths = [...parentPaths(relPath), relPath];
    let last = -1;
    const consider = (candidates, test) => {
        if (!candidates)
            return;
        for (let k = candidates.length - 1; k >= 0; k--) {
            const i = candidates[k];
            if (i <= last)
                return;
            const pattern = patterns[i];
            if (!test || paths.some((path) => pattern.matches(path))) {
                last = i;
                return;
            }
        }
    };
    for (const path of paths)
        consider(index.exact.get(path), false);
    const components = relPath.split('/');
    for (const component of components)
        consider(index.component.get(component), false);
    consider(index.firstComponent.get(components[0]), true);
    for (const component of components) {
        for (let k = 0; k < component.length; k++)
            consider(index.tail.get(component.slice(k)), true);
    }
    consider(index.everywhere, true);
    return last;
}
/** 'a/b/c' → ['a', 'a/b']: the folders a pattern may match to exclude the path. */
function parentPaths(relPath) {
    const parents = [];
    for (let i = relPath.indexOf('/'); i !== -1; i = relPath.indexOf('/', i + 1)) {
        parents.push(relPath.slice(0, i));
    }
    return parents;
}
/**
 * Conservative: true unless the pattern provably matches nothing below `dir`. Components are
 * compared one by one; a `**` anywhere up to the folder's depth could match anything.
 */
function mayMatchBelow(pattern, dir) {
    for (let i = 0; i < dir.length; i++) {
        const component = pattern.components[i];
        if (component === undefined)
            return false;
        if (component.includes('**'))
            return true;
        if (!componentMatches(component, dir[i]))
            return false;
    }
    return true;
}
const componentCache = new Map();
function componentMatches(component, name) {
    let re = componentCache.get(component);
    if (re === undefined) {
        const { type, regexp } = translate(component);
        try {
            re = new RegExp(type === 'exact' ? `${regexp}$` : regexp, 'u');
        }
        catch {
            // The whole pattern failed to compile already; this only answers "maybe".
            re = null;
        }
        componentCache.set(component, re);
    }
    return re === null || re.test(name);
}
/** One cleaned pattern on its own; exported for tests that check how compileIgnore combines them. */
function compilePattern(source, negated, raw) {
    const { type, regexp } = translate(source);
    let matches;
    switch (type) {
        case 'exact':
            matches = (path) => path === source;
            break;
        case 'prefix': {
            const prefix = source.slice(0, -2);
            matches = (path) => path.startsWith(prefix);
            break;
        }
        case 'suffix': {
            const suffix = source.slice(2);
            matches = (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
            break;
        }
        case 'regexp': {
            let re;
            try {
                re = new RegExp(regexp, 'u');
            }
            catch (cause) {
                throw new errors/* UserError */.yo('IGNORE_PATTERN_INVALID', `'${raw.trim()}' is not a valid pattern`, {
                    valid: 'Go filepath.Match syntax with ** (check for an unclosed [ )',
                    cause,
                });
            }
            matches = (path) => re.test(path);
            break;
        }
    }
    return { source, type, negated, components: source.split('/'), matches };
}
/**
 * moby/patternmatcher's Pattern.compile, transcribed: the match type it picks changes results
 * in corner cases (`**.log` is a suffix match, not the regexp it looks like), so it is kept.
 * Where that code hands filepath.Match syntax to Go's regexp unchanged (`\\d` becomes a digit
 * class, `*` inside `[...]` a wildcard) this follows filepath.Match instead: literal characters.
 */
function translate(pattern) {
    let re = '^';
    let type = 'exact';
    let inClass = false;
    const chars = [...pattern];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i];
        if (inClass) {
            if (ch === ']') {
                inClass = false;
                re += ']';
            }
            else if (ch === '\\' && i + 1 < chars.length) {
                re += literal(chars[++i], true);
            }
            else if (ch === '^' && chars[i - 1] === '[') {
                re += '^';
            }
            else {
                re += ch === '-' ? '-' : literal(ch, true);
            }
        }
        else if (ch === '*') {
            if (chars[i + 1] === '*') {
                const first = i === 0;
                i++;
                if (chars[i + 1] === '/')
                    i++;
                if (i + 1 >= chars.length) {
                    if (type === 'exact') {
                        type = 'prefix';
                    }
                    else {
                        re += '.*';
                        type = 'regexp';
                    }
                }
                else {
                    // Any number of components, including none.
                    re += '(?:.*/)?';
                    type = 'regexp';
                }
                if (first)
                    type = 'suffix';
            }
            else {
                re += '[^/]*';
                type = 'regexp';
            }
        }
        else if (ch === '?') {
            re += '[^/]';
            type = 'regexp';
        }
        else if (ch === '\\') {
            if (i + 1 < chars.length) {
                re += literal(chars[++i], false);
                type = 'regexp';
            }
            else {
                re += '\\\\';
            }
        }
        else if (ch === '[') {
            inClass = true;
            re += '[';
            type = 'regexp';
        }
        else {
            re += literal(ch, false);
        }
    }
    // An unclosed '[' is left unclosed so that new RegExp() rejects it, as filepath.Match does.
    if (type === 'regexp')
        re += '$';
    return { type, regexp: re };
}
function literal(ch, inClass) {
    if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-'))
        return `\\${ch}`;
    return ch;
}
/** Go's path.Clean for slash-separated paths. */
function cleanPath(path) {
    const rooted = path.startsWith('/');
    const out = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
            continue;
        }
        out.push(part);
    }
    const joined = out.join('/');
    if (rooted)
        return `/${joined}`;
    return joined === '' ? '.' : joined;
}

;// CONCATENATED MODULE: ./src/builders/context.ts




const DIR_MODE = 0o755;
const FILE_MODE = 0o644;
const EXEC_MODE = 0o755;
const LINK_MODE = 0o777;
/**
 * The files of a build context as layer entries: filtered like `docker build` filters its
 * context, with the metadata that must not leak into the image (owners, times, umask) dropped,
 * and sorted so that the same tree always gives the same list.
 */
async function collectContext(dir, options) {
    return placeEntries(await walkContext(dir, options), options.destination);
}
/** Files at once per folder: lstat calls in flight, so a folder of many small files is not read one by one. */
const STAT_CONCURRENCY = 32;
/**
 * collectContext's walk: the kept entries with paths relative to the context, in no set order.
 * placeEntries puts a list of them (or a part of it, for one layer) under the destination.
 */
async function walkContext(dir, options) {
    // The context itself may be reached through symlinks (a symlinked checkout folder or parent):
    // its real folder is what is walked, and inside it no symlink is followed.
    const root = await (0,promises_.realpath)((0,external_node_path_.resolve)(dir)).catch((cause) => {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read ${(0,external_node_path_.resolve)(dir)}`, {
            input: 'context',
            cause,
        });
    });
    const rootStats = await (0,promises_.lstat)(root).catch((cause) => {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read ${root}`, { input: 'context', cause });
    });
    if (!rootStats.isDirectory()) {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `${root} is not a folder`, { input: 'context' });
    }
    const ignore = await loadIgnore(root, options);
    // "Matched" means "kept" here; '!' lines drop paths again, as they would in an ignore file.
    const include = options.include.length > 0 ? compileOrThrow(options.include, 'include') : undefined;
    const found = [];
    const walk = async (relDir) => {
        const absDir = relDir === '' ? root : (0,external_node_path_.join)(root, relDir);
        let children;
        try {
            children = await (0,promises_.readdir)(absDir, { withFileTypes: true });
        }
        catch (cause) {
            throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read folder '${relDir}'`, {
                input: 'context',
                cause,
            });
        }
        const files = [];
        for (const child of children) {
            // Repository metadata is never image content, at any depth (nested clones, submodules).
            if (child.name === '.git')
                continue;
            const rel = relDir === '' ? child.name : `${relDir}/${child.name}`;
            const abs = (0,external_node_path_.join)(absDir, child.name);
            // readdir's type comes from lstat-like d_type: a symlink to a folder is not a folder here.
            const isDir = child.isDirectory();
            const ignored = ignore(rel, isDir);
            const included = include === undefined || include(rel, isDir);
            // readdir decodes names as UTF-8, replacing bad bytes: such a name cannot be opened again.
            if (child.name.includes('\uFFFD') && !ignored && (included || isDir))
                await checkUtf8Name(absDir, relDir, child.name);
            if (isDir) {
                if (included && !ignored) {
                    found.push({ path: rel, type: 'dir', mode: DIR_MODE, size: 0 });
                    await walk(rel);
                }
                else if ((!ignored || ignore.mayReincludeBelow(rel)) &&
                    (included || include === undefined || include.mayMatchBelow(rel))) {
                    // Not kept itself, but something below may be; its folder entry is added then.
                    await walk(rel);
                }
                continue;
            }
            if (!ignored && included)
                files.push({ rel, abs });
        }
        await forEachLimited(files, STAT_CONCURRENCY, async ({ rel, abs }) => {
            const stats = await lstatEntry(abs, rel);
            if (stats.isFile()) {
                found.push({
                    path: rel,
                    type: 'file',
                    mode: stats.mode & 0o111 ? EXEC_MODE : FILE_MODE,
                    size: stats.size,
                    source: abs,
                });
            }
            else if (stats.isSymbolicLink()) {
                const linkTarget = await (0,promises_.readlink)(abs);
                found.push({ path: rel, type: 'symlink', mode: LINK_MODE, size: 0, linkTarget });
            }
            else {
                throw new errors/* UserError */.yo('CONTEXT_INVALID', `'${rel}' is a ${specialKind(stats)}, which cannot go into an image layer`, {
                    input: 'context',
                    hint: `remove it from the context folder or add '${rel}' to the ignore file or the exclude input`,
                });
            }
        });
    };
    await walk('');
    return found;
}
/** Runs `work` on every item, at most `limit` at a time; the first failure rejects. */
async function forEachLimited(items, limit, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
/**
 * Entries from walkContext under `destination`, with every missing parent folder added once,
 * sorted: a complete layer's list.
 */
function placeEntries(found, destinationInput) {
    const destination = normaliseDestination(destinationInput);
    const byPath = new Map();
    const addDir = (path) => {
        if (!byPath.has(path))
            byPath.set(path, { path, type: 'dir', mode: DIR_MODE, size: 0 });
    };
    const destParts = destination === '' ? [] : destination.split('/');
    for (let i = 1; i <= destParts.length; i++)
        addDir(destParts.slice(0, i).join('/'));
    for (const entry of found) {
        const path = destination === '' ? entry.path : `${destination}/${entry.path}`;
        for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
            addDir(path.slice(0, i));
        }
        // A folder may have been added as some earlier entry's parent; the walked one is the same.
        byPath.set(path, { ...entry, path });
    }
    return sortEntries([...byPath.values()]);
}
/**
 * Byte-wise by path component, so a folder comes right before its contents: 'a', 'a/b', 'a-b'
 * (a plain string sort would put 'a-b' between 'a' and 'a/b', as '-' < '/').
 */
function sortEntries(entries) {
    const keyed = entries.map((entry) => ({
        entry,
        key: entry.path.split('/').map((c) => Buffer.from(c, 'utf8')),
    }));
    keyed.sort((a, b) => {
        const n = Math.min(a.key.length, b.key.length);
        for (let i = 0; i < n; i++) {
            const order = Buffer.compare(a.key[i], b.key[i]);
            if (order !== 0)
                return order;
        }
        return a.key.length - b.key.length;
    });
    return keyed.map((k) => k.entry);
}
/** Rooted, so '..' stops at the image root as it does in a path lookup; '' is the root. */
function normaliseDestination(value) {
    return cleanPath(`/${value.trim()}`).slice(1);
}
async function loadIgnore(root, options) {
    const file = options.ignoreFile === undefined
        ? (0,external_node_path_.join)(root, '.dockerignore')
        : (0,external_node_path_.resolve)(root, options.ignoreFile);
    let lines = [];
    try {
        await checkInside(root, file);
        lines = (await (0,promises_.readFile)(file, 'utf8')).split(/\r?\n/);
    }
    catch (cause) {
        if (cause instanceof errors/* UserError */.yo)
            throw cause;
        const missing = cause.code === 'ENOENT';
        if (!missing || options.ignoreFile !== undefined) {
            throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read the ignore file ${file}`, {
                input: 'context',
                cause,
            });
        }
    }
    try {
        return compileIgnore([...lines, ...options.exclude]);
    }
    catch (e) {
        // Compiled apart only to blame a bad pattern on where it was written.
        compileOrThrow(lines, 'context', `in ${file}`);
        compileOrThrow(options.exclude, 'exclude');
        throw e;
    }
}
function compileOrThrow(lines, input, where) {
    try {
        return compileIgnore(lines);
    }
    catch (e) {
        if (!(e instanceof errors/* ReleaseError */.K2))
            throw e;
        const message = where === undefined ? e.message : `${e.message} ${where}`;
        throw new errors/* UserError */.yo(e.code, message, { input, hint: e.hint, cause: e.cause });
    }
}
/**
 * An ignore file that is a symlink is read only when it resolves inside the context: the build
 * must depend on the context alone, not on whatever the link points to on this machine.
 */
async function checkInside(root, file) {
    const real = await (0,promises_.realpath)(file); // ENOENT (no ignore file, or a dangling link) is the caller's
    const rel = (0,external_node_path_.relative)(root, real);
    if (rel === '' || rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel)) {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `the ignore file ${file} is a symlink to ${real}, outside the context ${root}`, {
            input: 'context',
            valid: 'an ignore file inside the context, or a symlink to a file inside it',
            hint: 'copy the rules into the context, or point the link at a file inside it',
        });
    }
}
/** Refuses `name` (as readdir decoded it) when its bytes on disk are not valid UTF-8. */
async function checkUtf8Name(absDir, relDir, name) {
    const raw = await (0,promises_.readdir)(absDir, { encoding: 'buffer' });
    const bad = raw.find((b) => b.toString('utf8') === name && !Buffer.from(name).equals(b));
    if (bad === undefined)
        return; // a real U+FFFD in a valid name
    const shown = [...bad]
        .map((c) => c >= 0x20 && c < 0x7f && c !== 0x5c
        ? String.fromCharCode(c)
        : `\\x${c.toString(16).padStart(2, '0')}`)
        .join('');
    const where = relDir === '' ? 'the context' : `'${relDir}'`;
    throw new errors/* UserError */.yo('CONTEXT_INVALID', `the file name "${shown}" in ${where} is not valid UTF-8 (bytes shown as \\xNN)`, {
        input: 'context',
        valid: 'file names in UTF-8, as image layers and the release record name them',
        hint: 'rename it to UTF-8 (e.g. convmv -f latin1 -t utf-8 --notest <name>, then commit), ' +
            `or leave it out with an ignore line matching it, e.g. ${JSON.stringify(name.replace(/\uFFFD+/g, '*'))}`,
    });
}
async function lstatEntry(abs, rel) {
    try {
        return await (0,promises_.lstat)(abs);
    }
    catch (cause) {
        throw new errors/* UserError */.yo('CONTEXT_INVALID', `cannot read '${rel}'`, {
            input: 'context',
            hint: 'a file that vanished during the build, or a name that is not valid UTF-8',
            cause,
        });
    }
}
function specialKind(stats) {
    if (stats.isFIFO())
        return 'named pipe (fifo)';
    if (stats.isSocket())
        return 'socket';
    if (stats.isCharacterDevice())
        return 'character device';
    if (stats.isBlockDevice())
        return 'block device';
    return 'special file';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/builders/layer.ts








const BLOCK = 512;
/**
 * The tar is compressed in pieces of exactly this size, each primed with the 32 KiB before it and
 * ended with a sync flush (as pigz does), so the cores share the work. The gzip bytes depend on
 * this size, never on how many pieces run at once: changing it changes every layer digest.
 */
const PIECE = 1 << 20;
const WINDOW = 32 * 1024;
/** An empty final deflate block (fixed Huffman): what ends a stream of sync-flushed pieces. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const MAX_OCTAL_11 = 0o77777777777;
/**
 * RFC 1952 header with every variable byte pinned: MTIME 0, XFL 0, OS 255 ("unknown"). zlib's
 * own gzip wrapper writes OS 3/10/19 depending on the platform Node was built for, which would
 * give the same tar a different layer digest on macOS or Windows.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/**
 * Writes `entries` (sorted, from collectContext) as a gzip-compressed tar. The archive is
 * byte-for-byte a function of the entries' paths, types, modes, link targets and file contents,
 * and of `mtime`: owners are 0/0 with empty names, and no PAX time records are written.
 *
 * The archive ends with the two zero blocks and is not padded to GNU tar's 10240-byte record:
 * readers do not need the padding, and Go's archive/tar (BuildKit, ggcr, containerd) does not
 * write it either, so layers here look like theirs.
 */
async function writeLayer(entries, options) {
    const { mtime, outFile } = options;
    if (!Number.isSafeInteger(mtime) || mtime < 0 || mtime > MAX_OCTAL_11) {
        throw new errors/* ReleaseError */.K2('INTERNAL', `layer mtime ${mtime} is not whole seconds in tar's range`);
    }
    const level = options.level ?? 6;
    const tarHash = (0,external_node_crypto_.createHash)('sha256');
    const gzHash = (0,external_node_crypto_.createHash)('sha256');
    let crc = 0;
    let tarLength = 0;
    let gzLength = 0;
    const out = (0,external_node_fs_.createWriteStream)(outFile);
    const failed = new Promise((_, reject) => out.once('error', reject));
    failed.catch(() => undefined);
    const frame = async (bytes) => {
        gzHash.update(bytes);
        gzLength += bytes.length;
        if (!out.write(bytes))
            await Promise.race([(0,external_node_events_.once)(out, 'drain'), failed]);
    };
    const parallel = Math.max(1, options.parallel ?? Math.min((0,external_node_os_.availableParallelism)(), 8));
    const pool = new BufferPool(parallel + 2, PIECE);
    // Pieces compress side by side on the thread pool; their output is written strictly in order.
    let ordered = frame(GZIP_HEADER);
    let dictionary;
    const tar = new TarWriter(pool, (buffer, length) => {
        const bytes = buffer.subarray(0, length);
        tarHash.update(bytes);
        crc = crc32(bytes, crc);
        tarLength += length;
        const compressed = deflatePiece(bytes, level, dictionary).finally(() => pool.release(buffer));
        compressed.catch(() => undefined);
        // Copied: the buffer goes back to the pool while later pieces still need its end.
        dictionary = Buffer.from(bytes.subarray(Math.max(0, length - WINDOW)));
        ordered = ordered.then(async () => frame(await compressed));
        // A failed piece or sink must wake a writer waiting for a buffer, or it would wait forever.
        ordered.catch((e) => pool.fail(e));
    });
    try {
        const ahead = new ReadAhead(entries);
        for (let i = 0; i < entries.length; i++) {
            const entry = entries[i];
            await tar.addEntry(entry, mtime, ahead.take(i));
            if (entry.type === 'file')
                options.onFile?.(entry.size);
        }
        await tar.end();
        await ordered;
        const trailer = Buffer.alloc(8);
        trailer.writeUInt32LE(crc >>> 0, 0);
        trailer.writeUInt32LE(tarLength % 2 ** 32, 4);
        await frame(Buffer.concat([FINAL_BLOCK, trailer]));
        await new Promise((resolve, reject) => {
            out.once('error', reject);
            out.end(resolve);
        });
    }
    catch (e) {
        out.destroy();
        await (0,promises_.rm)(outFile, { force: true });
        throw e;
    }
    return {
        digest: `sha256:${gzHash.digest('hex')}`,
        diffId: `sha256:${tarHash.digest('hex')}`,
        size: gzLength,
        path: outFile,
    };
}
const deflateRaw = (0,external_node_util_.promisify)(external_node_zlib_.deflateRaw);
/** One piece of the stream, ending on a byte boundary (sync flush) so pieces concatenate. */
function deflatePiece(bytes, level, dictionary) {
    return deflateRaw(bytes, {
        level,
        chunkSize: PIECE,
        finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH,
        ...(dictionary ? { dictionary } : {}),
    });
}
/** Fixed-size buffers handed out and returned, so a large layer costs no more memory than a small one. */
class BufferPool {
    free = [];
    waiting = [];
    failure;
    constructor(count, size) {
        for (let i = 0; i < count; i++)
            this.free.push(Buffer.allocUnsafe(size));
    }
    acquire() {
        if (this.failure)
            return Promise.reject(this.failure.error);
        const buffer = this.free.pop();
        if (buffer)
            return Promise.resolve(buffer);
        return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    release(buffer) {
        const next = this.waiting.shift();
        if (next)
            next.resolve(buffer);
        else
            this.free.push(buffer);
    }
    fail(error) {
        this.failure = { error };
        for (const w of this.waiting.splice(0))
            w.reject(error);
    }
}
/** A ustar stream writer that fills pooled buffers and hands each full one to `emit`. */
class TarWriter {
    pool;
    emit;
    buffer;
    used = 0;
    constructor(pool, emit) {
        this.pool = pool;
        this.emit = emit;
    }
    /** `content`: the file's bytes, when they were read ahead; else the file is read here. */
    async addEntry(entry, mtime, content) {
        await this.write(entryHeaders(entry, mtime));
        if (entry.type !== 'file')
            return;
        if (content) {
            const bytes = await content;
            if (bytes.length !== entry.size) {
                throw changed(entry, `is ${bytes.length} bytes, ${entry.size} when the context was read`);
            }
            await this.write(bytes);
            await this.zeros(padding(entry.size));
            return;
        }
        if (entry.source === undefined) {
            throw new errors/* ReleaseError */.K2('INTERNAL', `layer entry '${entry.path}' has no source file`);
        }
        const file = await (0,promises_.open)(entry.source, 'r').catch((cause) => {
            throw changed(entry, 'could not be opened', cause);
        });
        try {
            await this.copyFile(file, entry);
        }
        finally {
            await file.close();
        }
        await this.zeros(padding(entry.size));
    }
    async end() {
        await this.zeros(2 * BLOCK);
        if (this.buffer && this.used > 0)
            this.emit(this.buffer, this.used);
        else if (this.buffer)
            this.pool.release(this.buffer);
        this.buffer = undefined;
    }
    async copyFile(file, entry) {
        const { size } = await file.stat();
        if (size !== entry.size) {
            throw changed(entry, `is ${size} bytes, ${entry.size} when the context was read`);
        }
        let position = 0;
        while (position < size) {
            const buffer = await this.space();
            const want = Math.min(buffer.length - this.used, size - position);
            const { bytesRead } = await file.read(buffer, this.used, want, position);
            if (bytesRead === 0) {
                throw changed(entry, `ended after ${position} of ${size} bytes`);
            }
            this.used += bytesRead;
            position += bytesRead;
        }
    }
    async write(bytes) {
        let offset = 0;
        while (offset < bytes.length) {
            const buffer = await this.space();
            const n = bytes.copy(buffer, this.used, offset);
            this.used += n;
            offset += n;
        }
    }
    async zeros(count) {
        while (count > 0) {
            const buffer = await this.space();
            const n = Math.min(count, buffer.length - this.used);
            buffer.fill(0, this.used, this.used + n);
            this.used += n;
            count -= n;
        }
    }
    /** The current buffer with room left, emitting a full one first. */
    async space() {
        if (this.buffer && this.used < this.buffer.length)
            return this.buffer;
        if (this.buffer)
            this.emit(this.buffer, this.used);
        this.buffer = await this.pool.acquire();
        this.used = 0;
        return this.buffer;
    }
}
/** Files up to this size are read whole, ahead of the writer; larger ones stream in order. */
const READ_AHEAD_MAX_FILE = 256 * 1024;
/** Reads in flight at most: many small files are read side by side, not one open-read-close at a time. */
const READ_AHEAD_FILES = 64;
/** Bytes read ahead and not yet written, at most: memory stays flat whatever the context's size. */
const READ_AHEAD_BYTES = 16 * 1024 * 1024;
/**
 * Reads the small files of `entries` ahead of the tar writer, a bounded window at a time. The
 * writer still takes them strictly in order, so the archive is the same as reading one by one.
 */
class ReadAhead {
    entries;
    next = 0;
    bytes = 0;
    pending = new Map();
    constructor(entries) {
        this.entries = entries;
    }
    /**
     * The bytes of entry `i` when it is a small file; undefined otherwise. Called for 0, 1, 2…:
     * what is pending is then always at `i` or after, so a window that has not reached `i` is empty
     * and starts with it.
     */
    take(i) {
        this.fill(i);
        const content = this.pending.get(i);
        if (content) {
            this.pending.delete(i);
            this.bytes -= this.entries[i].size;
            // The freed room goes to later files while this one is written.
            this.fill(i + 1);
        }
        return content;
    }
    fill(from) {
        if (this.next < from)
            this.next = from;
        while (this.next < this.entries.length && this.pending.size < READ_AHEAD_FILES) {
            const entry = this.entries[this.next];
            if (isSmallFile(entry)) {
                if (this.pending.size > 0 && this.bytes + entry.size > READ_AHEAD_BYTES)
                    return;
                const content = read(entry);
                // Awaited by take()'s caller; a failure no one reached yet must not crash the process.
                content.catch(() => undefined);
                this.pending.set(this.next, content);
                this.bytes += entry.size;
            }
            this.next++;
        }
    }
}
function isSmallFile(entry) {
    return entry.type === 'file' && entry.size <= READ_AHEAD_MAX_FILE && entry.source !== undefined;
}
function read(entry) {
    return (0,promises_.readFile)(entry.source).catch((cause) => {
        throw changed(entry, 'could not be read', cause);
    });
}
function changed(entry, what, cause) {
    return new errors/* ReleaseError */.K2('CONTEXT_CHANGED', `'${entry.path}' ${what}: the context changed during the build`, { hint: 'do not modify the context folder while building; run the build again', cause });
}
function padding(size) {
    return (BLOCK - (size % BLOCK)) % BLOCK;
}
const TYPEFLAG = { file: '0', dir: '5', symlink: '2' };
/** The header block(s) of one entry: a PAX extended header first when ustar cannot hold it. */
function entryHeaders(entry, mtime) {
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const size = entry.type === 'file' ? entry.size : 0;
    const pax = [];
    const split = splitName(name);
    if (split === undefined)
        pax.push(['path', name]);
    const link = entry.linkTarget ?? '';
    const linkFits = isAscii(link) && Buffer.byteLength(link) <= 100;
    if (!linkFits)
        pax.push(['linkpath', link]);
    if (size > MAX_OCTAL_11)
        pax.push(['size', String(size)]);
    const header = ustarHeader({
        // Readers use the PAX path; the ustar field keeps a recognisable, deterministic stand-in.
        name: split?.name ?? truncateBytes(name, 100),
        prefix: split?.prefix ?? '',
        mode: entry.mode,
        size: size > MAX_OCTAL_11 ? 0 : size,
        mtime,
        typeflag: TYPEFLAG[entry.type],
        linkname: linkFits ? link : truncateBytes(link, 100),
    });
    if (pax.length === 0)
        return header;
    // Sorted keys: the same entry always gives the same record bytes.
    pax.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const records = Buffer.concat(pax.map(([key, value]) => paxRecord(key, value)));
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1).replace(/[^\x20-\x7e]/g, '_');
    const paxHeader = ustarHeader({
        name: `PaxHeaders/${base}`.slice(0, 100),
        prefix: '',
        mode: 0o644,
        size: records.length,
        mtime,
        typeflag: 'x',
        linkname: '',
    });
    return Buffer.concat([paxHeader, records, Buffer.alloc(padding(records.length)), header]);
}
/** "<length> <key>=<value>\n", where the length counts its own digits. */
function paxRecord(key, value) {
    const body = ` ${key}=${value}\n`;
    const bodyLength = Buffer.byteLength(body);
    let length = bodyLength + 1;
    while (String(length).length + bodyLength !== length)
        length = String(length).length + bodyLength;
    return Buffer.from(`${length}${body}`, 'utf8');
}
/**
 * ustar stores up to 255 bytes as prefix (≤155) + '/' + name (≤100), split at a '/'. The longest
 * prefix that works is taken, like GNU tar. Non-ASCII names go to PAX, as Go's archive/tar does,
 * since ustar fields have no defined encoding.
 */
function splitName(name) {
    if (!isAscii(name))
        return undefined;
    if (name.length <= 100)
        return { name, prefix: '' };
    // A trailing '/' (folders) belongs to the name part, never the split point.
    for (let i = Math.min(155, name.length - 2); i > 0; i--) {
        if (name[i] !== '/')
            continue;
        const rest = name.slice(i + 1);
        if (rest.length > 100)
            return undefined;
        return { prefix: name.slice(0, i), name: rest };
    }
    return undefined;
}
function ustarHeader(fields) {
    const block = Buffer.alloc(BLOCK);
    block.write(fields.name, 0, 100, 'utf8');
    writeOctal(block, 100, 8, fields.mode);
    writeOctal(block, 108, 8, 0); // uid
    writeOctal(block, 116, 8, 0); // gid
    writeOctal(block, 124, 12, fields.size);
    writeOctal(block, 136, 12, fields.mtime);
    block.write(fields.typeflag, 156, 1, 'ascii');
    block.write(fields.linkname, 157, 100, 'utf8');
    block.write('ustar\x0000', 257, 8, 'ascii');
    // uname (265) and gname (297) stay empty: owners are numeric 0/0 in every image.
    writeOctal(block, 329, 8, 0); // devmajor
    writeOctal(block, 337, 8, 0); // devminor
    block.write(fields.prefix, 345, 155, 'utf8');
    // The checksum is summed with its own field read as eight spaces.
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += block[i];
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    return block;
}
/** Zero-padded octal filling the field but its last byte, which is NUL. */
function writeOctal(block, offset, width, value) {
    block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}
function isAscii(text) {
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) > 0x7f)
            return false;
    return true;
}
function truncateBytes(text, max) {
    // By code point, so a cut never leaves half a surrogate pair.
    const chars = [...text];
    while (Buffer.byteLength(chars.join('')) > max)
        chars.pop();
    return chars.join('');
}
const nativeCrc32 = external_node_zlib_.crc32;
/** zlib.crc32 exists from Node 20.15 / 22.2; older 20.x gets the table version. */
function crc32(data, value = 0) {
    return nativeCrc32 ? nativeCrc32(data, value) : tableCrc32(data, value);
}
/** The plain table-driven CRC-32 of RFC 1952 §8, continuing from `value`. */
function tableCrc32(data, value = 0) {
    let crc = ~value >>> 0;
    for (let i = 0; i < data.length; i++) {
        crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    }
    return ~crc >>> 0;
}
const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();

;// CONCATENATED MODULE: ./src/builders/layering.ts
/**
 * What the native builder puts in layers of their own, in this order, before the rest of the
 * context: the folders package managers fill, which change far less often than the sources.
 */
const DEPENDENCY_LAYERS = ['**/node_modules', '**/vendor', '**/.venv', '**/site-packages'];
/**
 * Splits a context's entries by a stable rule: an entry goes to the first pattern that matches
 * it (or a folder above it), else to the rest. The rule looks at paths only, so the same tree
 * always splits the same way. Parts that no entry matched are left out; the rest is always there
 * (it holds at least the destination folder).
 */
function splitLayers(entries, patterns) {
    const parts = patterns.map(({ pattern }) => ({ pattern, entries: [] }));
    const rest = { entries: [] };
    for (const entry of entries) {
        const i = patterns.findIndex(({ matcher }) => matcher(entry.path, entry.type === 'dir'));
        (i < 0 ? rest : parts[i]).entries.push(entry);
    }
    return [...parts.filter((p) => p.entries.length > 0), rest];
}

// EXTERNAL MODULE: ./src/progress.ts
var progress = __webpack_require__(54660);
;// CONCATENATED MODULE: ./src/builders/native.ts













const DEFAULT_DESTINATION = '/app';
/** RFC 3339 without milliseconds: what every other tool writes for a whole-second time. */
function isoSeconds(epoch) {
    return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
async function resolveBase(request) {
    const scratch = {
        index: false,
        // A fixed platform: the layer holds files only, and a digest must not depend on the build host.
        platforms: [
            {
                platform: { architecture: 'amd64', os: 'linux' },
                config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
            },
        ],
    };
    if (!request.base || request.base === 'scratch')
        return scratch;
    const ref = (0,reference/* parseReference */.F2)(request.base, 'base');
    const store = await (0,builder/* openBuildRegistry */.U)(request, ref);
    const root = await store.getManifest(ref.digest ?? ref.tag ?? 'latest');
    const name = (0,reference/* formatReference */.FH)({ ...ref, digest: undefined });
    const readPlatform = async (manifestBytes, digest) => {
        const manifest = (0,referrers/* parseManifest */.Ng)(manifestBytes, `base manifest ${digest}`);
        const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8'));
        const platform = { architecture: config.architecture, os: config.os };
        if (config.variant)
            platform.variant = config.variant;
        return { platform, manifest, manifestDigest: digest, config };
    };
    if (!(0,media_types/* isIndexType */.$U)(root.mediaType)) {
        return {
            store,
            name,
            digest: root.digest,
            index: false,
            platforms: [await readPlatform(root.bytes, root.digest)],
        };
    }
    const index = (0,referrers/* parseManifest */.Ng)(root.bytes, `base index ${root.digest}`);
    const platforms = [];
    for (const child of index.manifests) {
        // Attestation manifests (buildkit's unknown/unknown) are not runnable platforms.
        if (!child.platform || child.platform.os === 'unknown')
            continue;
        const fetched = await store.getManifest(child.digest);
        const base = await readPlatform(fetched.bytes, fetched.digest);
        platforms.push({ ...base, platform: child.platform });
    }
    if (platforms.length === 0) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `base image ${request.base} lists no platform`, {
            input: 'base',
            valid: 'an image or an index with at least one linux platform, or scratch',
        });
    }
    return { store, name, digest: root.digest, index: true, platforms };
}
/** Docker semantics: a new entrypoint drops the base's command unless a command is given too. */
function applySettings(config, settings, destination) {
    const c = { ...(config.config ?? {}) };
    const env = new Map();
    for (const line of c.Env ?? []) {
        const eq = line.indexOf('=');
        env.set(eq < 0 ? line : line.slice(0, eq), eq < 0 ? '' : line.slice(eq + 1));
    }
    for (const [k, v] of Object.entries(settings.env))
        env.set(k, v);
    if (env.size)
        c.Env = [...env].map(([k, v]) => `${k}=${v}`);
    if (settings.entrypoint) {
        c.Entrypoint = settings.entrypoint;
        c.Cmd = settings.cmd ?? null;
    }
    else if (settings.cmd)
        c.Cmd = settings.cmd;
    c.WorkingDir = settings.workdir ?? destination;
    if (settings.user)
        c.User = settings.user;
    if (settings.ports.length) {
        const ports = { ...(c.ExposedPorts ?? {}) };
        for (const p of settings.ports)
            ports[p.includes('/') ? p : `${p}/tcp`] = {};
        c.ExposedPorts = Object.fromEntries(Object.entries(ports).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    if (Object.keys(settings.labels).length) {
        const labels = { ...(c.Labels ?? {}), ...settings.labels };
        c.Labels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    config.config = c;
}
/**
 * Builds without a daemon: the context's files become deterministic layers on top of the base (or
 * nothing), for every platform the base has: dependency folders first, one layer each, then the
 * rest, so a source change leaves the dependency layers' digests as they were. The same files
 * and source date give the same digest on any machine.
 */
class NativeBuilder {
    name = 'native';
    async build(request) {
        const base = await resolveBase(request);
        const destination = request.settings.workdir ?? DEFAULT_DESTINATION;
        // Compiled before the walk, so a bad pattern fails before anything is read or written.
        const patterns = (request.layers ?? DEPENDENCY_LAYERS).map((pattern) => {
            if (pattern.startsWith('!')) {
                throw new errors/* UserError */.yo('INPUT_INVALID', `'${pattern}' cannot choose a layer's files`, {
                    input: 'layers',
                    valid: '.dockerignore-style patterns without !, one layer per line',
                });
            }
            return { pattern, matcher: compileOrThrow([pattern], 'layers') };
        });
        const found = await walkContext(request.context, {
            include: request.include,
            exclude: request.exclude,
        });
        const layout = await oci_layout/* LayoutStore */.K.open((0,external_node_path_.join)(request.workDir, 'layout'), { create: true });
        // Layers are written beside the blobs they become, so adopting one is a rename.
        const layerDir = (0,external_node_path_.join)(request.workDir, 'layout', 'blobs', 'sha256');
        await (0,promises_.mkdir)(layerDir, { recursive: true });
        const read = (0,progress/* byteCounter */.DH)((0,progress/* progressOf */.jA)(request.logger, 'layers'), 'read');
        const layers = [];
        for (const [i, part] of splitLayers(found, patterns).entries()) {
            // Each layer holds its own parent folders, so it unpacks alone and its bytes depend on its files only.
            const entries = placeEntries(part.entries, destination);
            const layer = await writeLayer(entries, {
                mtime: request.sourceDateEpoch,
                outFile: (0,external_node_path_.join)(layerDir, `.layer-${process.pid}-${i}.tmp`),
                onFile: (size) => read.add(size, 1),
            });
            await layout.adoptBlob(layer.path, { digest: layer.digest, size: layer.size });
            const what = `${part.pattern === undefined ? 'the rest' : `'${part.pattern}'`} (${part.entries.length} entries)`;
            layers.push({
                descriptor: { mediaType: media_types/* MediaType */.zu.OciLayerGzip, digest: layer.digest, size: layer.size },
                diffId: layer.diffId,
                what,
                createdBy: `immutable-release native: COPY ${what} to ${destination}`,
            });
        }
        read.done();
        request.logger.info(`layers: ${layers.map((l) => `${l.descriptor.digest.slice(7, 19)} ${l.what}`).join('; ')}`);
        const created = isoSeconds(request.sourceDateEpoch);
        const baseAnnotations = (digest) => base.name && digest
            ? {
                'org.opencontainers.image.base.digest': digest,
                'org.opencontainers.image.base.name': base.name,
            }
            : {};
        const manifests = [];
        for (const p of base.platforms) {
            const config = structuredClone(p.config);
            config.created = created;
            applySettings(config, request.settings, destination);
            config.rootfs = {
                type: 'layers',
                diff_ids: [...(config.rootfs?.diff_ids ?? []), ...layers.map((l) => l.diffId)],
            };
            config.history = [
                ...(config.history ?? []),
                ...layers.map((l) => ({ created, created_by: l.createdBy })),
            ];
            const configBytes = Buffer.from(JSON.stringify(config));
            const configDesc = await putJson(layout, configBytes, media_types/* MediaType */.zu.OciConfig);
            const manifest = {
                schemaVersion: 2,
                mediaType: media_types/* MediaType */.zu.OciManifest,
                config: configDesc,
                layers: [...(p.manifest?.layers ?? []).map(media_types/* toOciLayer */.cK), ...layers.map((l) => l.descriptor)],
                annotations: sortKeys({ ...request.annotations, ...baseAnnotations(p.manifestDigest) }),
            };
            const desc = await layout.putManifest(Buffer.from(JSON.stringify(manifest)), media_types/* MediaType */.zu.OciManifest);
            manifests.push({ ...desc, platform: p.platform });
        }
        let root;
        if (base.index) {
            const index = {
                schemaVersion: 2,
                mediaType: media_types/* MediaType */.zu.OciIndex,
                manifests,
                annotations: sortKeys({ ...request.annotations, ...baseAnnotations(base.digest) }),
            };
            root = await layout.putManifest(Buffer.from(JSON.stringify(index)), media_types/* MediaType */.zu.OciIndex, 'build');
        }
        else {
            const only = manifests[0];
            const fetched = await layout.getManifest(only.digest);
            root = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build');
        }
        return {
            builder: 'native',
            layout,
            reference: 'build',
            descriptor: root,
            platforms: base.platforms.map((p) => p.platform),
            baseStore: base.store,
            base: base.name && base.digest ? { name: base.name, digest: base.digest } : undefined,
        };
    }
}
async function putJson(layout, bytes, mediaType) {
    const source = (0,blob_source/* bufferSource */.k)(bytes);
    await layout.putBlob(source);
    return { mediaType, digest: source.digest, size: source.size };
}
function sortKeys(record) {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}


/***/ }),

/***/ 14230:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ renderReleaseSummary)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83758);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(54660);
/* harmony import */ var _release_changelog_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42495);
/* harmony import */ var _changes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79659);



function buildCacheCell(c) {
    const steps = (list) => list.map((s) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(s)).join('<br>');
    return [
        `${c.cached.length} of ${c.cached.length + c.ran.length} steps from ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(c.ref)}`,
        ...(c.cached.length ? [`cached: ${steps(c.cached)}`] : []),
        ...(c.ran.length ? [`ran: ${steps(c.ran)}`] : []),
    ].join('<br>');
}
function changesCell(c, head, links) {
    const text = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)((0,_release_changelog_js__WEBPACK_IMPORTED_MODULE_0__/* .describeChanges */ .DT)(c));
    return c.since && links && !c.note
        ? `${text} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('compare', links.compare(c.since, head))})`
        : text;
}
function renderReleaseSummary(r, repository, links) {
    const platforms = r.platforms
        .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
        .join(', ');
    const pkg = links?.package(repository);
    const rows = [
        ['Image', `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.image)}${pkg ? ` (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('package', pkg)})` : ''}`],
        ['Digest', (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.digest)],
        ['Tags', r.tags.map((t) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(t)).join(' ')],
        ['Platforms', (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(platforms)],
        ['Size', (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(r.size)],
        ['Builder', (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(r.builder)],
        ['Base', r.base ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(`${r.base.name}@${r.base.digest}`) : 'scratch'],
        ...(r.buildCache ? [['Build cache', buildCacheCell(r.buildCache)]] : []),
        ['Commit', links ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(r.commit.slice(0, 12), links.commit(r.commit)) : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.commit)],
        ...(r.changes
            ? [['Changes', changesCell(r.changes, r.commit, links)]]
            : []),
        ['Source date', new Date(r.sourceDateEpoch * 1000).toISOString()],
        [
            'Reproducible',
            r.builder === 'native' ? 'yes (native builds are deterministic)' : 'not verified',
        ],
        [
            'Signatures',
            r.signatures.length
                ? r.signatures.map((x) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(x)).join('<br>')
                : 'none (no signing-key, keyless is false)',
        ],
        ['Provenance', r.provenance ? `SLSA v1, ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.provenance)}` : 'none'],
        ['Record', r.record ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.record) : 'none'],
        [
            'Work',
            r.skipped
                ? `skipped: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(`${repository}:${r.tags[0] ?? `sha-${r.commit}`}`)} already held this build; ${r.attestationsWritten} signatures, attestations or records written`
                : `${r.blobs.uploaded} blobs uploaded, ${r.blobs.mounted} mounted, ${r.blobs.exists} already present`,
        ],
    ];
    if (links?.run)
        rows.push(['Run', (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('this run', links.run)]);
    const phases = Object.entries(r.phases)
        .map(([name, ms]) => `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(name)} ${(ms / 1000).toFixed(2)} s`)
        .join(' · ');
    return [
        `### Released ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(repository)}${r.version ? ` ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(r.version)}` : ''}`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
        `Phases: ${phases}`,
        '',
        ...(r.changes ? [(0,_changes_js__WEBPACK_IMPORTED_MODULE_3__/* .changesSection */ .Hv)('Commits since the previous release', r.changes, links)] : []),
    ].join('\n');
}


/***/ }),

/***/ 29453:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ planReleaseTags)
/* harmony export */ });
/* harmony import */ var _release_names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(75365);
/* harmony import */ var _release_record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(66776);
/* harmony import */ var _release_tags_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32788);
/* harmony import */ var _sign_referrer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61354);




/**
 * The tags a release or merge writes, from the registry's tags as they stand. Beyond planTags'
 * rules, an extra tag already in the registry must have been a release's: an environment that
 * promote moved once has no `X-previous` yet, but the image it points at was released under other
 * tags (its record says which), so the tag was placed by promote. Reads before any write.
 */
async function planReleaseTags(store, input) {
    const existingTags = await store.listTags();
    const plan = (0,_release_tags_js__WEBPACK_IMPORTED_MODULE_2__/* .planTags */ .V)({ ...input, existingTags });
    const extra = new Set(input.extra.map((t) => t.trim()));
    const moving = plan.tags.filter((t) => extra.has(t) && existingTags.includes(t));
    await Promise.all(moving.map((tag) => checkPlacedByRelease(store, tag)));
    return { existingTags, plan };
}
async function checkPlacedByRelease(store, tag) {
    const at = await store.headManifest(tag);
    if (!at)
        return;
    // A guard, not a gate: referrers it cannot read must not stop a release.
    const records = await (0,_sign_referrer_js__WEBPACK_IMPORTED_MODULE_3__/* .readReferrers */ .tV)(store, at.digest, _release_record_js__WEBPACK_IMPORTED_MODULE_1__/* .RECORD_ARTIFACT_TYPE */ .yq).catch(() => []);
    const releasedAs = records.map((r) => tagsOf(r.blob));
    // No record (another tool tagged it) or one without tags: not ours to judge.
    if (releasedAs.length === 0 || releasedAs.some((tags) => !tags || tags.includes(tag)))
        return;
    const names = [...new Set(releasedAs.flat())].join(', ');
    (0,_release_names_js__WEBPACK_IMPORTED_MODULE_0__/* .refuseReleaseTag */ .A)(tag, `it is an environment (${tag} points at ${at.digest}, released as ${names}, so promote placed it); only promote and rollback move it`);
}
function tagsOf(blob) {
    try {
        const tags = JSON.parse(blob.toString('utf8')).tags;
        return Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 23675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BUILDER_ANNOTATION: () => (/* binding */ BUILDER_ANNOTATION),
  OCI: () => (/* binding */ OCI),
  TREE_ANNOTATION: () => (/* binding */ TREE_ANNOTATION),
  attach: () => (/* binding */ attach),
  buildImage: () => (/* binding */ buildImage),
  readBack: () => (/* binding */ readBack),
  release: () => (/* binding */ release),
  releaseAnnotations: () => (/* binding */ releaseAnnotations),
  releaseOutputs: () => (/* binding */ releaseOutputs),
  timed: () => (/* binding */ timed),
  writeTagsLast: () => (/* binding */ writeTagsLast)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/oci/auth.ts
var auth = __webpack_require__(76599);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
// EXTERNAL MODULE: ./src/oci/blob-source.ts
var blob_source = __webpack_require__(26430);
// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(50961);
// EXTERNAL MODULE: ./src/oci/registry.ts
var registry = __webpack_require__(30494);
// EXTERNAL MODULE: ./src/builders/builder.ts
var builder = __webpack_require__(16591);
// EXTERNAL MODULE: ./src/builders/dockerfile.ts
var dockerfile = __webpack_require__(10256);
;// CONCATENATED MODULE: ./src/builders/buildah.ts














/** The name the built image has inside the throw-away storage; never leaves the work folder. */
const BUILD_IMAGE = 'localhost/immutable-release-build:latest';
const BASE_NAME_ANNOTATION = 'org.opencontainers.image.base.name';
const BASE_DIGEST_ANNOTATION = 'org.opencontainers.image.base.digest';
const TAIL_LINES = 20;
function buildahPaths(workDir) {
    return {
        root: (0,external_node_path_.join)(workDir, 'storage'),
        runroot: (0,external_node_path_.join)(workDir, 'run'),
        authfile: (0,external_node_path_.join)(workDir, 'auth.json'),
        secrets: (0,external_node_path_.join)(workDir, 'secrets'),
        tmp: (0,external_node_path_.join)(workDir, 'tmp'),
        layout: (0,external_node_path_.join)(workDir, 'layout'),
    };
}
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
/**
 * Secret ids and the files their values go to, sorted so that argv is the same on every run.
 * Files are numbered rather than named by id, so that no id can name a path outside `dir`.
 */
function secretFiles(secrets, dir) {
    return Object.keys(secrets)
        .sort()
        .map((id, i) => {
        if (!SECRET_ID.test(id)) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `secret id '${id}' cannot be passed to a builder`, {
                input: 'secrets',
                valid: 'ids of letters, digits, _ . -',
            });
        }
        return { id, path: (0,external_node_path_.join)(dir, `secret-${i}`) };
    });
}
/** Writes each secret value to its own 0600 file: builders read them from there, never argv. */
async function writeSecretFiles(secrets, dir) {
    const files = secretFiles(secrets, dir);
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    for (const { id, path } of files) {
        await (0,promises_.writeFile)(path, secrets[id], { mode: 0o600, flag: 'wx' });
        // The mode of writeFile only applies to new files and is filtered by the umask.
        await (0,promises_.chmod)(path, 0o600);
    }
    return files;
}
const sortedEntries = (record) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/** The Dockerfile to build: the one named, else `Dockerfile` at the context's root, as docker does. */
function dockerfileOf(request) {
    return request.dockerfile ?? (0,external_node_path_.join)(request.context, 'Dockerfile');
}
/** The whole argv of `buildah bud`; pure, so a test can see that no secret value is in it. */
function buildahBudArgs(request, paths, options = { tlsVerify: true, identityLabel: true }) {
    const args = [
        ...storageArgs(paths),
        'bud',
        // chroot isolation and vfs need neither a daemon nor overlay mounts, as root or rootless.
        '--isolation',
        'chroot',
        '--format',
        'oci',
        // A layer per step, each a cache entry: with or without a remote cache the image is the
        // same, since a step taken from the cache gives the very layer running it would.
        '--layers',
        '--pull',
        '--timestamp',
        String(request.sourceDateEpoch),
        '--authfile',
        paths.authfile,
    ];
    // The version label would make the digest depend on which buildah the runner has.
    if (options.identityLabel)
        args.push('--identity-label=false');
    if (!options.tlsVerify)
        args.push('--tls-verify=false');
    args.push('-f', dockerfileOf(request));
    if (request.target)
        args.push('--target', request.target);
    if (request.cache?.kind === 'registry') {
        args.push('--cache-from', request.cache.repository);
        if (request.cache.write)
            args.push('--cache-to', request.cache.repository);
    }
    for (const [k, v] of sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    for (const [k, v] of sortedEntries(request.annotations))
        args.push('--annotation', `${k}=${v}`);
    for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
        args.push('--secret', `id=${id},src=${path}`);
    }
    args.push('-t', BUILD_IMAGE, request.context);
    return args;
}
function storageArgs(paths) {
    return ['--storage-driver', 'vfs', '--root', paths.root, '--runroot', paths.runroot];
}
function buildahPushArgs(paths) {
    return [
        ...storageArgs(paths),
        'push',
        // Named, so that a future default (zstd) cannot change the digests.
        '--compression-format',
        'gzip',
        BUILD_IMAGE,
        `oci:${paths.layout}:build`,
    ];
}
/**
 * Reads the images a Dockerfile pulls. Only ARGs before the first FROM can appear in FROM lines;
 * build args override their defaults, as in docker. An image that needs an unknown variable is
 * left out rather than guessed.
 */
function dockerfileImages(text, buildArgs = {}, target) {
    const stages = [];
    const external = new Set();
    const isStage = (name) => /^\d+$/.test(name) || stages.some((s) => s.name === name.toLowerCase());
    const addExternal = (image) => {
        if (image && image !== 'scratch' && !isStage(image))
            external.add(image);
    };
    const { froms, steps } = (0,dockerfile/* walkDockerfile */.E)(text, buildArgs);
    let next = 0;
    for (const { instruction, words: rest } of steps) {
        if (instruction === 'FROM') {
            const { image, stage: name } = froms[next++];
            // A FROM naming an earlier stage builds on that stage, not on an image.
            if (image !== undefined && !isStage(image))
                addExternal(image);
            stages.push({ name, from: image ?? '' });
        }
        else if (instruction === 'COPY' || instruction === 'ADD') {
            for (const w of rest) {
                if (w.startsWith('--from='))
                    addExternal(w.slice('--from='.length));
            }
        }
        else if (instruction === 'RUN') {
            for (const w of rest) {
                if (!w.startsWith('--mount='))
                    continue;
                for (const field of w.slice('--mount='.length).split(',')) {
                    if (field.startsWith('from='))
                        addExternal(field.slice('from='.length));
                }
            }
        }
    }
    let stage = target
        ? stages.find((s) => s.name === target.toLowerCase())
        : stages[stages.length - 1];
    const seen = new Set();
    while (stage) {
        const from = stage.from;
        if (from === '' || from === 'scratch')
            return { images: [...external] };
        const parent = /^\d+$/.test(from)
            ? stages[Number(from)]
            : stages.find((s) => s.name === from.toLowerCase());
        if (!parent)
            return { images: [...external], base: from };
        if (seen.has(from))
            break;
        seen.add(from);
        stage = parent;
    }
    return { images: [...external] };
}
/** Registry hosts of the images, skipping any reference that does not parse. */
function imageRegistries(images) {
    const out = new Set();
    for (const image of images) {
        try {
            out.add((0,reference/* parseReference */.F2)(image, 'dockerfile').registry);
        }
        catch {
            // Malformed: buildah will say so in its own words.
        }
    }
    return [...out].sort();
}
/** TLS stays on unless every registry pulled from may be spoken to in plain http. */
function tlsVerifyFor(registries, insecureRegistries) {
    if (registries.length === 0)
        return true;
    return !registries.every((r) => (0,reference/* isLoopback */.U9)(r) || insecureRegistries.includes(r));
}
/** containers-auth.json (docker config format) for the registries the build pulls from. */
async function authFileContent(registries, credentials, env = process.env) {
    const auths = {};
    for (const registry of registries) {
        // As the registry client does: the inputs first, then what docker login left behind.
        const found = (await credentials?.(registry)) ?? (await (0,auth/* dockerConfigCredentials */.D)(registry, env));
        if (!found)
            continue;
        if (found.identityToken) {
            auths[registry] = {
                ...(found.username ? { username: found.username } : {}),
                identitytoken: found.identityToken,
            };
        }
        else if (found.username !== undefined && found.password !== undefined) {
            auths[registry] = {
                auth: Buffer.from(`${found.username}:${found.password}`).toString('base64'),
            };
        }
    }
    return { auths };
}
/**
 * Runs a program (argv, no shell), streaming its stdout and stderr lines to the log. A non-zero
 * exit throws BUILD_FAILED with the last lines, so the error alone tells what went wrong.
 */
function runBuildTool(program, args, options) {
    const mask = (options.mask ?? []).filter((s) => s !== '').sort((a, b) => b.length - a.length);
    const clean = (line) => {
        let out = line;
        for (const secret of mask)
            out = out.split(secret).join('***');
        return out;
    };
    const tail = [];
    const emit = (line) => {
        const text = clean(line);
        options.logger.info(text);
        options.onLine?.(text);
        tail.push(text);
        if (tail.length > TAIL_LINES)
            tail.shift();
    };
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(program, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: options.env ?? process.env,
        });
        const partial = { stdout: '', stderr: '' };
        const collect = (stream) => (chunk) => {
            const parts = (partial[stream] + chunk.toString('utf8')).split(/\r?\n|\r/);
            partial[stream] = parts.pop() ?? '';
            for (const line of parts)
                emit(line);
        };
        child.stdout.on('data', collect('stdout'));
        child.stderr.on('data', collect('stderr'));
        child.once('error', (error) => {
            reject(new errors/* ReleaseError */.K2('BUILD_FAILED', `could not run ${program}: ${error.message}`, {
                hint: `install ${program} or choose another builder`,
                cause: error,
            }));
        });
        child.once('close', (code, signal) => {
            for (const stream of ['stdout', 'stderr']) {
                if (partial[stream] !== '')
                    emit(partial[stream]);
            }
            if (code === 0) {
                resolve();
                return;
            }
            const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
            reject(new errors/* ReleaseError */.K2('BUILD_FAILED', `${options.what} ${how}; its last lines:\n${tail.join('\n')}`, { hint: options.hint }));
        });
    });
}
/** Settings a Dockerfile build cannot take from the inputs: the Dockerfile decides them. */
function warnIgnoredSettings(settings, logger, builder) {
    const ignored = [];
    if (settings.entrypoint)
        ignored.push('entrypoint');
    if (settings.cmd)
        ignored.push('cmd');
    if (Object.keys(settings.env).length > 0)
        ignored.push('env');
    if (settings.workdir)
        ignored.push('workdir');
    if (settings.user)
        ignored.push('user');
    if (settings.ports.length > 0)
        ignored.push('ports');
    if (ignored.length === 0)
        return;
    logger.warning(`${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored by the ${builder} builder: ` +
        'a Dockerfile build takes them from its ENTRYPOINT, CMD, ENV, WORKDIR, USER and EXPOSE lines');
}
function buildahVersion(program) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(program, ['--version'], { timeout: 10_000 }, (error, stdout) => {
            const m = /version\s+(\d+)\.(\d+)/.exec(String(stdout));
            resolve(error || !m ? undefined : [Number(m[1]), Number(m[2])]);
        });
    });
}
/**
 * `buildah bud --layers` leaves traces of how each step was made, which are not content: every
 * history entry names its parent image ("FROM <id>", which differs when the parent came from a
 * cache), and the base annotations name the last step's parent (an intermediate or cache image)
 * rather than the Dockerfile's base. Both are put right, the base as its registry names it, so
 * the image is the same whether steps ran or came from a cache.
 */
async function forgetStepTraces(layout, built, options) {
    const manifest = (0,referrers/* parseManifest */.Ng)(built.bytes, `built manifest ${built.digest}`);
    const configBytes = await layout.readBlob(manifest.config);
    const config = JSON.parse(configBytes.toString('utf8'));
    let changed = false;
    for (const entry of config.history ?? []) {
        if (entry.comment?.startsWith('FROM ')) {
            delete entry.comment;
            changed = true;
        }
    }
    const annotations = { ...(manifest.annotations ?? {}) };
    const base = await options.base();
    delete annotations[BASE_NAME_ANNOTATION];
    delete annotations[BASE_DIGEST_ANNOTATION];
    if (base) {
        annotations[BASE_NAME_ANNOTATION] = (0,reference/* formatReference */.FH)((0,reference/* parseReference */.F2)(base.name, 'dockerfile'));
        annotations[BASE_DIGEST_ANNOTATION] = base.digest;
    }
    const sorted = Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (JSON.stringify(sorted) !== JSON.stringify(manifest.annotations ?? {})) {
        manifest.annotations = sorted;
        changed = true;
    }
    if (!changed)
        return built;
    const newConfig = (0,blob_source/* bufferSource */.k)(Buffer.from(JSON.stringify(config)));
    await layout.putBlob(newConfig);
    manifest.config = { ...manifest.config, digest: newConfig.digest, size: newConfig.size };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const descriptor = await layout.putManifest(bytes, built.mediaType, 'build');
    return { bytes, digest: descriptor.digest, mediaType: built.mediaType };
}
/**
 * buildah fails the whole build when a cache push is refused, and `<image>/buildcache` is a
 * repository the image's credentials may not reach (Docker Hub takes no third path level, a
 * token may not create a package): asked first, a cache that cannot be written is only read.
 */
async function writableCache(request) {
    const cache = request.cache;
    if (cache?.kind !== 'registry' || !cache.write)
        return cache;
    const ref = (0,reference/* parseReference */.F2)(cache.repository, 'cache');
    const store = await (0,builder/* openBuildRegistry */.U)(request, ref);
    const refusal = store instanceof registry/* RegistryStore */.X ? await store.pushRefusal() : undefined;
    if (refusal === undefined)
        return cache;
    request.logger.warning(`build cache ${cache.repository} cannot be written (${refusal}); the build reads it but ` +
        'adds nothing. Name a repository these credentials may push to in the cache input, or set cache: none');
    return { ...cache, write: false };
}
/**
 * Which steps of a `buildah bud --layers` came from the cache, from its log: each `STEP n/m: …`
 * line, then `--> Using cache <id>` when a stored or pulled layer stood in for running it.
 * FROM steps run nothing, so they are neither.
 */
class StepLog {
    steps = [];
    read(line) {
        const step = /^STEP \d+\/\d+: (.*)$/.exec(line);
        if (step) {
            const text = step[1];
            if (!/^FROM\s/i.test(text))
                this.steps.push({ text, cached: false });
            return;
        }
        const last = this.steps[this.steps.length - 1];
        if (last && /^--> Using cache [0-9a-f]+/.test(line))
            last.cached = true;
    }
    result() {
        return {
            cached: this.steps.filter((s) => s.cached).map((s) => s.text),
            ran: this.steps.filter((s) => !s.cached).map((s) => s.text),
        };
    }
}
const samePlatform = (a, c) => a !== undefined &&
    a.os === c.os &&
    a.architecture === c.architecture &&
    (a.variant ?? '') === (c.variant ?? '');
/**
 * buildah's push re-compresses the base image's layers from its storage, so the exported image
 * would carry base layers whose digests exist nowhere else (and depend on buildah's gzip). When
 * the base's own layers have the same content (diff_ids), point the manifest at them instead: the
 * image then shares its base layers with the base, as docker's images do, and a push can mount
 * them from the base's repository rather than upload them.
 */
async function reuseBaseLayers(layout, manifestBytes, config, baseStore, baseDigest) {
    let fetched = await baseStore.getManifest(baseDigest);
    if ((0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
        const index = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `base index ${baseDigest}`);
        const child = index.manifests.find((m) => samePlatform(m.platform, config));
        if (!child)
            return undefined;
        fetched = await baseStore.getManifest(child.digest);
    }
    const base = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `base manifest ${fetched.digest}`);
    const baseConfig = JSON.parse((await baseStore.readBlob(base.config)).toString('utf8'));
    const baseIds = baseConfig.rootfs?.diff_ids ?? [];
    const ids = config.rootfs?.diff_ids ?? [];
    if (baseIds.length === 0 || baseIds.length !== base.layers.length)
        return undefined;
    if (baseIds.some((id, i) => ids[i] !== id))
        return undefined;
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    if (manifest.layers.length < baseIds.length)
        return undefined;
    const dropped = [];
    manifest.layers = manifest.layers.map((layer, i) => {
        if (i >= base.layers.length)
            return layer;
        const replacement = (0,media_types/* toOciLayer */.cK)(base.layers[i]);
        if (replacement.digest !== layer.digest)
            dropped.push(layer.digest);
        return { ...layer, ...replacement };
    });
    if (dropped.length === 0)
        return undefined;
    const kept = new Set([manifest.config.digest, ...manifest.layers.map((l) => l.digest)]);
    const bytes = Buffer.from(JSON.stringify(manifest));
    await layout.putManifest(bytes, manifest.mediaType ?? media_types/* MediaType */.zu.OciManifest, 'build');
    return { bytes, dropped: dropped.filter((d) => !kept.has(d)) };
}
/**
 * The base a Dockerfile build started from: as the builder recorded it in the manifest
 * (buildah does), else the FROM line, resolved to a digest by asking its registry. Best effort:
 * undefined when neither says.
 */
async function resolveDockerfileBase(request, annotations, fromLine) {
    const name = annotations?.[BASE_NAME_ANNOTATION];
    const digest = annotations?.[BASE_DIGEST_ANNOTATION];
    if (name && digest)
        return { name, digest };
    if (!fromLine)
        return undefined;
    try {
        const ref = (0,reference/* parseReference */.F2)(fromLine, 'dockerfile');
        if (ref.digest)
            return { name: fromLine, digest: ref.digest };
        const store = await (0,builder/* openBuildRegistry */.U)(request, ref);
        const head = await store.headManifest(ref.tag ?? 'latest');
        return head ? { name: fromLine, digest: head.digest } : undefined;
    }
    catch (e) {
        request.logger.debug(`base image of the build unknown: ${e.message}`);
        return undefined;
    }
}
/**
 * Dockerfile builds with buildah: no daemon, no privileges beyond what buildah's chroot isolation
 * needs. Storage lives in the work folder and is removed once the image is exported as an OCI
 * layout, so nothing is left on the runner and no two builds share a cache.
 */
class BuildahBuilder {
    program;
    name = 'buildah';
    constructor(program = 'buildah') {
        this.program = program;
    }
    async build(request) {
        const { logger } = request;
        const dockerfile = dockerfileOf(request);
        // ',' would split the --secret option and ':' the oci:PATH:TAG destination.
        if (/[,:]/.test(request.workDir)) {
            throw new errors/* ReleaseError */.K2('INTERNAL', `work folder ${request.workDir} contains ',' or ':', which buildah's options cannot carry`);
        }
        let text;
        try {
            text = await (0,promises_.readFile)(dockerfile, 'utf8');
        }
        catch (e) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `cannot read ${dockerfile}`, {
                input: 'dockerfile',
                cause: e,
            });
        }
        const found = dockerfileImages(text, request.buildArgs, request.target);
        const cache = await writableCache(request);
        if (cache?.kind === 'none')
            logger.info(`no build cache: ${cache.why}`);
        const cacheRegistries = cache?.kind === 'registry' ? [cache.repository] : [];
        const registries = imageRegistries([...found.images, ...cacheRegistries]);
        const tlsVerify = tlsVerifyFor(registries, request.insecureRegistries);
        warnIgnoredSettings(request.settings, logger, 'buildah');
        const steps = new StepLog();
        const version = await buildahVersion(this.program);
        const identityLabel = version !== undefined && (version[0] > 1 || version[1] >= 26);
        if (!identityLabel) {
            logger.warning(`buildah ${version ? version.join('.') : '(unknown version)'} cannot leave out its io.buildah.version label, so the digest depends on the buildah version; 1.26 or later can`);
        }
        const paths = buildahPaths(request.workDir);
        await (0,promises_.mkdir)(paths.tmp, { recursive: true });
        const env = {
            ...process.env,
            // containers/image stages big blobs in TMPDIR (default /var/tmp): keep them in the work folder.
            TMPDIR: paths.tmp,
        };
        const mask = Object.values(request.secrets);
        try {
            const auth = await authFileContent(registries, request.credentials);
            await (0,promises_.writeFile)(paths.authfile, JSON.stringify(auth), { mode: 0o600, flag: 'wx' });
            await (0,promises_.chmod)(paths.authfile, 0o600);
            await writeSecretFiles(request.secrets, paths.secrets);
            const hint = 'read the build log above; a pull that fails may need credentials or the insecure-registry input';
            await runBuildTool(this.program, buildahBudArgs({ ...request, cache }, paths, { tlsVerify, identityLabel }), { logger, env, mask, what: 'buildah bud', hint, onLine: (line) => steps.read(line) });
            // The secrets were only for the RUN steps; off the disk before anything else happens.
            await (0,promises_.rm)(paths.secrets, { recursive: true, force: true });
            await runBuildTool(this.program, buildahPushArgs(paths), {
                logger,
                env,
                mask,
                what: 'buildah push to an OCI layout',
                hint: 'the work folder may be out of space',
            });
        }
        finally {
            await (0,promises_.rm)(paths.secrets, { recursive: true, force: true });
            await (0,promises_.rm)(paths.authfile, { force: true });
            await this.removeStorage(paths, env);
        }
        const layout = await oci_layout/* LayoutStore */.K.open(paths.layout);
        let descriptor = await layout.headManifest('build');
        if (!descriptor) {
            throw new errors/* ReleaseError */.K2('BUILD_FAILED', `buildah push left no 'build' tag in ${paths.layout}`);
        }
        const built = await layout.getManifest('build');
        if ((0,media_types/* isIndexType */.$U)(built.mediaType)) {
            throw new errors/* ReleaseError */.K2('BUILD_FAILED', 'buildah exported an index where one image was expected');
        }
        const fetched = await forgetStepTraces(layout, built, {
            base: () => resolveDockerfileBase(request, undefined, found.base),
        });
        descriptor = (await layout.headManifest('build'));
        const manifest = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `built manifest ${fetched.digest}`);
        const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8'));
        const platform = {
            architecture: config.architecture ?? 'unknown',
            os: config.os ?? 'unknown',
        };
        if (config.variant)
            platform.variant = config.variant;
        const base = await resolveDockerfileBase(request, manifest.annotations, found.base);
        let baseStore;
        if (base) {
            try {
                const ref = (0,reference/* parseReference */.F2)(base.name, 'dockerfile');
                baseStore = await (0,builder/* openBuildRegistry */.U)(request, ref);
                const reused = await reuseBaseLayers(layout, fetched.bytes, config, baseStore, base.digest);
                if (reused) {
                    descriptor = (await layout.headManifest('build'));
                    // The re-compressed copies are no longer referenced; base images can be large.
                    for (const digest of [...reused.dropped, fetched.digest]) {
                        await (0,promises_.rm)((0,external_node_path_.join)(paths.layout, 'blobs', 'sha256', (0,oci_digest/* digestHex */.sU)(digest)), { force: true });
                    }
                    logger.debug(`reused ${reused.dropped.length} base layer(s) of ${base.name}`);
                }
            }
            catch (e) {
                // Only an optimisation: buildah's own layers are a complete image.
                logger.debug(`kept buildah's base layers: ${e.message}`);
            }
        }
        let cacheUse;
        if (cache?.kind === 'registry') {
            cacheUse = { ref: cache.repository, ...steps.result() };
            logger.info(`build cache ${cache.repository}: ${cacheUse.cached.length} step(s) from the cache, ${cacheUse.ran.length} ran${cacheUse.cached.length ? `; cached: ${cacheUse.cached.join(' | ')}` : ''}`);
        }
        return {
            builder: 'buildah',
            layout,
            reference: 'build',
            descriptor,
            platforms: [platform],
            baseStore,
            base,
            cacheUse,
        };
    }
    async removeStorage(paths, env) {
        // rmi first: buildah unmounts what it still holds, so rm cannot walk into a live mount.
        await new Promise((resolve) => {
            (0,external_node_child_process_.execFile)(this.program, [...storageArgs(paths), 'rmi', '--all', '--force'], { env, timeout: 120_000 }, () => resolve());
        });
        await (0,promises_.rm)(paths.root, { recursive: true, force: true });
        await (0,promises_.rm)(paths.runroot, { recursive: true, force: true });
        await (0,promises_.rm)(paths.tmp, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/builders/cache.ts

const CACHE_TAG = 'buildcache';
/**
 * Where a Dockerfile build keeps its cached steps. `registry` means `<image>:buildcache` for
 * BuildKit and the repository `<image>/buildcache` for buildah (which tags every cached step, so
 * a repository of its own keeps the image's tags clean), next to the image, so the credentials
 * that push the image push the cache too. A named reference is used as given (buildah takes its
 * repository). A layout target has no registry: the build then runs without a remote cache and
 * says why.
 */
function resolveBuildCache(setting, image, options) {
    if (setting.kind === 'none')
        return { kind: 'none', why: 'cache: none was asked for' };
    // The Actions cache service: ACTIONS_CACHE_URL (v1) or ACTIONS_RESULTS_URL (v2).
    const gha = Boolean(options.env.ACTIONS_CACHE_URL || options.env.ACTIONS_RESULTS_URL);
    const { write } = options;
    if (setting.kind === 'ref') {
        const ref = (0,reference/* parseReference */.F2)(setting.ref, 'cache');
        const repository = (0,reference/* formatReference */.FH)({ ...ref, tag: undefined, digest: undefined });
        const tagged = (0,reference/* formatReference */.FH)({ ...ref, tag: ref.tag ?? CACHE_TAG, digest: undefined });
        return { kind: 'registry', ref: tagged, repository, write, gha };
    }
    if (image.kind === 'layout') {
        return {
            kind: 'none',
            why: 'the image is an OCI layout (oci:PATH), which has no registry to keep a build cache in; name one with the cache input',
        };
    }
    const repository = (0,reference/* formatReference */.FH)({ ...image.ref, tag: undefined, digest: undefined });
    return {
        kind: 'registry',
        ref: `${repository}:${CACHE_TAG}`,
        repository: `${repository}/${CACHE_TAG}`,
        write,
        gha,
    };
}
/**
 * `docker buildx build` cache flags: BuildKit's registry cache at `ref` (mode=max, so every
 * stage's steps are kept, not only the final image's), and the Actions cache when it is there.
 */
function dockerCacheArgs(cache) {
    if (cache?.kind !== 'registry')
        return [];
    const args = ['--cache-from', `type=registry,ref=${cache.ref}`];
    if (cache.write)
        args.push('--cache-to', `type=registry,ref=${cache.ref},mode=max`);
    if (cache.gha) {
        args.push('--cache-from', 'type=gha');
        if (cache.write)
            args.push('--cache-to', 'type=gha,mode=max');
    }
    return args;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/builders/docker-archive.ts









/**
 * Turns an unpacked `docker save` archive (`dir`) into an OCI image in `layout`, tagged `tag`:
 * the config as it is, each uncompressed layer tar gzip-compressed, and a manifest carrying
 * `annotations` (the classic builder and the daemon's BuildKit without buildx cannot write them).
 * Daemons from Docker 25 on save an OCI layout themselves; this is for the older ones.
 */
async function layoutFromDockerArchive(dir, layout, tag, annotations) {
    const images = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, 'manifest.json'), 'utf8'));
    if (!Array.isArray(images) || images.length !== 1 || !images[0]?.Config) {
        throw new errors/* ReleaseError */.K2('BUILD_FAILED', `docker save wrote ${Array.isArray(images) ? images.length : 'no'} images to ${dir}, expected one`);
    }
    const [image] = images;
    const config = await putFile(layout, (0,external_node_path_.join)(dir, image.Config), media_types/* MediaType */.zu.OciConfig);
    const layers = [];
    for (const layer of image.Layers) {
        const gz = (0,external_node_path_.join)(dir, `${layer}.gz`);
        const hash = (0,external_node_crypto_.createHash)('sha256');
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)((0,external_node_path_.join)(dir, layer)), (0,external_node_zlib_.createGzip)(), new external_node_stream_.Transform({
            transform(chunk, _enc, done) {
                hash.update(chunk);
                done(null, chunk);
            },
        }), (0,external_node_fs_.createWriteStream)(gz));
        const digest = `sha256:${hash.digest('hex')}`;
        const { size } = await (0,promises_.stat)(gz);
        // Hashed while it was written: moved into the layout's blobs, not read and copied again.
        await layout.adoptBlob(gz, { digest, size });
        layers.push({ mediaType: media_types/* MediaType */.zu.OciLayerGzip, digest, size });
    }
    const manifest = {
        schemaVersion: 2,
        mediaType: media_types/* MediaType */.zu.OciManifest,
        config,
        layers,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
    return layout.putManifest(Buffer.from(JSON.stringify(manifest)), media_types/* MediaType */.zu.OciManifest, tag);
}
async function putFile(layout, path, mediaType) {
    const { size } = await (0,promises_.stat)(path);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    const digest = `sha256:${hash.digest('hex')}`;
    await layout.putBlob({
        digest,
        size,
        open: async (start = 0, end = size) => (0,external_node_fs_.createReadStream)(path, { start, end: end - 1 }),
    });
    return { mediaType, digest, size };
}

;// CONCATENATED MODULE: ./src/builders/docker.ts











function dockerPaths(workDir) {
    return {
        secrets: (0,external_node_path_.join)(workDir, 'secrets'),
        archive: (0,external_node_path_.join)(workDir, 'image.tar'),
        layout: (0,external_node_path_.join)(workDir, 'layout'),
    };
}
const docker_sortedEntries = (record) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/**
 * argv and extra environment of `docker buildx build`; pure, so a test can check every flag and
 * that no secret value is in argv. The source date goes in the environment: buildx hands
 * SOURCE_DATE_EPOCH to BuildKit, which stamps `created` and history with it, and
 * `rewrite-timestamp` clamps the files' mtimes in the layers to it.
 */
function dockerBuildArgs(request) {
    const paths = dockerPaths(request.workDir);
    const args = ['buildx', 'build', '--file', dockerfileOf(request), '--pull'];
    for (const [k, v] of docker_sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    if (request.target)
        args.push('--target', request.target);
    args.push(...dockerCacheArgs(request.cache));
    for (const { id, path } of secretFiles(request.secrets, paths.secrets)) {
        args.push('--secret', `id=${id},src=${path}`);
    }
    for (const [k, v] of docker_sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    for (const [k, v] of docker_sortedEntries(request.annotations)) {
        args.push('--annotation', `manifest:${k}=${v}`);
    }
    // Attestations would turn the result into an index whose extra manifest changes every run.
    args.push('--provenance=false', '--sbom=false', '--output', `type=oci,dest=${paths.archive},rewrite-timestamp=true`, request.context);
    return { args, env: { SOURCE_DATE_EPOCH: String(request.sourceDateEpoch) } };
}
/** stdout of a short docker command, or undefined when it fails (or takes over 5 s). */
function dockerOutput(program, args, env) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(program, args, { timeout: 5_000, env }, (error, stdout) => resolve(error ? undefined : String(stdout).trim()));
    });
}
/** True when a Docker daemon answers within 5 s; a missing CLI or a stopped daemon is false. */
async function dockerAvailable(program = 'docker', env = process.env) {
    const server = await dockerOutput(program, ['version', '--format', '{{.Server.Version}}'], env);
    return server !== undefined && server !== '';
}
async function dockerMode(program = 'docker', env = process.env) {
    if ((await dockerOutput(program, ['buildx', 'version'], env)) !== undefined)
        return 'buildx';
    const client = await dockerOutput(program, ['version', '--format', '{{.Client.Version}}'], env);
    const major = Number(/^(\d+)\./.exec(client ?? '')?.[1] ?? 0);
    return major > 0 && major < 23 ? 'buildkit' : 'classic';
}
/** What a build without buildx cannot guarantee: said in the log and in the image's annotations. */
function dockerCaveat(mode) {
    const how = mode === 'buildkit'
        ? "docker buildx is missing: built with the daemon's BuildKit through `docker build`"
        : 'docker buildx is missing and this docker CLI has no BuildKit of its own: built with the classic builder';
    return (`${how} and exported with \`docker save\`. Not reproducible: file times in the layers are ` +
        'not clamped to the source date, `created` and the history carry the build time, and the ' +
        'layers are compressed here; build the same commit twice and the digests differ. Install ' +
        'buildx (docker/setup-buildx-action) or use builder: buildah for reproducible builds');
}
/** Annotation that carries dockerCaveat on the built image (and so into the registry). */
const CAVEAT_ANNOTATION = 'dev.immutable-release.build.caveat';
/**
 * argv and extra environment of `docker build` without buildx: the image goes to the daemon's
 * store as `tag`, for `docker save`. The classic builder has no build secrets.
 */
function dockerDaemonBuildArgs(request, mode, tag) {
    const paths = dockerPaths(request.workDir);
    const args = ['build', '--file', dockerfileOf(request), '--pull'];
    for (const [k, v] of docker_sortedEntries(request.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    if (request.target)
        args.push('--target', request.target);
    const secrets = secretFiles(request.secrets, paths.secrets);
    if (secrets.length > 0 && mode === 'classic') {
        throw new errors/* UserError */.yo('INPUT_INVALID', "input 'secrets': the classic docker builder (no buildx, no BuildKit) has no build secrets", {
            input: 'secrets',
            hint: 'install buildx (docker/setup-buildx-action), or set builder: buildah',
        });
    }
    for (const { id, path } of secrets)
        args.push('--secret', `id=${id},src=${path}`);
    for (const [k, v] of docker_sortedEntries(request.settings.labels))
        args.push('--label', `${k}=${v}`);
    args.push('--tag', tag, request.context);
    return {
        args,
        env: {
            DOCKER_BUILDKIT: mode === 'buildkit' ? '1' : '0',
            SOURCE_DATE_EPOCH: String(request.sourceDateEpoch),
        },
    };
}
function extract(archive, dir) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)('tar', ['-xf', archive, '-C', dir], { timeout: 600_000 }, (error, _out, stderr) => {
            if (!error) {
                resolve();
                return;
            }
            reject(new errors/* ReleaseError */.K2('BUILD_FAILED', `cannot unpack ${archive}: ${String(stderr).trim()}`, {
                cause: error,
                hint: 'the work folder may be out of space',
            }));
        });
    });
}
const BUILDX_HINT = "read the build log above. Exporting an OCI layout needs a buildx builder with the docker-container driver (docker/setup-buildx-action) or Docker's containerd image store, and BuildKit 0.13 or later for rewrite-timestamp; or set builder: buildah";
const DAEMON_HINT = 'read the build log above; DOCKER_HOST names the daemon that builds. For reproducible builds install buildx (docker/setup-buildx-action) or set builder: buildah';
/**
 * Dockerfile builds with docker, when a daemon answers. With buildx the image is exported as an
 * OCI layout (no daemon image store, no `docker push`), so it is pushed like any other build.
 * Without buildx, `docker build` (the daemon's BuildKit, or the classic builder) puts it in the
 * daemon's store, `docker save` takes it out, and it is turned into an OCI layout here; what that
 * cannot guarantee is said in the log and on the image (CAVEAT_ANNOTATION).
 * Pulls use the daemon's credentials and registry settings (docker login, daemon.json).
 */
class DockerBuilder {
    program;
    env;
    network;
    name = 'docker';
    constructor(program = 'docker', 
    /** The environment docker runs in (DOCKER_HOST, DOCKER_CONFIG). */
    env = process.env, 
    /** The network of RUN steps (`--network`); the daemon's default when undefined. */
    network) {
        this.program = program;
        this.env = env;
        this.network = network;
    }
    async build(request) {
        const { logger } = request;
        // ',' would split the --secret and --output options.
        if (request.workDir.includes(',')) {
            throw new errors/* ReleaseError */.K2('INTERNAL', `work folder ${request.workDir} contains ',', which buildx's options cannot carry`);
        }
        const paths = dockerPaths(request.workDir);
        let text;
        try {
            text = await (0,promises_.readFile)(dockerfileOf(request), 'utf8');
        }
        catch (e) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `cannot read ${dockerfileOf(request)}`, {
                input: 'dockerfile',
                cause: e,
            });
        }
        const found = dockerfileImages(text, request.buildArgs, request.target);
        warnIgnoredSettings(request.settings, logger, 'docker');
        const mode = await dockerMode(this.program, this.env);
        let layout;
        if (mode === 'buildx') {
            const command = dockerBuildArgs(request);
            if (this.network)
                command.args.splice(2, 0, '--network', this.network);
            await this.run(request, command, 'docker buildx build', BUILDX_HINT);
            await (0,promises_.mkdir)(paths.layout, { recursive: true });
            await extract(paths.archive, paths.layout);
            await (0,promises_.rm)(paths.archive, { force: true });
            layout = await oci_layout/* LayoutStore */.K.open(paths.layout);
            await tagTheOneImage(layout, paths.layout, {});
        }
        else {
            const caveat = dockerCaveat(mode);
            logger.warning(caveat);
            layout = await this.buildWithoutBuildx(request, mode, {
                ...request.annotations,
                [CAVEAT_ANNOTATION]: caveat,
            });
        }
        const fetched = await layout.getManifest('build');
        const descriptor = {
            mediaType: fetched.mediaType,
            digest: fetched.digest,
            size: fetched.bytes.length,
        };
        const platforms = [];
        let annotations;
        if ((0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
            const children = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `built index ${fetched.digest}`);
            annotations = children.annotations;
            for (const child of children.manifests) {
                if (child.platform && child.platform.os !== 'unknown')
                    platforms.push(child.platform);
            }
        }
        else {
            const manifest = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `built manifest ${fetched.digest}`);
            annotations = manifest.annotations;
            const config = JSON.parse((await layout.readBlob(manifest.config)).toString('utf8'));
            const platform = {
                architecture: config.architecture ?? 'unknown',
                os: config.os ?? 'unknown',
            };
            if (config.variant)
                platform.variant = config.variant;
            platforms.push(platform);
        }
        return {
            builder: 'docker',
            layout,
            reference: 'build',
            descriptor,
            platforms,
            base: await resolveDockerfileBase(request, annotations, found.base),
        };
    }
    async run(request, command, what, hint) {
        const paths = dockerPaths(request.workDir);
        try {
            await writeSecretFiles(request.secrets, paths.secrets);
            await runBuildTool(this.program, command.args, {
                logger: request.logger,
                env: { ...this.env, ...command.env },
                mask: Object.values(request.secrets),
                what,
                hint,
            });
        }
        finally {
            await (0,promises_.rm)(paths.secrets, { recursive: true, force: true });
        }
    }
    /** `docker build` into the daemon's store under a tag of its own, then `docker save`. */
    async buildWithoutBuildx(request, mode, annotations) {
        const paths = dockerPaths(request.workDir);
        const tag = `immutable-release-build:${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
        const { logger } = request;
        if (request.cache?.kind === 'registry') {
            logger.info(`no build cache: ${request.cache.ref} needs buildx, which is missing`);
        }
        try {
            const command = dockerDaemonBuildArgs(request, mode, tag);
            if (this.network)
                command.args.splice(1, 0, '--network', this.network);
            await this.run(request, command, 'docker build', DAEMON_HINT);
            await runBuildTool(this.program, ['save', '--output', paths.archive, tag], {
                logger,
                env: this.env,
                what: 'docker save',
                hint: DAEMON_HINT,
            });
        }
        finally {
            // The daemon keeps nothing of ours: the layout below is the result.
            await dockerOutput(this.program, ['rmi', tag], this.env);
        }
        const saved = (0,external_node_path_.join)(request.workDir, 'saved');
        await (0,promises_.mkdir)(saved, { recursive: true });
        await extract(paths.archive, saved);
        await (0,promises_.rm)(paths.archive, { force: true });
        // Docker 25 and later save an OCI layout; older daemons their own docker-archive format.
        if (await (0,promises_.access)((0,external_node_path_.join)(saved, 'oci-layout')).then(() => true, () => false)) {
            const layout = await oci_layout/* LayoutStore */.K.open(saved);
            await tagTheOneImage(layout, saved, annotations);
            return layout;
        }
        const layout = await oci_layout/* LayoutStore */.K.open(paths.layout, { create: true });
        await layoutFromDockerArchive(saved, layout, 'build', annotations);
        await (0,promises_.rm)(saved, { recursive: true, force: true });
        return layout;
    }
}
/**
 * Tags the one image a build wrote to `dir` as 'build' (BuildKit names nothing in index.json
 * unless given a name), adding `annotations` to it when it is a single manifest.
 */
async function tagTheOneImage(layout, dir, annotations) {
    const index = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, 'index.json'), 'utf8'));
    const root = index.manifests[0];
    if (!root || index.manifests.length !== 1) {
        throw new errors/* ReleaseError */.K2('BUILD_FAILED', `docker wrote ${index.manifests.length} images to ${dir}, expected one`);
    }
    const fetched = await layout.getManifest(root.digest);
    let bytes = fetched.bytes;
    if (Object.keys(annotations).length > 0 && !(0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
        const manifest = (0,referrers/* parseManifest */.Ng)(bytes, `built manifest ${fetched.digest}`);
        manifest.annotations = { ...manifest.annotations, ...annotations };
        bytes = Buffer.from(JSON.stringify(manifest));
    }
    await layout.putManifest(bytes, fetched.mediaType, 'build');
}

// EXTERNAL MODULE: ./src/builders/native.ts + 4 modules
var builders_native = __webpack_require__(19778);
;// CONCATENATED MODULE: ./src/builders/select.ts





/** True when `name` is an executable file in a PATH folder. */
async function haveProgram(name, path = process.env.PATH ?? '') {
    for (const dir of path.split(external_node_path_.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,external_node_path_.join)(dir, name);
        try {
            if (!(await (0,promises_.stat)(candidate)).isFile())
                continue;
            await (0,promises_.access)(candidate, external_node_fs_.constants.X_OK);
            return true;
        }
        catch {
            // Not in this folder; keep looking.
        }
    }
    return false;
}
async function isFile(path) {
    try {
        return (await (0,promises_.stat)(path)).isFile();
    }
    catch {
        return false;
    }
}
const INSTALL_BUILDAH = 'install buildah (apt-get install buildah)';
/**
 * Picks the builder. `auto`: a Dockerfile (named, or at the context's root) means docker when
 * its daemon answers, else buildah; no Dockerfile means native. An explicit choice is checked
 * against the machine, so a missing tool fails here with advice rather than mid-build.
 */
async function selectBuilder(choice, context, dockerfile, probes = {
    docker: () => dockerAvailable(),
    buildah: () => haveProgram('buildah'),
}) {
    // Asked for by name: a Dockerfile, even a named one, is not native's business.
    if (choice === 'native') {
        return { name: 'native', why: 'builder: native was asked for' };
    }
    let file;
    if (dockerfile) {
        file = (0,external_node_path_.isAbsolute)(dockerfile) ? dockerfile : (0,external_node_path_.resolve)(context, dockerfile);
        if (!(await isFile(file))) {
            throw new errors/* UserError */.yo('INPUT_INVALID', `${file} does not exist`, {
                input: 'dockerfile',
                valid: 'a Dockerfile path, relative to the context',
            });
        }
    }
    else {
        const candidate = (0,external_node_path_.join)(context, 'Dockerfile');
        if (await isFile(candidate))
            file = candidate;
    }
    if (choice === 'auto') {
        if (!file) {
            return {
                name: 'native',
                why: `no Dockerfile at ${(0,external_node_path_.join)(context, 'Dockerfile')} and none named; using native`,
            };
        }
        const found = `Dockerfile found at ${file}`;
        if (await probes.docker()) {
            return {
                name: 'docker',
                why: `${found}; a Docker daemon answered; using docker`,
                dockerfile: file,
            };
        }
        if (await probes.buildah()) {
            return {
                name: 'buildah',
                why: `${found}; no Docker daemon answered; using buildah`,
                dockerfile: file,
            };
        }
        throw new errors/* UserError */.yo('BUILDER_UNAVAILABLE', `${found}, but no Docker daemon answered and buildah is not installed`, {
            input: 'builder',
            valid: 'auto, native, buildah, docker',
            hint: `${INSTALL_BUILDAH}, start a Docker daemon, or set builder: native to build the context's files without the Dockerfile`,
        });
    }
    if (!file) {
        throw new errors/* UserError */.yo('INPUT_MISSING', `builder: ${choice} needs a Dockerfile, and there is none at ${(0,external_node_path_.join)(context, 'Dockerfile')}`, {
            input: 'dockerfile',
            hint: 'name one with the dockerfile input, or use builder: native',
        });
    }
    if (choice === 'buildah') {
        if (!(await probes.buildah())) {
            throw new errors/* UserError */.yo('BUILDER_UNAVAILABLE', 'buildah is not installed (not on PATH)', {
                input: 'builder',
                valid: 'auto, native, buildah, docker',
                hint: `${INSTALL_BUILDAH}, or set builder: auto or native`,
            });
        }
        return { name: 'buildah', why: 'builder: buildah was asked for', dockerfile: file };
    }
    if (!(await probes.docker())) {
        throw new errors/* UserError */.yo('BUILDER_UNAVAILABLE', 'no Docker daemon answered within 5 s', {
            input: 'builder',
            valid: 'auto, native, buildah, docker',
            hint: 'start Docker (docker version must show a Server), or set builder: auto to fall back to buildah',
        });
    }
    return { name: 'docker', why: 'builder: docker was asked for', dockerfile: file };
}

// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(16465);
// EXTERNAL MODULE: ./src/oci/copy.ts
var copy = __webpack_require__(83748);
// EXTERNAL MODULE: ./src/release/git.ts
var git = __webpack_require__(82941);
// EXTERNAL MODULE: ./src/release/dirty.ts
var dirty = __webpack_require__(37245);
// EXTERNAL MODULE: ./src/release/tags.ts
var tags = __webpack_require__(32788);
// EXTERNAL MODULE: ./src/commands/release-tags.ts
var release_tags = __webpack_require__(29453);
// EXTERNAL MODULE: ./src/progress.ts
var progress = __webpack_require__(54660);
// EXTERNAL MODULE: ./src/release/changelog.ts
var changelog = __webpack_require__(42495);
// EXTERNAL MODULE: ./src/commands/changes.ts
var commands_changes = __webpack_require__(79659);
// EXTERNAL MODULE: ./src/commands/links.ts
var links = __webpack_require__(71967);
// EXTERNAL MODULE: ./src/commands/release-summary.ts
var release_summary = __webpack_require__(14230);
// EXTERNAL MODULE: ./src/commands/signing.ts
var signing = __webpack_require__(6621);
// EXTERNAL MODULE: ./src/sign/bundle.ts
var sign_bundle = __webpack_require__(5385);
// EXTERNAL MODULE: ./src/sign/bundle-signer.ts
var bundle_signer = __webpack_require__(85604);
// EXTERNAL MODULE: ./src/sign/cosign.ts
var cosign = __webpack_require__(7126);
// EXTERNAL MODULE: ./src/sign/dsse.ts
var dsse = __webpack_require__(68980);
// EXTERNAL MODULE: ./src/sign/referrer.ts
var referrer = __webpack_require__(61354);
;// CONCATENATED MODULE: ./src/sign/attach.ts






/** Both results, or the first failure once both have ended: no write outlives the call. */
async function allOrFirstError(work) {
    const [a, b] = await Promise.allSettled(work);
    if (a.status === 'rejected')
        throw a.reason;
    if (b.status === 'rejected')
        throw b.reason;
    return [a.value, b.value];
}
const PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
/**
 * A bundle referrer of `subject` with this predicate type that this signer made: for a key, one
 * that verifies with it; keyless signatures cannot be re-checked without the trusted root, so
 * any bundle of the predicate counts (a repair then never duplicates a keyless signature).
 */
async function findBundle(ctx, subject, predicateType) {
    const candidates = (await (0,referrer/* readReferrers */.tV)(ctx.store, subject, bundle_signer/* BUNDLE_MEDIA_TYPE */.N)).filter((r) => r.manifest.annotations?.[PREDICATE_ANNOTATION] === predicateType);
    const key = ctx.signer.keySigner;
    for (const c of candidates) {
        if (!key)
            return c.descriptor.digest;
        try {
            const bundle = JSON.parse(c.blob.toString('utf8'));
            await (0,sign_bundle/* verifyKeyBundle */.ZX)(bundle, (0,external_node_crypto_.createPublicKey)(key.publicKeyPem), subject, predicateType);
            return c.descriptor.digest;
        }
        catch {
            // Another key's bundle, or a broken one: keep looking.
        }
    }
    return undefined;
}
async function attachBundle(ctx, subject, predicateType, statement) {
    const existing = await findBundle(ctx, subject.digest, predicateType);
    if (existing)
        return { digest: existing, added: false };
    const bundle = await ctx.signer.signDsse(dsse/* IN_TOTO_PAYLOAD_TYPE */.T, statement);
    const d = await (0,sign_bundle/* putBundle */.cK)(ctx.store, subject, bundle, predicateType, ctx.created);
    return { digest: d.digest, added: true };
}
/**
 * Signs `subject` in the chosen formats; keyless signers have no key for the legacy `.sig` tag.
 * The two formats live under different tags (`.sig`, the referrers or their fallback index), so
 * they are written side by side: each append waits out its own settle time (appendConfirmed).
 */
async function signSubject(ctx, subject) {
    const key = ctx.signer.keySigner;
    const [legacy, bundle] = await allOrFirstError([
        ctx.format !== 'bundle' && key
            ? (0,cosign/* appendLegacySignature */.cH)(ctx.store, ctx.repository, subject, key)
            : undefined,
        ctx.format !== 'legacy' || !key
            ? attachBundle(ctx, subject, sign_bundle/* COSIGN_SIGN_PREDICATE_TYPE */.Z4, (0,sign_bundle/* imageSignatureStatement */.l6)(subject.digest))
            : undefined,
    ]);
    const out = { references: [], written: 0 };
    if (legacy) {
        out.references.push(`${ctx.repository}:${(0,cosign/* signatureTag */.bG)(subject.digest)}`);
        if (legacy.added)
            out.written++;
    }
    if (bundle) {
        out.references.push(`${ctx.repository}@${bundle.digest}`);
        if (bundle.added)
            out.written++;
    }
    return out;
}
/** A DSSE-signed attestation (provenance) as a bundle referrer; an existing one is kept. */
async function attachAttestation(ctx, subject, predicateType, statement) {
    return attachBundle(ctx, subject, predicateType, statement);
}
/** Whether `digest` already carries a signature this signer made, in a format it writes. */
async function signedByUs(ctx, digest) {
    const key = ctx.signer.keySigner;
    if (ctx.format !== 'legacy' || !key) {
        if (await findBundle(ctx, digest, sign_bundle/* COSIGN_SIGN_PREDICATE_TYPE */.Z4))
            return true;
    }
    if (ctx.format !== 'bundle' && key) {
        const publicKey = (0,external_node_crypto_.createPublicKey)(key.publicKeyPem);
        const legacy = await (0,cosign/* verifyLegacyIfPresent */.Ft)(ctx.store, ctx.repository, digest, publicKey).catch(() => undefined);
        if (legacy)
            return true;
    }
    return false;
}
/**
 * A record already there that says what `record` would say. Unsigned, any equivalent record will
 * do (it adds nothing a signed one lacks); signed, only one this signer has signed already, so a
 * record someone else wrote is never signed on their behalf.
 */
async function findEquivalent(ctx, records, equivalent) {
    for (const r of records) {
        if (!equivalent(r.blob))
            continue;
        if (!('signer' in ctx) || (await signedByUs(ctx, r.descriptor.digest)))
            return r;
    }
    return undefined;
}
/**
 * The release record as a referrer of the image, signed like an image. A record with the same
 * bytes already there is kept, so a re-run writes nothing; so is an `equivalent` one (the same
 * release, written by another run); anything else is added beside it. Only the signatures the
 * kept record lacks are written.
 */
async function attachRecord(ctx, subject, artifactType, record, equivalent) {
    const records = await (0,referrer/* readReferrers */.tV)(ctx.store, subject.digest, artifactType);
    const same = records.find((r) => r.blob.equals(record)) ??
        (equivalent && (await findEquivalent(ctx, records, equivalent)));
    let written = 0;
    let descriptor = same?.descriptor;
    if (!descriptor) {
        descriptor = await (0,referrer/* putReferrer */.j5)(ctx.store, subject, {
            artifactType,
            blob: record,
            blobMediaType: artifactType,
            annotations: { 'org.opencontainers.image.created': ctx.created },
        });
        written++;
    }
    const manifest = {
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size,
    };
    if (!('signer' in ctx))
        return { descriptor: manifest, written, signatures: [] };
    const signed = await signSubject(ctx, manifest);
    return { descriptor: manifest, written: written + signed.written, signatures: signed.references };
}

// EXTERNAL MODULE: ./src/sign/provenance.ts
var sign_provenance = __webpack_require__(40890);
// EXTERNAL MODULE: ./src/sbom/cyclonedx.ts
var cyclonedx = __webpack_require__(95660);
// EXTERNAL MODULE: ./src/sbom/generate.ts + 5 modules
var generate = __webpack_require__(57704);
;// CONCATENATED MODULE: ./src/sbom/attach-sbom.ts




/** The in-toto Statement v1 of a CycloneDX BOM about `subject`. */
function sbomStatement(repository, subject, bom) {
    const colon = subject.indexOf(':');
    const statement = {
        _type: sign_provenance/* IN_TOTO_STATEMENT_V1 */.tV,
        subject: [
            { name: repository, digest: { [subject.slice(0, colon)]: subject.slice(colon + 1) } },
        ],
        predicateType: cyclonedx/* CYCLONEDX_PREDICATE_TYPE */.nv,
        predicate: JSON.parse(bom.toString('utf8')),
    };
    return Buffer.from(JSON.stringify(statement), 'utf8');
}
async function attachSboms(req) {
    const extra = req.context ? await (0,generate/* contextPackages */.NC)(req.context, req.logger) : [];
    const out = { digests: [], attestations: [], written: 0 };
    const unsigned = { store: req.store, repository: req.repository, created: req.created };
    for (const subject of req.subjects) {
        const { bom, packages } = await (0,generate/* platformSbom */.P0)({
            store: req.store,
            repository: req.repository,
            subject,
            annotations: req.annotations,
            extra,
            created: req.sourceDateEpoch,
        });
        const r = await attachRecord({ ...unsigned, format: req.signing?.format ?? 'bundle' }, subject, cyclonedx/* CYCLONEDX_MEDIA_TYPE */.Gn, bom);
        out.digests.push(r.descriptor.digest);
        out.written += r.written;
        let note = '';
        if (req.signing) {
            const statement = sbomStatement(req.repository, subject.digest, bom);
            const a = await attachAttestation(req.signing, subject, cyclonedx/* CYCLONEDX_PREDICATE_TYPE */.nv, statement);
            out.attestations.push(a.digest);
            if (a.added)
                out.written++;
            note = `, attestation ${a.digest}${a.added ? '' : ' (already there)'}`;
        }
        req.logger.info(`sbom of ${subject.digest}: ${packages} packages, ${r.descriptor.digest}` +
            `${r.written ? '' : ' (already there)'}${note}`);
    }
    return out;
}

// EXTERNAL MODULE: ./src/release/record.ts
var release_record = __webpack_require__(66776);
;// CONCATENATED MODULE: ./src/commands/release.ts



























const TREE_ANNOTATION = 'dev.immutable-release.tree';
const BUILDER_ANNOTATION = 'dev.immutable-release.builder';
const OCI = 'org.opencontainers.image';
function builderFor(name) {
    if (name === 'buildah')
        return new BuildahBuilder();
    if (name === 'docker')
        return new DockerBuilder();
    return new builders_native/* NativeBuilder */.xe();
}
async function timed(phases, name, ctx, work) {
    const started = performance.now();
    try {
        return await ctx.logger.group(name, work);
    }
    finally {
        phases[name] = Math.round(performance.now() - started);
    }
}
/** Annotations that name what was built from what; `created` is the commit time, never the clock. */
function releaseAnnotations(facts, plan, builder) {
    const annotations = {
        [`${OCI}.created`]: (0,builders_native/* isoSeconds */.nE)(facts.commitTime),
        [`${OCI}.revision`]: facts.commit,
        [TREE_ANNOTATION]: facts.tree,
        [BUILDER_ANNOTATION]: builder,
    };
    if (facts.sourceUrl) {
        annotations[`${OCI}.source`] = facts.sourceUrl;
        // From the source, never the destination: where the image goes must not change its digest.
        annotations[`${OCI}.title`] = (0,external_node_path_.basename)(new URL(facts.sourceUrl).pathname);
    }
    if (plan.version)
        annotations[`${OCI}.version`] = plan.version;
    return annotations;
}
async function readBack(store, root) {
    const fetched = await store.getManifest(root.digest);
    const m = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `manifest ${root.digest}`);
    const imageSize = (im, bytes) => bytes + im.config.size + im.layers.reduce((n, l) => n + l.size, 0);
    if ((0,media_types/* isIndexType */.$U)(fetched.mediaType)) {
        const index = m;
        let size = fetched.bytes.length;
        for (const child of index.manifests) {
            const c = await store.getManifest(child.digest);
            size += imageSize((0,referrers/* parseManifest */.Ng)(c.bytes, child.digest), c.bytes.length);
        }
        return {
            mediaType: fetched.mediaType,
            platforms: index.manifests.map((d) => d.platform).filter((p) => !!p),
            size,
            annotations: index.annotations ?? {},
            children: index.manifests,
        };
    }
    const manifest = m;
    const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8'));
    const platform = { architecture: config.architecture, os: config.os };
    if (config.variant)
        platform.variant = config.variant;
    return {
        mediaType: fetched.mediaType,
        platforms: [platform],
        size: imageSize(manifest, fetched.bytes.length),
        annotations: manifest.annotations ?? {},
        children: [],
    };
}
/** Builds the context at the commit into an OCI layout under `workDir`, as release and check do. */
async function buildImage(config, ctx, context, facts, plan, workDir) {
    const choice = await selectBuilder(config.builder, context, config.dockerfile && (0,external_node_path_.resolve)(ctx.cwd, config.dockerfile));
    ctx.logger.info(`builder: ${choice.name} (${choice.why})`);
    return builderFor(choice.name).build({
        context,
        dockerfile: choice.dockerfile,
        base: config.base,
        buildArgs: { ...config.buildArgs },
        target: config.target,
        secrets: { ...config.secrets },
        sourceDateEpoch: facts.commitTime,
        settings: {
            entrypoint: config.entrypoint && [...config.entrypoint],
            cmd: config.cmd && [...config.cmd],
            env: { ...config.env },
            workdir: config.workdir,
            user: config.user,
            ports: [...config.ports],
            labels: { ...labelsFrom(facts, plan), ...config.labels },
        },
        annotations: releaseAnnotations(facts, plan, choice.name),
        include: [...config.include],
        exclude: [...config.exclude],
        layers: config.layers && [...config.layers],
        // check builds to compare, never to publish: it reads the cache but leaves it as it was.
        cache: resolveBuildCache(config.cache, config.image, {
            write: config.command === 'release',
            env: ctx.env,
        }),
        credentials: ctx.credentials,
        insecureRegistries: [...config.insecureRegistries],
        onSecret: ctx.mask,
        workDir,
        logger: ctx.logger,
    });
}
/**
 * `release`: the checked-out commit becomes an image tagged `sha-<commit>` (never moved) and
 * its version tags. When that tag already names this commit and tree, nothing is built or
 * uploaded: the outputs are read back from the target, the same as the first run's.
 */
async function release(config, ctx) {
    const phases = {};
    const context = (0,external_node_path_.isAbsolute)(config.context) ? config.context : (0,external_node_path_.resolve)(ctx.cwd, config.context);
    const facts = await timed(phases, 'source', ctx, async () => {
        const f = await (0,git/* readCommit */.kN)({ cwd: context, env: ctx.env, outputs: (0,target/* targetFolders */.jT)(config) });
        (0,git/* assertClean */.O0)(f, config.allowDirty);
        ctx.logger.info(`commit ${f.commit} (tree ${f.tree}), committed ${(0,builders_native/* isoSeconds */.nE)(f.commitTime)}`);
        return dirtySource(f, context, ctx);
    });
    const signer = await (0,signing/* signerFrom */.H)(config, ctx);
    const store = await (0,target/* openTarget */.Ap)(config, ctx, { create: true });
    const { existingTags, plan } = await (0,release_tags/* planReleaseTags */.m)(store, {
        commit: facts.commit,
        ref: facts.ref,
        extra: [...config.tags],
        dirtyTree: facts.dirty ? facts.tree : undefined,
    });
    const changes = await (0,commands_changes/* changeLogOrWarn */.E5)(ctx, `commit ${facts.commit}`, () => (0,changelog/* releaseChanges */.zK)({
        cwd: context,
        head: facts.commit,
        tags: existingTags,
        remote: (0,commands_changes/* remoteHistory */.Dp)(config, ctx),
    }));
    if (changes)
        ctx.logger.info(`changes: ${(0,changelog/* describeChanges */.DT)(changes)}`);
    const existing = existingTags.includes(plan.commitTag)
        ? await store.headManifest(plan.commitTag)
        : undefined;
    let root;
    let built;
    let blobs = { uploaded: 0, mounted: 0, exists: 0 };
    let skipped = false;
    const prior = existing && (await readBack(store, existing));
    if (existing &&
        prior?.annotations[`${OCI}.revision`] === facts.commit &&
        prior.annotations[TREE_ANNOTATION] === facts.tree) {
        ctx.logger.info(`${plan.commitTag} already holds ${existing.digest} built from this commit and tree: nothing to build`);
        root = existing;
        skipped = true;
    }
    else {
        const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.tmpdir ?? (0,external_node_os_.tmpdir)(), 'immutable-release-'));
        try {
            built = await timed(phases, 'build', ctx, async () => {
                return buildImage(config, ctx, context, facts, plan, workDir);
            });
            root = built.descriptor;
            ctx.logger.info(`built ${root.digest}`);
            // The guard runs before any write: a moved commit tag is refused with nothing pushed.
            (0,tags/* assertCommitTagUnmoved */.Q)(plan.commitTag, existing?.digest, root.digest);
            // No tags yet: until it is signed and recorded, the image is reachable by digest only.
            const pushed = (0,progress/* byteCounter */.DH)((0,progress/* progressOf */.jA)(ctx.logger, 'push'), 'uploaded', { items: 'blobs' });
            const result = await timed(phases, 'push', ctx, () => (0,copy/* copyImage */.L1)(built.layout, store, built.reference, {
                fallback: built.baseStore,
                onBlob: (_digest, outcome, size) => pushed.add(outcome === 'uploaded' ? size : 0, 1),
            }));
            pushed.done();
            blobs = result.stats.blobs;
            ctx.logger.info(`blobs: ${blobs.uploaded} uploaded, ${blobs.mounted} mounted, ${blobs.exists} already there`);
        }
        finally {
            await (0,promises_.rm)(workDir, { recursive: true, force: true });
        }
    }
    // A skipped build's image is the one read back above.
    const stored = skipped && prior ? prior : await readBack(store, root);
    const attached = await attach(config, ctx, phases, {
        store,
        root,
        stored,
        facts,
        plan,
        signer,
        changes,
    });
    await timed(phases, 'tag', ctx, () => writeTagsLast(store, plan, root, ctx));
    const a = stored.annotations;
    const base = a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
        ? { name: a[`${OCI}.base.name`], digest: a[`${OCI}.base.digest`] }
        : undefined;
    const out = {
        image: (0,target/* imageReference */.rA)(config, root.digest),
        digest: root.digest,
        mediaType: stored.mediaType,
        tags: plan.tags,
        platforms: stored.platforms,
        size: stored.size,
        builder: a[BUILDER_ANNOTATION] ?? built?.builder ?? 'unknown',
        base,
        buildCache: built?.cacheUse,
        commit: facts.commit,
        tree: facts.tree,
        dirty: facts.dirty === true,
        version: plan.version,
        sourceDateEpoch: facts.commitTime,
        skipped,
        blobs,
        phases,
        changes,
        ...attached,
    };
    out.record = attached.record;
    return {
        outputs: releaseOutputs(out),
        summary: (0,release_summary/* renderReleaseSummary */.i)(out, (0,target/* describeTarget */.ff)(config), (0,links/* runLinks */.$)(ctx.env)),
    };
}
/**
 * With allow-dirty and uncommitted changes, the tree that is built is not the commit's: its hash
 * replaces the commit's tree (in annotations, tag and record) and the build is marked dirty.
 */
async function dirtySource(facts, context, ctx) {
    if (facts.dirtyPaths.length === 0)
        return facts;
    const tree = await (0,dirty/* workingTreeHash */.UZ)(context, ctx.tmpdir, facts.outputSpecs);
    if (tree === facts.tree)
        return facts;
    ctx.logger.warning(`allow-dirty: building ${facts.dirtyPaths.length} uncommitted change(s) as tree ${tree}; ` +
        `the image gets ${(0,dirty/* dirtyTag */.DT)(facts.commit, tree)}, never sha-${facts.commit}, and promote ` +
        'refuses it unless allow-dirty is set there too');
    return { ...facts, tree, dirty: true };
}
/**
 * The tags, last of all writes: a reader who finds a tag finds a signed, recorded image. The
 * commit tag is checked again, as another run may have written it since this one started.
 */
async function writeTagsLast(store, plan, root, ctx) {
    const now = await store.headManifest(plan.commitTag);
    (0,tags/* assertCommitTagUnmoved */.Q)(plan.commitTag, now?.digest, root.digest);
    for (const tag of await (0,copy/* pointTags */.SK)(store, plan.tags, root))
        ctx.logger.info(`tagged ${tag}`);
}
/**
 * Signatures (the image and each platform manifest), SLSA provenance, the SBOMs and the release
 * record. Each step keeps what is already there, so a re-run repairs only what a failed run missed.
 */
async function attach(config, ctx, phases, input) {
    const { store, root, stored, facts, plan, signer, changes } = input;
    const repository = (0,target/* describeTarget */.ff)(config);
    const created = (0,builders_native/* isoSeconds */.nE)(facts.commitTime);
    const a = stored.annotations;
    const base = a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
        ? { name: a[`${OCI}.base.name`], digest: a[`${OCI}.base.digest`] }
        : undefined;
    const builder = a[BUILDER_ANNOTATION] ?? 'unknown';
    let written = 0;
    const signatures = [];
    let provenance;
    const actx = signer && {
        store,
        repository,
        signer,
        format: config.signatureFormat,
        created,
    };
    if (actx) {
        await timed(phases, 'sign', ctx, async () => {
            for (const subject of [root, ...stored.children]) {
                const s = await signSubject(actx, {
                    mediaType: subject.mediaType,
                    digest: subject.digest,
                    size: subject.size,
                });
                signatures.push(...s.references);
                written += s.written;
            }
            ctx.logger.info(`signatures: ${signatures.length} (${written} new)`);
        });
        provenance = await timed(phases, 'provenance', ctx, async () => {
            const statement = (0,sign_provenance/* provenanceStatement */.D2)({
                subjects: [{ name: repository, digest: root.digest }],
                commit: facts.commit,
                ref: facts.ref,
                sourceUrl: facts.sourceUrl,
                baseImage: base,
                builder,
                env: ctx.env,
                inputs: provenanceInputs(config),
            });
            const p = await attachAttestation(actx, root, sign_provenance/* SLSA_PROVENANCE_V1 */.us, statement);
            if (p.added)
                written++;
            ctx.logger.info(`provenance ${p.digest}${p.added ? '' : ' (already there)'}`);
            if (config.githubAttestations)
                await (0,signing/* storeOnGitHub */.K)(config, ctx, store, root.digest, p.digest);
            return p.digest;
        });
    }
    else {
        ctx.logger.warning('no signing-key and keyless is false: the image is not signed and gets no provenance');
    }
    const formats = !signer
        ? []
        : signer.keySigner
            ? config.signatureFormat === 'both'
                ? ['legacy', 'bundle']
                : [config.signatureFormat]
            : ['bundle'];
    const identity = signer ? ((await signer.resolveIdentity?.()) ?? signer.identity) : null;
    const sbom = config.sbom
        ? await timed(phases, 'sbom', ctx, () => attachSboms({
            store,
            repository,
            subjects: stored.children.length ? stored.children : [root],
            annotations: a,
            // The context's lockfile describes the image only when the context is what was copied.
            context: builder === 'native' ? (0,external_node_path_.resolve)(ctx.cwd, config.context) : undefined,
            created,
            sourceDateEpoch: facts.commitTime,
            signing: actx,
            logger: ctx.logger,
        }))
        : undefined;
    written += sbom?.written ?? 0;
    const record = await timed(phases, 'record', ctx, async () => {
        const wanted = (0,release_record/* buildRecord */.kA)({
            repository,
            digest: root.digest,
            mediaType: stored.mediaType,
            size: stored.size,
            platforms: stored.children.length
                ? stored.children.map((c) => ({ digest: c.digest, platform: c.platform ?? 'unknown' }))
                : [{ digest: root.digest, platform: stored.platforms[0] ?? 'unknown' }],
            tags: plan.tags,
            version: plan.version,
            source: facts,
            builder,
            base,
            sourceDateEpoch: facts.commitTime,
            reproducible: builder === 'native' ? true : null,
            caveat: a[CAVEAT_ANNOTATION],
            env: ctx.env,
            signature: { formats, identity, references: signatures },
            provenance: provenance ? { predicateType: sign_provenance/* SLSA_PROVENANCE_V1 */.us, digest: provenance } : null,
            sbom: sbom && { mediaType: cyclonedx/* CYCLONEDX_MEDIA_TYPE */.Gn, digests: sbom.digests },
            changes,
        });
        // A re-run in another workflow run (or without a key) would differ only in `ci` or the
        // signature: the record already there stands for this release, and is kept.
        const equivalent = (found) => (0,release_record/* sameRelease */.OW)(wanted, found, !!signer);
        const r = await attachRecord(actx ?? { store, repository, format: config.signatureFormat, created }, root, release_record/* RECORD_ARTIFACT_TYPE */.yq, (0,release_record/* serializeRecord */.Om)(wanted), equivalent);
        written += r.written;
        ctx.logger.info(`record ${r.descriptor.digest}`);
        return r.descriptor.digest;
    });
    return { signatures, provenance, record, attestationsWritten: written };
}
/** The inputs that shaped the build, for provenance; secrets and credentials never. */
function provenanceInputs(config) {
    return {
        builder: config.builder,
        context: config.context,
        dockerfile: config.dockerfile ?? '',
        base: config.base ?? '',
        target: config.target ?? '',
        workdir: config.workdir ?? '',
        'build-args': Object.keys(config.buildArgs).sort().join(','),
    };
}
function labelsFrom(facts, plan) {
    const labels = {
        [`${OCI}.created`]: (0,builders_native/* isoSeconds */.nE)(facts.commitTime),
        [`${OCI}.revision`]: facts.commit,
    };
    if (facts.sourceUrl)
        labels[`${OCI}.source`] = facts.sourceUrl;
    if (plan.version)
        labels[`${OCI}.version`] = plan.version;
    return labels;
}
/** The outputs; `metadata` carries what docker/metadata-action users look for, and ours. */
function releaseOutputs(r) {
    const repository = r.image.slice(0, r.image.lastIndexOf('@'));
    const metadata = {
        digest: r.digest,
        image: r.image,
        'image.name': repository,
        'containerimage.digest': r.digest,
        tags: r.tags.map((t) => `${repository}:${t}`),
        mediaType: r.mediaType,
        platforms: r.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')),
        size: r.size,
        builder: r.builder,
        base: r.base ?? null,
        commit: r.commit,
        tree: r.tree,
        ...(r.dirty ? { dirty: true } : {}),
        version: r.version ?? null,
        sourceDateEpoch: r.sourceDateEpoch,
        // Native builds are deterministic by construction; other builders are unverified until
        // `check --verify-reproducible` builds twice (null, not false: nothing showed a difference).
        reproducible: r.builder === 'native' ? true : null,
        signatures: r.signatures,
        provenance: r.provenance ?? null,
        'record-digest': r.record ?? null,
    };
    return {
        digest: r.digest,
        image: r.image,
        tags: r.tags.join('\n'),
        metadata: JSON.stringify(metadata),
        ...(r.record ? { 'record-digest': r.record } : {}),
    };
}


/***/ }),

/***/ 6621:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ signerFrom),
/* harmony export */   K: () => (/* binding */ storeOnGitHub)
/* harmony export */ });
/* harmony import */ var _sign_bundle_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5385);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(85604);
/* harmony import */ var _sign_keyless_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(52891);
/* harmony import */ var _sign_keys_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(82821);
/* harmony import */ var _sign_sigstore_instance_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2687);
/* harmony import */ var _sign_referrer_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(61354);
/* harmony import */ var _sign_signer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(92227);








/**
 * The signer the inputs ask for, or undefined for an unsigned release. Runs before any registry
 * write, so a missing `id-token: write` permission or a wrong passphrase fails with nothing pushed.
 */
async function signerFrom(config, ctx) {
    if (config.keyless) {
        (0,_sign_keyless_js__WEBPACK_IMPORTED_MODULE_2__.assertIdTokenPermission)(ctx.env);
        const choice = (0,_sign_sigstore_instance_js__WEBPACK_IMPORTED_MODULE_4__/* .chooseInstance */ .NF)(config.sigstore, ctx.env);
        const instance = (0,_sign_sigstore_instance_js__WEBPACK_IMPORTED_MODULE_4__/* .instanceEndpoints */ .UP)(choice.name, ctx.env, (m) => ctx.logger.warning(m));
        ctx.logger.info(`keyless signing with Sigstore ${instance.name} (${choice.reason}): Fulcio ${instance.fulcioURL}, ` +
            (instance.rekorURL
                ? `transparency log ${instance.rekorURL}`
                : `no transparency log, RFC 3161 timestamps from ${instance.tsaURL}`));
        return (0,_sign_keyless_js__WEBPACK_IMPORTED_MODULE_2__.keylessBundleSigner)({
            fulcioURL: instance.fulcioURL,
            rekorURL: instance.rekorURL,
            tsaServerURL: instance.tsaURL,
            identityToken: () => (0,_sign_keyless_js__WEBPACK_IMPORTED_MODULE_2__.githubIdToken)(ctx.env, ctx.mask),
        });
    }
    if (config.signingKey) {
        const key = await (0,_sign_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .loadSigningKey */ .fm)(config.signingKey, config.signingKeyPassphrase ?? ctx.env.COSIGN_PASSWORD);
        return (0,_sign_bundle_js__WEBPACK_IMPORTED_MODULE_0__/* .keyBundleSigner */ .ax)((0,_sign_signer_js__WEBPACK_IMPORTED_MODULE_6__/* .keySigner */ .Ye)(key));
    }
    return undefined;
}
/**
 * `github-attestations`: the provenance bundle just stored as a referrer is also stored through
 * GitHub's attestations API, where `gh attestation verify` looks. Every run stores it: a re-run
 * cannot know whether the last one's request landed.
 */
async function storeOnGitHub(config, ctx, store, subject, provenance) {
    const bundle = (await (0,_sign_referrer_js__WEBPACK_IMPORTED_MODULE_5__/* .readReferrers */ .tV)(store, subject, _sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_MEDIA_TYPE */ .N)).find((r) => r.descriptor.digest === provenance);
    if (!bundle)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('INTERNAL', `provenance ${provenance} is not a referrer`);
    if (!ctx.storeAttestation || !config.githubToken) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('INTERNAL', 'github-attestations without a GitHub client or token');
    }
    const repository = ctx.env.GITHUB_REPOSITORY;
    if (!repository) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', 'is true outside GitHub Actions (no GITHUB_REPOSITORY)', {
            input: 'github-attestations',
            valid: 'github-attestations: true in a GitHub Actions job',
        });
    }
    const id = await ctx.storeAttestation(JSON.parse(bundle.blob.toString('utf8')), {
        apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
        token: config.githubToken,
        repository,
    });
    ctx.logger.info(`provenance stored as GitHub attestation ${id} of ${repository}`);
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

/***/ 37245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ dirtyTag),
/* harmony export */   UZ: () => (/* binding */ workingTreeHash)
/* harmony export */ });
/* unused harmony export DIRTY_TREE_DIGITS */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(82941);
/**
 * A dirty build (allow-dirty) is not its commit: it gets its own tag, named by the content of the
 * working tree that was built, so `sha-<commit>` keeps naming the commit's bytes only.
 */





/** Hex digits of the tree hash in the tag: 48 bits, unambiguous among one commit's dirty builds. */
const DIRTY_TREE_DIGITS = 12;
function dirtyTag(commit, tree) {
    return `sha-${commit}-dirty-${tree.slice(0, DIRTY_TREE_DIGITS)}`;
}
/**
 * The git tree hash of the working tree as it is (tracked changes and untracked files, minus
 * what .gitignore excludes): what `git add -A && git write-tree` would give. The index and the
 * objects go to a temp folder (the repository's objects are only read, as alternates), so the
 * checkout is left exactly as it was. For a clean tree this is the commit's tree. `tempBase` is
 * the run's temp folder, so a killed run's scratch index is swept with it. `outputSpecs` leave
 * the command's own outputs out (CommitFacts.outputSpecs).
 */
async function workingTreeHash(cwd, tempBase = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), outputSpecs = []) {
    const scratch = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(tempBase, 'immutable-release-tree-'));
    try {
        const run = async (args, env = {}) => (0,_git_js__WEBPACK_IMPORTED_MODULE_4__/* .must */ .sb)(args, await (0,_git_js__WEBPACK_IMPORTED_MODULE_4__/* .git */ .$Y)(cwd, args, env)).trim();
        const top = await run(['rev-parse', '--show-toplevel']);
        const objectsPath = await run(['rev-parse', '--git-path', 'objects']);
        const objects = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(objectsPath) ? objectsPath : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, objectsPath);
        // git only takes an object directory that exists as part of a repository.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(scratch, 'objects'));
        const env = {
            GIT_INDEX_FILE: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(scratch, 'index'),
            GIT_OBJECT_DIRECTORY: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(scratch, 'objects'),
            GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
        };
        await run(['-C', top, 'add', '-A', '--', '.', ...outputSpecs], env);
        const tree = await run(['-C', top, 'write-tree'], env);
        if (!/^[0-9a-f]{40}$/.test(tree)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseError */ .K2('GIT_FAILED', `git write-tree gave '${tree}'`, {
                hint: 'only SHA-1 repositories are supported',
            });
        }
        return tree;
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(scratch, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 32788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ assertCommitTagUnmoved),
/* harmony export */   V: () => (/* binding */ planTags)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62148);
/* harmony import */ var _dirty_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37245);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(75365);
/**
 * Which tags a release writes. The commit tag names one image forever; version aliases (`1.2`,
 * `1`) only ever move forward, so a backport release never drags `1` back to an older line.
 */





const COMMIT_RE = /^[0-9a-f]{40}$/;
const COMMIT_TAG_RE = /^sha-[0-9a-f]{40}$/;
function planTags(input) {
    if (!COMMIT_RE.test(input.commit)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('INTERNAL', `'${input.commit}' is not a 40-hex commit id`);
    }
    if (input.dirtyTree !== undefined)
        return planDirtyTags(input.commit, input.dirtyTree, input.extra);
    const commitTag = `sha-${input.commit}`;
    const version = versionOf(input.ref);
    const tags = [commitTag];
    if (version !== undefined)
        tags.push(...versionTags(version, input.existingTags));
    for (const raw of input.extra) {
        const tag = raw.trim();
        if (tag.length === 0)
            continue;
        (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTag */ .ED)(tag, 'tags');
        (0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .checkReleaseTag */ .as)(tag, input.existingTags);
        // Another commit's tag is immutable too: an extra tag must not claim it.
        if (COMMIT_TAG_RE.test(tag) && tag !== commitTag) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('TAG_INVALID', `'${tag}' is the commit tag of another commit`, {
                input: 'tags',
                valid: 'any tag except sha-<40 hex> of a different commit',
                hint: `this release's commit tag is ${commitTag} and is written on its own`,
            });
        }
        tags.push(tag);
    }
    return { commitTag, version: version?.version, tags: [...new Set(tags)] };
}
/**
 * A dirty build names bytes no commit holds: it gets only its own tag, never `sha-<commit>` (the
 * clean build of the commit still gets that later), never a version, never an extra tag that a
 * deployer might read as a release.
 */
function planDirtyTags(commit, tree, extra) {
    const extras = extra.map((t) => t.trim()).filter((t) => t.length > 0);
    if (extras.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('TAG_INVALID', `'${extras[0]}' cannot tag a dirty build`, {
            input: 'tags',
            valid: 'no extra tags when allow-dirty builds uncommitted changes',
            hint: `a dirty build is tagged ${(0,_dirty_js__WEBPACK_IMPORTED_MODULE_3__/* .dirtyTag */ .DT)(commit, tree)} only; commit the changes to release them under other tags`,
        });
    }
    const commitTag = (0,_dirty_js__WEBPACK_IMPORTED_MODULE_3__/* .dirtyTag */ .DT)(commit, tree);
    return { commitTag, dirtyTree: tree, tags: [commitTag] };
}
function assertCommitTagUnmoved(tag, existing, next) {
    if (existing === undefined || existing === next)
        return;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('TAG_IMMUTABLE', `tag '${tag}' already points at ${existing}; refusing to move it to ${next}`, {
        hint: 'a commit tag names one image forever, so a rebuild of the same commit must give the ' +
            'same digest: make the build reproducible (set the source date, e.g. SOURCE_DATE_EPOCH ' +
            'or the commit time, and pin the base image by digest); to publish a changed image, ' +
            'make a new commit',
    });
}
/** `refs/tags/v1.2.3` or `refs/tags/1.2.3`; branches and other tags carry no version. */
function versionOf(ref) {
    const match = /^refs\/tags\/v?(\d.*)$/.exec(ref ?? '');
    if (!match)
        return undefined;
    // semver.parse also takes `v1.2.3`; the regex above already consumed the one allowed `v`.
    const parsed = semver__WEBPACK_IMPORTED_MODULE_0___default().parse(match[1]);
    // Build metadata (`+build.5`) cannot appear in a tag and does not change precedence: dropped.
    return parsed ?? undefined;
}
function versionTags(version, existingTags) {
    const tags = [version.version];
    if (version.prerelease.length > 0)
        return tags;
    const releases = existingTags
        // Only exact X.Y.Z[-pre] tags count: `1.2`, `latest`, `sha-…` and `v1.2.3` are not releases.
        .filter((t) => semver__WEBPACK_IMPORTED_MODULE_0___default().valid(t) === t)
        .map((t) => new (semver__WEBPACK_IMPORTED_MODULE_0___default().SemVer)(t))
        .filter((v) => v.prerelease.length === 0);
    const higher = (v) => semver__WEBPACK_IMPORTED_MODULE_0___default().gt(v, version);
    if (!releases.some((v) => v.major === version.major && v.minor === version.minor && higher(v))) {
        tags.push(`${version.major}.${version.minor}`);
    }
    if (!releases.some((v) => v.major === version.major && higher(v))) {
        tags.push(`${version.major}`);
    }
    return tags;
}


/***/ })

};
