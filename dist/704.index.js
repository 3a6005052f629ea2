export const id = 704;
export const ids = [704];
export const modules = {

/***/ 95660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gn: () => (/* binding */ CYCLONEDX_MEDIA_TYPE),
/* harmony export */   Qv: () => (/* binding */ cyclonedxBom),
/* harmony export */   nv: () => (/* binding */ CYCLONEDX_PREDICATE_TYPE),
/* harmony export */   sr: () => (/* binding */ PROPERTY)
/* harmony export */ });
/* unused harmony exports ociPurl, packagePurl */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6820);
/* harmony import */ var _cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50320);
/* harmony import */ var _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(_cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _cyclonedx_cyclonedx_library_Serialize__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51248);
/* harmony import */ var _cyclonedx_cyclonedx_library_Serialize__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(_cyclonedx_cyclonedx_library_Serialize__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _cyclonedx_cyclonedx_library_SPDX__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(61290);
/* harmony import */ var _cyclonedx_cyclonedx_library_Spec__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94321);
/* harmony import */ var _cyclonedx_cyclonedx_library_Spec__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(_cyclonedx_cyclonedx_library_Spec__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var packageurl_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(87091);
/* harmony import */ var packageurl_js__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(packageurl_js__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _package_json__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8330);
/**
 * Packages -> CycloneDX 1.6 JSON, through @cyclonedx/cyclonedx-library's models and serializer,
 * with purls from packageurl-js. The same image always gives the same bytes: components are
 * sorted, the serial number is derived from the image digest and the timestamp is the source
 * date, so a re-run finds its SBOM already attached instead of adding a second one.
 */

// Subpaths, not the package root: the root also loads the schema validators, whose resource
// paths (__dirname) do not exist in the ESM bundle and fail at load.







const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json';
const CYCLONEDX_PREDICATE_TYPE = 'https://cyclonedx.org/bom';
/** Property names of ours (CycloneDX properties are free-form, namespaced by convention). */
const PROPERTY = {
    layer: 'immutable-release:layer',
    path: 'immutable-release:path',
    sourceName: 'immutable-release:source:name',
    sourceVersion: 'immutable-release:source:version',
    /** From the CycloneDX property taxonomy (cdx:npm): a devDependency. */
    npmDevelopment: 'cdx:npm:package:development',
};
/** `registry/path[:tag][@digest]` -> `registry/path` and the tag. */
function splitReference(reference) {
    const at = reference.indexOf('@');
    const name = at < 0 ? reference : reference.slice(0, at);
    const colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/')
        ? { repository: name.slice(0, colon), tag: name.slice(colon + 1) }
        : { repository: name };
}
/** purl-spec's oci type: the last path segment as name, the repository as repository_url. */
function ociPurl(reference, digest, arch) {
    const { repository, tag } = splitReference(reference);
    const name = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
    const qualifiers = { repository_url: repository };
    if (arch)
        qualifiers.arch = arch;
    if (tag)
        qualifiers.tag = tag;
    return new packageurl_js__WEBPACK_IMPORTED_MODULE_6__.PackageURL('oci', undefined, name, digest, qualifiers).toString();
}
function packagePurl(p, distro) {
    const qualifiers = {};
    let namespace = p.namespace;
    if (p.type === 'deb' || p.type === 'apk') {
        namespace = distro?.id ?? (p.type === 'deb' ? 'debian' : 'alpine');
        if (p.arch)
            qualifiers.arch = p.arch;
        if (distro?.versionId)
            qualifiers.distro = `${distro.id}-${distro.versionId}`;
    }
    return new packageurl_js__WEBPACK_IMPORTED_MODULE_6__.PackageURL(p.type, namespace, p.name, p.version, Object.keys(qualifiers).length ? qualifiers : undefined).toString();
}
function license(value) {
    if (_cyclonedx_cyclonedx_library_SPDX__WEBPACK_IMPORTED_MODULE_4__.isSupportedSpdxId(value))
        return new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.SpdxLicense(value);
    return /\s(AND|OR|WITH)\s/.test(value)
        ? new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.LicenseExpression(value)
        : new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.NamedLicense(value);
}
/** A UUID (version 5 layout) from the image digest: the same image, the same serial number. */
function serialNumber(digest) {
    const b = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`immutable-release sbom ${digest}`).digest();
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.subarray(0, 16).toString('hex');
    const parts = [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)];
    return `urn:uuid:${parts.join('-')}`;
}
/** One component per purl; a package found at several places lists each place and layer. */
function components(input) {
    const byPurl = new Map();
    for (const p of input.packages) {
        const purl = packagePurl(p, input.distro);
        const seen = byPurl.get(purl);
        if (seen) {
            seen.paths.add(p.path);
            if (p.layer)
                seen.layers.add(p.layer);
            // Installed anywhere as a runtime dependency is what counts.
            if (!p.dev)
                seen.p = { ...seen.p, dev: false };
        }
        else {
            byPurl.set(purl, { p, paths: new Set([p.path]), layers: new Set(p.layer ? [p.layer] : []) });
        }
    }
    return [...byPurl].map(([purl, { p, paths, layers }]) => {
        const c = new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Component(_cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__.ComponentType.Library, p.name, {
            version: p.version,
            purl,
            ...(p.type === 'npm' && p.namespace ? { group: p.namespace } : {}),
        });
        c.bomRef.value = purl;
        for (const l of p.licenses ?? [])
            c.licenses.add(license(l));
        const property = (name, value) => c.properties.add(new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Property(name, value));
        for (const layer of layers)
            property(PROPERTY.layer, layer);
        for (const path of paths)
            property(PROPERTY.path, path);
        if (p.source && (p.source.name !== p.name || p.source.version !== p.version)) {
            property(PROPERTY.sourceName, p.source.name);
            property(PROPERTY.sourceVersion, p.source.version);
        }
        else if (p.source) {
            property(PROPERTY.sourceName, p.source.name);
        }
        if (p.dev) {
            c.scope = _cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__.ComponentScope.Excluded;
            property(PROPERTY.npmDevelopment, 'true');
        }
        return c;
    });
}
/** The CycloneDX 1.6 JSON of one platform image, compact and stable. */
function cyclonedxBom(input) {
    const bom = new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Bom();
    bom.serialNumber = serialNumber(input.image.digest);
    if (input.created !== undefined)
        bom.metadata.timestamp = new Date(input.created * 1000);
    bom.metadata.tools.components.add(new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Component(_cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__.ComponentType.Application, _package_json__WEBPACK_IMPORTED_MODULE_7__/* .name */ .UU, {
        version: _package_json__WEBPACK_IMPORTED_MODULE_7__/* .version */ .rE,
    }));
    const arch = input.image.platform?.architecture;
    const subject = new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Component(_cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__.ComponentType.Container, input.image.repository, {
        version: input.image.digest,
        purl: ociPurl(input.image.repository, input.image.digest, arch),
    });
    subject.bomRef.value = subject.purl.toString();
    bom.metadata.component = subject;
    if (input.base) {
        const base = new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Component(_cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__.ComponentType.Container, splitReference(input.base.name).repository, { version: input.base.digest, purl: ociPurl(input.base.name, input.base.digest, arch) });
        base.bomRef.value = base.purl.toString();
        base.properties.add(new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Property('immutable-release:role', 'base-image'));
        bom.components.add(base);
    }
    if (input.distro) {
        const os = new _cyclonedx_cyclonedx_library_Models__WEBPACK_IMPORTED_MODULE_2__.Component(_cyclonedx_cyclonedx_library_Enums__WEBPACK_IMPORTED_MODULE_1__.ComponentType.OperatingSystem, input.distro.id, {
            version: input.distro.versionId || undefined,
            description: input.distro.prettyName,
        });
        const { id, versionId } = input.distro;
        os.bomRef.value = `os:${id}${versionId ? `@${versionId}` : ''}`;
        bom.components.add(os);
    }
    for (const c of components(input))
        bom.components.add(c);
    const serializer = new _cyclonedx_cyclonedx_library_Serialize__WEBPACK_IMPORTED_MODULE_3__.JsonSerializer(new _cyclonedx_cyclonedx_library_Serialize__WEBPACK_IMPORTED_MODULE_3__.JSON.Normalize.Factory(_cyclonedx_cyclonedx_library_Spec__WEBPACK_IMPORTED_MODULE_5__.Spec1dot6));
    return Buffer.from(serializer.serialize(bom, { sortLists: true }), 'utf8');
}


