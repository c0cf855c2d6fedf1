// What a browser's extension store would refuse in a package zip, checked on the zip itself (extension/tools/
// package.mjs refuses to finish a release package with any of these; tests/package makes each one happen).
//   - the Chrome Web Store refuses a manifest "key" (it sets the ID itself) — only for the zip meant for it;
//   - loopback anywhere in the manifest (host permissions, externally_connectable, content script matches);
//   - files no store wants: dotfiles, source maps (and sourceMappingURL comments), tests, tools, node_modules,
//     symbolic links, paths that climb out of the package;
//   - manifest fields a store validates: manifest_version 3, name <= 75 and description <= 132 characters, a
//     version of 1 to 4 dot-separated numbers (0-65535, no leading zeros), a 128x128 icon, every icon a PNG of the
//     size it is listed under, and every file the manifest names present;
//   - a background that exposes test access (bg/test-access.js must be the release no-op).
import { readZip } from './zip-read.mjs';

const LOOPBACK = /localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0/i;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function pngSize(bytes) {
  const png = bytes.length >= 24 && bytes.toString('latin1', 1, 4) === 'PNG' && bytes.toString('latin1', 12, 16) === 'IHDR';
  return png ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : null;
}

function validVersion(v) {
  return typeof v === 'string' && /^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/.test(v) &&
    v.split('.').every((n) => Number(n) <= 65535);
}

/** Every string in a JSON value, with the path to it (for naming where a loopback address is). */
function strings(value, where = 'manifest', out = []) {
  if (typeof value === 'string') out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${where}.${k}`, out);
  return out;
}

/** The files a manifest names (relative to the package root). */
function namedFiles(m) {
  const files = [];
  const add = (f) => { if (typeof f === 'string' && f) files.push(f.replace(/^\//, '')); };
  add(m.background?.service_worker);
  for (const s of m.background?.scripts ?? []) add(s);
  add(m.action?.default_popup);
  add(m.options_ui?.page);
  add(m.options_page);
  add(m.storage?.managed_schema);
  for (const cs of m.content_scripts ?? []) for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) add(f);
  return files;
}

/**
 * @param {Buffer} zip the package
 * @param {{store?: 'chrome-web-store'|'addons.mozilla.org'|null}} [o] store: also what that store alone refuses
 * @returns {string[]} one sentence per problem; empty when a store would take it
 */
export function storeProblems(zip, { store = null } = {}) {
  const problems = [];
  let entries;
  try {
    entries = readZip(zip);
  } catch (e) {
    return [`not a readable zip: ${e.message}`];
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const e of entries) {
    const parts = e.name.split('/').filter(Boolean);
    if (e.name.startsWith('/') || parts.includes('..')) problems.push(`${e.name}: the path leaves the package`);
    if (parts.some((p) => p.startsWith('.') && p !== '..')) problems.push(`${e.name}: a dotfile`);
    if ((e.mode & S_IFMT) === S_IFLNK) problems.push(`${e.name}: a symbolic link`);
    if (/\.map$/.test(e.name)) problems.push(`${e.name}: a source map`);
    if (parts.some((p) => ['test', 'tests', '__tests__', 'tools', 'node_modules'].includes(p)) ||
      /\.(test|spec)\.[cm]?js$/.test(e.name)) problems.push(`${e.name}: development files`);
    if (/\.[cm]?js$/.test(e.name) && /[#@] sourceMappingURL=/.test(e.read().toString('utf8'))) {
      problems.push(`${e.name}: points at a source map`);
    }
  }
  const manifestEntry = byName.get('manifest.json');
  if (!manifestEntry) return [...problems, 'no manifest.json at the top of the zip'];
  let m;
  try {
    m = JSON.parse(manifestEntry.read().toString('utf8'));
  } catch (e) {
    return [...problems, `manifest.json is not JSON: ${e.message}`];
  }
  if (m.manifest_version !== 3) problems.push(`manifest_version is ${m.manifest_version}, not 3`);
  if (typeof m.name !== 'string' || m.name.length < 1 || m.name.length > 75) problems.push('name must be 1-75 characters');
  if (typeof m.description !== 'string' || m.description.length > 132) problems.push('description must be at most 132 characters');
  if (!validVersion(m.version)) problems.push(`version "${m.version}" is not 1-4 dot-separated numbers of 0-65535`);
  if (store === 'chrome-web-store' && 'key' in m) problems.push('manifest "key": the Chrome Web Store refuses it and sets the ID itself');
  for (const [where, value] of strings(m)) {
    if (LOOPBACK.test(value)) problems.push(`${where} = "${value}": a loopback address`);
  }
  const icons = { ...(m.icons ?? {}) };
  if (!icons['128']) problems.push('no 128x128 icon in "icons"');
  for (const [size, file] of Object.entries(icons)) {
    const entry = byName.get(String(file).replace(/^\//, ''));
    if (!entry) {
      problems.push(`icons.${size}: ${file} is not in the package`);
      continue;
    }
    const dims = pngSize(entry.read());
    if (!dims) problems.push(`icons.${size}: ${file} is not a PNG`);
    else if (dims.width !== Number(size) || dims.height !== Number(size)) {
      problems.push(`icons.${size}: ${file} is ${dims.width}x${dims.height}`);
    }
  }
  for (const file of namedFiles(m)) if (!byName.has(file)) problems.push(`the manifest names ${file}, which is not in the package`);
  const access = byName.get('bg/test-access.js');
  if (access && /globalThis/.test(access.read().toString('utf8'))) problems.push('bg/test-access.js exposes the background (a test build)');
  return problems;
}