/***/ }),

/***/ 57704:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NC: () => (/* binding */ contextPackages),
  P0: () => (/* binding */ platformSbom)
});

// UNUSED EXPORTS: imagePackages, wantedFile

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(50961);
;// CONCATENATED MODULE: ./src/sbom/app-packages.ts
/** `node_modules/[@scope/]<name>/package.json`, at any depth. */
const NODE_PACKAGE_JSON = /(^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;
const DIST_INFO_METADATA = /(^|\/)[^/]+\.dist-info\/METADATA$/;
/** `@scope/name` into purl's namespace and name. */
function npmName(full) {
    const slash = full.indexOf('/');
    return full.startsWith('@') && slash > 0
        ? { namespace: full.slice(0, slash), name: full.slice(slash + 1) }
        : { name: full };
}
function parseJson(data) {
    try {
        return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
    }
    catch {
        return undefined;
    }
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function npmLicenses(license) {
    if (typeof license === 'string' && license)
        return [license];
    if (isObject(license) && typeof license.type === 'string')
        return [license.type];
    return undefined;
}
/** An installed package's own package.json; undefined when it names no name and version. */
function parseInstalledPackageJson(data, path, layer) {
    const json = parseJson(data);
    if (!isObject(json) || typeof json.name !== 'string' || typeof json.version !== 'string')
        return undefined;
    if (!json.name || !json.version)
        return undefined;
    return {
        type: 'npm',
        ...npmName(json.name),
        version: json.version,
        licenses: npmLicenses(json.license),
        path,
        layer,
    };
}
class LockfileError extends Error {
}
/**
 * The packages of a `package-lock.json` (or `npm-shrinkwrap.json`) of lockfileVersion 2 or 3:
 * the `packages` map, keyed by install path. The root project (key ""), linked workspace
 * folders and entries without a version are left out. Version 1 lockfiles have no such map:
 * they are refused with a message saying so.
 */
function parsePackageLock(data, path) {
    const json = parseJson(data);
    if (!isObject(json))
        throw new LockfileError(`${path} is not JSON`);
    const version = json.lockfileVersion;
    if (version !== 2 && version !== 3) {
        throw new LockfileError(`${path} has lockfileVersion ${JSON.stringify(version)}; ` +
            'only 2 and 3 are read (npm 7 and later write them)');
    }
    const packages = isObject(json.packages) ? json.packages : {};
    const out = [];
    for (const [key, value] of Object.entries(packages)) {
        const at = key.lastIndexOf('node_modules/');
        if (at < 0 || !isObject(value) || value.link === true)
            continue;
        if (typeof value.version !== 'string' || !value.version)
            continue;
        // An alias (`"x": "npm:y@1"`) installs y under x's folder: `name` says which package it is.
        const full = typeof value.name === 'string' ? value.name : key.slice(at + 'node_modules/'.length);
        out.push({
            type: 'npm',
            ...npmName(full),
            version: value.version,
            licenses: npmLicenses(value.license),
            ...(value.dev === true ? { dev: true } : {}),
            path,
        });
    }
    return out;
}
/** Core metadata (PEP 566): the headers before the first blank line; Name and Version. */
function parseDistInfoMetadata(data, path, layer) {
    const head = data.toString('utf8').split(/\r?\n\r?\n/, 1)[0];
    const fields = {};
    for (const line of head.split(/\r?\n/)) {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
        if (m && !(m[1].toLowerCase() in fields))
            fields[m[1].toLowerCase()] = m[2].trim();
    }
    if (!fields.name || !fields.version)
        return undefined;
    const license = fields['license-expression'] || fields.license;
    return {
        type: 'pypi',
        name: fields.name,
        version: fields.version,
        licenses: license && license !== 'UNKNOWN' ? [license] : undefined,
        path,
        layer,
    };
}

// EXTERNAL MODULE: ./src/sbom/cyclonedx.ts
var cyclonedx = __webpack_require__(95660);
;// CONCATENATED MODULE: ./src/sbom/go-binaries.ts
const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER = 32;
const FLAG_INLINE_STRINGS = 0x2;
/** Header and module info together are a few kilobytes; this is ample. */
const KEEP = 256 * 1024;
const ELF = Buffer.from('\x7fELF', 'latin1');
/** A scan that keeps the build information of an ELF executable, passing over the rest. */
function goBuildInfoScan() {
    let head = Buffer.alloc(0);
    let skip = false;
    let tail = Buffer.alloc(0);
    const kept = [];
    let keptBytes = 0;
    return {
        write(chunk) {
            if (skip)
                return;
            if (head) {
                // Only ELF executables: a script or a data file with an exec bit is passed over.
                head = Buffer.concat([head, chunk.subarray(0, ELF.length)]);
                if (head.length < ELF.length)
                    return;
                skip = !head.subarray(0, ELF.length).equals(ELF);
                head = undefined;
                if (skip)
                    return;
            }
            if (kept.length) {
                const piece = chunk.subarray(0, KEEP - keptBytes);
                kept.push(Buffer.from(piece));
                keptBytes += piece.length;
                if (keptBytes >= KEEP)
                    skip = true;
                return;
            }
            // The marker may straddle two chunks: search the previous chunk's end with this one.
            const hay = tail.length ? Buffer.concat([tail, chunk]) : chunk;
            const at = hay.indexOf(GO_BUILDINFO_MAGIC);
            if (at >= 0) {
                const piece = hay.subarray(at, at + KEEP);
                kept.push(Buffer.from(piece));
                keptBytes = piece.length;
                return;
            }
            tail = Buffer.from(hay.subarray(Math.max(0, hay.length - GO_BUILDINFO_MAGIC.length + 1)));
        },
        end: () => (kept.length ? Buffer.concat(kept) : undefined),
    };
}
function uvarint(b, at) {
    let value = 0;
    for (let shift = 0, i = at; i < b.length && shift < 35; shift += 7, i++) {
        value += (b[i] & 0x7f) * 2 ** shift;
        if (b[i] < 0x80)
            return [value, i + 1];
    }
    return undefined;
}
function readString(b, at) {
    const n = uvarint(b, at);
    if (!n || n[1] + n[0] > b.length)
        return undefined;
    return [b.subarray(n[1], n[1] + n[0]).toString('utf8'), n[1] + n[0]];
}
/** The build information in a blob that starts with the marker; undefined for the old format. */
function parseGoBuildInfo(blob) {
    if (!blob.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC))
        return undefined;
    if (blob.length < HEADER || !(blob[15] & FLAG_INLINE_STRINGS))
        return undefined;
    const version = readString(blob, HEADER);
    const info = version && readString(blob, version[1]);
    if (!version || !info)
        return undefined;
    let mod = info[0];
    // The linker wraps the module info in 16-byte sentinels.
    if (mod.length >= 33 && mod[mod.length - 17] === '\n')
        mod = mod.slice(16, -16);
    const out = { goVersion: version[0], deps: [] };
    for (const line of mod.split('\n')) {
        const [kind, path, v] = line.split('\t');
        if (kind === 'path' && path)
            out.path = path;
        else if (kind === 'mod' && path && v)
            out.main = { path, version: v };
        else if (kind === 'dep' && path && v)
            out.deps.push({ path, version: v });
        // A replacement names what was compiled in place of the dependency before it.
        else if (kind === '=>' && path && v && out.deps.length)
            out.deps[out.deps.length - 1] = { path, version: v };
    }
    return out;
}
/** `github.com/a/b` -> purl namespace `github.com/a`, name `b`. */
function goPackage(path, version, at, layer) {
    const slash = path.lastIndexOf('/');
    return {
        type: 'golang',
        ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
        name: slash > 0 ? path.slice(slash + 1) : path,
        version,
        path: at,
        layer,
    };
}
/**
 * The packages of a Go binary: `stdlib` at the toolchain's version (what Go advisories name),
 * the main module when it has a version (not `(devel)`), and each module dependency.
 */
function goBinaryPackages(info, path, layer) {
    const out = [];
    const toolchain = /^go(\d+(?:\.\d+)*)/.exec(info.goVersion);
    if (toolchain)
        out.push(goPackage('stdlib', toolchain[1], path, layer));
    if (info.main && info.main.version !== '(devel)') {
        out.push(goPackage(info.main.path, info.main.version, path, layer));
    }
    for (const d of info.deps)
        out.push(goPackage(d.path, d.version, path, layer));
    return out;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/sbom/tar.ts
/**
 * Reads the entries of a layer (tar, gzip-compressed or not) as a stream, buffering only the
 * files the caller asks for: a layer of gigabytes passes through in pieces, and the few package
 * databases in it are kept. Understands ustar, PAX extended headers and GNU long names, which is
 * what buildah, BuildKit, docker and our own layer writer emit.
 */




const BLOCK = 512;
/** Pulls exact byte counts out of a stream of chunks. */
class Pull {
    chunks = [];
    held = 0;
    done = false;
    it;
    constructor(stream) {
        this.it = stream[Symbol.asyncIterator]();
    }
    async fill(n) {
        while (this.held < n && !this.done) {
            const next = await this.it.next();
            if (next.done)
                this.done = true;
            else {
                this.chunks.push(next.value);
                this.held += next.value.length;
            }
        }
        return this.held >= n;
    }
    /** Exactly `n` bytes, or undefined at the end of the stream. */
    async read(n) {
        if (!(await this.fill(n)))
            return undefined;
        const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        this.chunks = all.length > n ? [all.subarray(n)] : [];
        this.held -= n;
        return all.subarray(0, n);
    }
    /** Passes `n` bytes to `see` (when given) and drops them, holding one chunk at a time. */
    async skip(n, see) {
        let left = n;
        while (left > 0) {
            if (this.held === 0 && !(await this.fill(1)))
                return false;
            const first = this.chunks[0];
            const piece = first.length <= left ? first : first.subarray(0, left);
            if (first.length <= left)
                this.chunks.shift();
            else
                this.chunks[0] = first.subarray(left);
            this.held -= piece.length;
            left -= piece.length;
            see?.(piece);
        }
        return true;
    }
    /** The first bytes without consuming them (to tell gzip from tar). */
    async peek(n) {
        await this.fill(n);
        const all = Buffer.concat(this.chunks);
        this.chunks = all.length ? [all] : [];
        return all.subarray(0, n);
    }
    async *rest() {
        for (const c of this.chunks)
            yield c;
        this.chunks = [];
        this.held = 0;
        if (this.done)
            return;
        for (let next = await this.it.next(); !next.done; next = await this.it.next())
            yield next.value;
    }
}
function tar_text(block, start, length) {
    const field = block.subarray(start, start + length);
    const nul = field.indexOf(0);
    return field.subarray(0, nul < 0 ? length : nul).toString('utf8');
}
/** Octal, or GNU's base-256 for sizes of 8 GiB and more (first byte 0x80). */
function number(block, start, length) {
    if (block[start] & 0x80) {
        let n = 0;
        for (let i = start + 1; i < start + length; i++)
            n = n * 256 + block[i];
        return n;
    }
    const t = tar_text(block, start, length).trim();
    return t ? parseInt(t, 8) : 0;
}
function checksumOk(block) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    return sum === number(block, 148, 8);
}
/** PAX records: `<length> <key>=<value>\n`, lengths in bytes. */
function paxRecords(data) {
    const out = {};
    let at = 0;
    while (at < data.length) {
        const space = data.indexOf(0x20, at);
        if (space < 0)
            break;
        const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
        if (!(length > 0))
            break;
        const record = data.subarray(space + 1, at + length - 1).toString('utf8');
        const eq = record.indexOf('=');
        if (eq > 0)
            out[record.slice(0, eq)] = record.slice(eq + 1);
        at += length;
    }
    return out;
}
const TYPES = {
    '0': 'file',
    '\0': 'file',
    '': 'file',
    '7': 'file',
    '5': 'dir',
    '2': 'symlink',
    '1': 'hardlink',
};
function normalizePath(path) {
    return path.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
}
const padded = (size) => Math.ceil(size / BLOCK) * BLOCK;
/** gzip, or zstd where Node's zlib has it (22.15 and later); undefined for plain tar. */
function decompressor(magic, what) {
    if (magic[0] === 0x1f && magic[1] === 0x8b)
        return external_node_zlib_.createGunzip();
    if (magic.length < 4 || magic.readUInt32LE(0) !== 0xfd2fb528)
        return undefined;
    const zstd = external_node_zlib_.createZstdDecompress;
    if (zstd)
        return zstd();
    throw new errors/* ReleaseError */.K2('LAYOUT_INVALID', `${what} is zstd-compressed, and this Node.js (${process.version}) has no zstd`, { hint: 'run on Node.js 22.15 or later (the action runs on node24), or set sbom: false' });
}
/**
 * The entries of a tar stream, decompressed first when it starts with gzip's or zstd's magic.
 * `wants` sees each regular file's entry (without data) and says whether to buffer it, or hands
 * back a scan that sees its content in passing.
 */
async function* tarEntries(input, wants, what = 'layer') {
    let pull = new Pull(input);
    const unpack = decompressor(await pull.peek(4), what);
    if (unpack) {
        // pipeline destroys `unpack` with the source's error (a digest mismatch), so reads fail too.
        (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(pull.rest()), unpack).catch(() => undefined);
        pull = new Pull(unpack);
    }
    let pax = {};
    let longName;
    let longLink;
    for (;;) {
        const block = await pull.read(BLOCK);
        if (!block || block.every((b) => b === 0))
            return;
        if (!checksumOk(block)) {
            throw new errors/* ReleaseError */.K2('LAYOUT_INVALID', `${what} is not a tar archive (bad header checksum)`);
        }
        const flag = String.fromCharCode(block[156]);
        const size = number(block, 124, 12);
        if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
            const data = await pull.read(padded(size));
            if (!data)
                break;
            const body = data.subarray(0, size);
            if (flag === 'x')
                pax = paxRecords(body);
            else if (flag === 'L')
                longName = tar_text(body, 0, size);
            else if (flag === 'K')
                longLink = tar_text(body, 0, size);
            continue;
        }
        const prefix = block.subarray(257, 263).toString('latin1').startsWith('ustar')
            ? tar_text(block, 345, 155)
            : '';
        const name = pax.path ?? longName ?? (prefix ? `${prefix}/` : '') + tar_text(block, 0, 100);
        const entry = {
            path: normalizePath(name),
            type: TYPES[flag] ?? 'other',
            size: pax.size !== undefined ? Number(pax.size) : size,
            mode: number(block, 100, 8),
            linkname: pax.linkpath ?? longLink ?? tar_text(block, 157, 100),
        };
        pax = {};
        longName = longLink = undefined;
        const stored = entry.type === 'file' ? entry.size : 0;
        const want = entry.type === 'file' && wants(entry);
        if (want === true) {
            const data = await pull.read(padded(stored));
            if (!data)
                break;
            entry.data = data.subarray(0, stored);
        }
        else if (want) {
            if (!(await pull.skip(stored, (chunk) => want.write(chunk))))
                break;
            if (!(await pull.skip(padded(stored) - stored)))
                break;
            entry.data = want.end();
        }
        else if (!(await pull.skip(padded(stored))))
            break;
        yield entry;
    }
    throw new errors/* ReleaseError */.K2('LAYOUT_INVALID', `${what} ends in the middle of an entry`);
}

;// CONCATENATED MODULE: ./src/sbom/layers.ts

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
function dropUnder(files, dir) {
    const prefix = dir ? `${dir}/` : '';
    for (const path of files.keys())
        if (path.startsWith(prefix))
            files.delete(path);
}
/**
 * Streams `layers` from `store` (bottom first) and returns the regular files that `wants` picks
 * (their content, or what their scan kept), as the top of the stack shows them.
 */
async function readImageFiles(store, layers, wants) {
    const files = new Map();
    for (const layer of layers) {
        const added = new Map();
        const removed = [];
        const replaced = [];
        const opaque = [];
        const stream = await store.openBlob(layer);
        for await (const entry of tarEntries(stream, wants, `layer ${layer.digest}`)) {
            const slash = entry.path.lastIndexOf('/');
            const dir = slash < 0 ? '' : entry.path.slice(0, slash);
            const base = entry.path.slice(slash + 1);
            if (base === OPAQUE)
                opaque.push(dir);
            else if (base.startsWith(WHITEOUT)) {
                removed.push((dir ? `${dir}/` : '') + base.slice(WHITEOUT.length));
            }
            else if (entry.data) {
                added.set(entry.path, { path: entry.path, data: entry.data, layer: layer.digest });
            }
            else {
                // Anything else at a held path (a symlink, a folder, an unwanted file) replaces it; a
                // folder entry leaves the files under it alone.
                added.delete(entry.path);
                replaced.push(entry.path);
            }
        }
        // Whiteouts hide what lower layers hold; this layer's own entries stay.
        for (const dir of opaque)
            dropUnder(files, dir);
        for (const path of removed) {
            files.delete(path);
            dropUnder(files, path);
        }
        for (const path of replaced)
            files.delete(path);
        for (const [path, file] of added)
            files.set(path, file);
    }
    return files;
}

;// CONCATENATED MODULE: ./src/sbom/os-packages.ts
/** os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
function parseOsRelease(text) {
    const fields = {};
    for (const line of text.split('\n')) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (!m)
            continue;
        let value = m[2];
        const q = value[0];
        if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
            value = value.slice(1, -1);
            if (q === '"')
                value = value.replace(/\\(["\\`$])/g, '$1');
        }
        fields[m[1]] = value;
    }
    if (!fields.ID)
        return undefined;
    return {
        id: fields.ID.toLowerCase(),
        versionId: fields.VERSION_ID ?? '',
        ...(fields.PRETTY_NAME ? { prettyName: fields.PRETTY_NAME } : {}),
    };
}
/** RFC 822-style stanzas separated by blank lines; continuation lines start with white space. */
function stanzas(text) {
    const out = [];
    let current = {};
    let last;
    for (const line of text.split('\n')) {
        if (line.trim() === '') {
            if (Object.keys(current).length)
                out.push(current);
            current = {};
            last = undefined;
        }
        else if (/^[ \t]/.test(line)) {
            if (last)
                current[last] += `\n${line.trim()}`;
        }
        else {
            const colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            last = line.slice(0, colon).trim();
            current[last] = line.slice(colon + 1).trim();
        }
    }
    if (Object.keys(current).length)
        out.push(current);
    return out;
}
/**
 * The installed packages of a dpkg status file (or one file of `status.d/`, which has no
 * Status field: everything there is installed). `Source: name (version)` names a source
 * version that differs from the binary's (binNMUs); without it the versions are the same.
 */
function parseDpkgStatus(text, path, layer) {
    const out = [];
    for (const s of stanzas(text)) {
        const name = s.Package;
        const version = s.Version;
        if (!name || !version)
            continue;
        if (s.Status !== undefined && !/(^|\s)installed$/.test(s.Status))
            continue;
        const m = s.Source ? /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(s.Source) : null;
        out.push({
            type: 'deb',
            name,
            version,
            arch: s.Architecture,
            source: { name: m?.[1] ?? name, version: m?.[2] ?? version },
            path,
            layer,
        });
    }
    return out;
}
/** apk's installed database: `P:` name, `V:` version, `A:` arch, `o:` origin, `L:` license. */
function parseApkInstalled(text, path, layer) {
    const out = [];
    let fields = {};
    const flush = () => {
        if (fields.P && fields.V) {
            out.push({
                type: 'apk',
                name: fields.P,
                version: fields.V,
                arch: fields.A,
                source: { name: fields.o ?? fields.P, version: fields.V },
                licenses: fields.L ? [fields.L] : undefined,
                path,
                layer,
            });
        }
        fields = {};
    };
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            flush();
        else if (line[1] === ':' && !(line[0] in fields))
            fields[line[0]] = line.slice(2);
    }
    flush();
    return out;
}

;// CONCATENATED MODULE: ./src/sbom/generate.ts
/**
 * One platform image -> its SBOM: the layers are streamed from the store (nothing is run or
 * unpacked to disk), the package databases in them parsed, and for native builds the context's
 * npm lockfile added. The same generator serves native, buildah and docker builds.
 */









const OS_RELEASE = ['etc/os-release', 'usr/lib/os-release'];
const DPKG_STATUS = 'var/lib/dpkg/status';
const DPKG_STATUS_D = /^var\/lib\/dpkg\/status\.d\/[^/]+$/;
const APK_INSTALLED = 'lib/apk/db/installed';
/** Package databases are kilobytes to a few megabytes; anything far larger is not one. */
const MAX_FILE = 64 * 1024 * 1024;
/** The lockfiles read from a native build's context, first found wins (npm's own preference). */
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];
/** Executables are read in passing for Go build information; only what follows it is kept. */
const MIN_BINARY = 4096;
const MAX_BINARY = 1024 * 1024 * 1024;
function wantedFile(entry) {
    const p = entry.path;
    const named = OS_RELEASE.includes(p) ||
        p === DPKG_STATUS ||
        (DPKG_STATUS_D.test(p) && !p.endsWith('.md5sums')) ||
        p === APK_INSTALLED ||
        NODE_PACKAGE_JSON.test(p) ||
        DIST_INFO_METADATA.test(p);
    if (named)
        return entry.size <= MAX_FILE;
    return entry.mode & 0o111 && entry.size >= MIN_BINARY && entry.size <= MAX_BINARY
        ? goBuildInfoScan()
        : false;
}
/** The packages in a platform image's layers. */
async function imagePackages(store, layers) {
    const files = await readImageFiles(store, layers, wantedFile);
    const text = (path) => files.get(path)?.data.toString('utf8');
    const osRelease = text(OS_RELEASE[0]) ?? text(OS_RELEASE[1]);
    const distro = osRelease === undefined ? undefined : parseOsRelease(osRelease);
    const packages = [];
    for (const f of [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        const body = () => f.data.toString('utf8');
        if (f.path === DPKG_STATUS || DPKG_STATUS_D.test(f.path)) {
            packages.push(...parseDpkgStatus(body(), f.path, f.layer));
        }
        else if (f.path === APK_INSTALLED) {
            packages.push(...parseApkInstalled(body(), f.path, f.layer));
        }
        else if (NODE_PACKAGE_JSON.test(f.path)) {
            const p = parseInstalledPackageJson(f.data, f.path, f.layer);
            if (p)
                packages.push(p);
        }
        else if (DIST_INFO_METADATA.test(f.path)) {
            const p = parseDistInfoMetadata(f.data, f.path, f.layer);
            if (p)
                packages.push(p);
        }
        else {
            const go = parseGoBuildInfo(f.data);
            if (go)
                packages.push(...goBinaryPackages(go, f.path, f.layer));
        }
    }
    return { distro, packages };
}
/** The npm packages of the context's lockfile; a lockfile npm 6 wrote is skipped with a warning. */
async function contextPackages(context, logger) {
    for (const name of LOCKFILES) {
        let data;
        try {
            data = await (0,promises_.readFile)((0,external_node_path_.join)(context, name));
        }
        catch (e) {
            if (e.code === 'ENOENT')
                continue;
            throw e;
        }
        try {
            return parsePackageLock(data, `context:${name}`);
        }
        catch (e) {
            if (!(e instanceof LockfileError))
                throw e;
            logger.warning(`sbom: ${e.message}; its packages are not listed`);
            return [];
        }
    }
    return [];
}
const BASE_NAME = 'org.opencontainers.image.base.name';
const BASE_DIGEST = 'org.opencontainers.image.base.digest';
/** The CycloneDX SBOM of one platform image, and how many packages it lists. */
async function platformSbom(req) {
    const fetched = await req.store.getManifest(req.subject.digest);
    const manifest = (0,referrers/* parseManifest */.Ng)(fetched.bytes, `manifest ${req.subject.digest}`);
    if (!Array.isArray(manifest.layers)) {
        throw new errors/* ReleaseError */.K2('MANIFEST_INVALID', `${req.subject.digest} is not a platform manifest`);
    }
    const config = JSON.parse((await req.store.readBlob(manifest.config)).toString('utf8'));
    const found = await imagePackages(req.store, manifest.layers);
    const a = { ...req.annotations, ...manifest.annotations };
    const base = a[BASE_NAME] && a[BASE_DIGEST] ? { name: a[BASE_NAME], digest: a[BASE_DIGEST] } : undefined;
    const platform = config.architecture && config.os
        ? { architecture: config.architecture, os: config.os, variant: config.variant }
        : undefined;
    const packages = [...found.packages, ...(req.extra ?? [])];
    const bom = (0,cyclonedx/* cyclonedxBom */.Qv)({
        image: { repository: req.repository, digest: req.subject.digest, platform },
        base,
        distro: found.distro,
        packages,
        created: req.created,
    });
    return { bom, packages: packages.length };
}


/***/ }),

/***/ 8330:
/***/ ((module) => {

module.exports = /*#__PURE__*/JSON.parse('{"UU":"immutable-release","rE":"0.1.0"}');

/***/ })

};
