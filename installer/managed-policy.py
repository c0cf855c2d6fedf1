#!/usr/bin/env python3
"""Writes and removes the enterprise policy that gives zcrm-bridge an organisation's settings (docs/MANAGED.md).

Run by `installer/install.sh --managed FILE` and `--managed-remove`; not meant to be run by hand.

  write SETTINGS --table TSV --chromium-id ID --gecko-id ID [--schema JSON] [--extension-lib DIR]
        [--browser NAME]... [--update-url URL] [--install-url URL] [--root DIR] [--dry-run]
  remove [--root DIR] [--dry-run]

Chrome, Chromium, Edge and Brave (Linux) read every *.json file in their policy folder: this writes its own
zcrm-bridge.json there with `3rdparty.extensions.<Chromium ID>` (what storage.managed shows the extension) and, only
with --update-url, an `ExtensionSettings` entry that force-installs the extension from that update URL. Firefox
reads one policies.json: this merges `policies.3rdparty.Extensions.<gecko ID>` (and, only with --install-url,
`policies.ExtensionSettings.<gecko ID>`) into the one it reads, keeping everything else in it. Every change is
recorded in <root>/etc/zcrm-bridge/managed-policy.json, so `remove` takes back exactly that: its own files (unless
changed since), and in a shared policies.json only its own entries, putting back what they replaced.
Everything is parsed and written with the json module; files are replaced atomically.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

RECORD = '/etc/zcrm-bridge/managed-policy.json'
OWN_FILE = 'zcrm-bridge.json'
CHROMIUM_FAMILY = ('chrome', 'chromium', 'edge', 'brave')
PROG = 'install.sh'


def die(message):
    print(f'{PROG}: {message}', file=sys.stderr)
    sys.exit(1)


def say(message):
    print(message, flush=True)


class Root:
    """Logical paths (/etc/...) inside a root folder: / for real, a temporary folder for tests."""

    def __init__(self, root):
        self.root = os.path.abspath(root or '/')

    def __call__(self, logical):
        return os.path.join(self.root, logical.lstrip('/'))


def load_table(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if not line or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) < 4:
                die(f'{path}: a row needs browser, os, kind and value: {line!r}')
            rows.append({'browser': cols[0], 'os': cols[1], 'kind': cols[2], 'value': cols[3]})
    return rows


def values(table, browser, kind):
    return [r['value'] for r in table if r['browser'] == browser and r['os'] == 'linux' and r['kind'] == kind]


def read_json(path, what):
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        die(f'cannot read {what} {path}: {e.strerror}')
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        die(f'{what} {path} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}); nothing was written')


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


# ------------------------------------------------------------------------------------------------ checking

def type_of(value):
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'integer'
    if isinstance(value, float):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'array'
    if isinstance(value, dict):
        return 'object'
    return 'null'


def schema_problems(node, value, at):
    """What Chrome's check against managed_schema.json would drop: types only, as the schema asks."""
    want, got = node.get('type'), type_of(value)
    if want != got and not (want == 'number' and got == 'integer'):
        return [f'{at}: is {"an" if got[0] in "aeio" else "a"} {got}, must be {"an" if want[0] in "aeio" else "a"} {want}']
    if got == 'array':
        return [p for i, v in enumerate(value) for p in schema_problems(node['items'], v, f'{at}[{i}]')]
    if got == 'object':
        out = []
        for k, v in value.items():
            sub = node.get('properties', {}).get(k, node.get('additionalProperties'))
            if sub:
                out += schema_problems(sub, v, f'{at}.{k}')
        return out
    return []


def extension_problems(settings, lib):
    """The extension's own validation (lib/managed-settings.js) when node and the source are here; else None."""
    module = os.path.join(lib, 'managed-settings.js') if lib else ''
    if not module or not os.path.isfile(module):
        return None
    script = ('import { readManaged } from %s;\n'
              'let raw = "";\n'
              'process.stdin.on("data", (c) => { raw += c; });\n'
              'process.stdin.on("end", () => { console.log(JSON.stringify(readManaged(JSON.parse(raw)).errors)); });\n'
              % json.dumps('file://' + os.path.abspath(module)))
    try:
        r = subprocess.run(['node', '--input-type=module', '-e', script], input=json.dumps(settings),
                           capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if r.returncode != 0:
        return None
    return [f'{path}: {message}' for path, message in json.loads(r.stdout).items()]


def check_settings(settings, schema, lib):
    if not isinstance(settings, dict):
        die('the settings file must hold one JSON object of settings, such as {"clientId": "1000.ABC", "dc": "eu"}')
    problems = []
    known = schema['properties'] if schema else None
    for key, value in settings.items():
        if known is not None and key not in known:
            problems.append(f'{key}: not a zcrm-bridge setting (known: {", ".join(known)})')
        elif known is not None:
            problems += schema_problems(known[key], value, key)
    if not problems:
        deep = extension_problems(settings, lib)
        if deep is None:
            say('note: node or the extension source is missing, so values were checked by type only; the extension '
                'ignores (and the options page and `zcrm-bridge doctor` name) any value it cannot use')
        else:
            problems += deep
    if problems:
        die('the settings file has values the extension would not use; nothing was written:\n  ' +
            '\n  '.join(problems))


# ------------------------------------------------------------------------------------------------ writing

class Writer:
    def __init__(self, root, dry):
        self.at, self.dry = root, dry
        self.record = {'version': 1, 'files': [], 'dirs': []}
        self.planned = set()
        existing = self.at(RECORD)
        if os.path.exists(existing):
            old = read_json(existing, 'the record')
            if isinstance(old, dict) and old.get('version') == 1:
                self.record = old

    def file_entry(self, logical):
        for f in self.record['files']:
            if f['path'] == logical:
                return f
        return None

    def make_dirs(self, logical):
        missing = []
        d = logical
        while d not in ('', '/') and not os.path.isdir(self.at(d)) and d not in self.planned:
            missing.append(d)
            d = os.path.dirname(d)
        for d in reversed(missing):
            if self.dry:
                say(f'would create folder {d}')
                self.planned.add(d)
                continue
            os.mkdir(self.at(d), 0o755)
            os.chmod(self.at(d), 0o755)
            if d not in self.record['dirs']:
                self.record['dirs'].append(d)

    def put(self, logical, data, mode=0o644):
        """Writes data as JSON unless the file already holds exactly that; True when it changed."""
        text = json.dumps(data, indent=2, ensure_ascii=False) + '\n'
        path = self.at(logical)
        if os.path.exists(path):
            with open(path, encoding='utf-8', errors='replace') as f:
                if f.read() == text:
                    say(f'up to date {logical}')
                    return False
            mode = os.stat(path).st_mode & 0o7777
        if self.dry:
            say(f'would write {logical}')
            return True
        self.make_dirs(os.path.dirname(logical))
        fd, tmp = tempfile.mkstemp(prefix='.zcrm-', dir=os.path.dirname(path))
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        say(f'wrote {logical}')
        return True

    def save_record(self):
        if self.dry:
            return
        self.make_dirs(os.path.dirname(RECORD))
        self.put_quiet(RECORD, self.record)

    def put_quiet(self, logical, data):
        self.put_text(logical, json.dumps(data, indent=2, ensure_ascii=False) + '\n')

    def put_text(self, logical, text):
        path = self.at(logical)
        mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o644
        fd, tmp = tempfile.mkstemp(prefix='.zcrm-', dir=os.path.dirname(path))
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)


def get_in(obj, keys):
    for k in keys:
        if not isinstance(obj, dict) or k not in obj:
            return False, None
        obj = obj[k]
    return True, obj


def set_in(obj, keys, value):
    for k in keys[:-1]:
        if not isinstance(obj.get(k), dict):
            obj[k] = {}
        obj = obj[k]
    obj[keys[-1]] = value


def delete_in(obj, keys):
    """Deletes keys[-1] and every container on the way that it leaves empty."""
    parents = []
    for k in keys[:-1]:
        if not isinstance(obj, dict) or not isinstance(obj.get(k), dict):
            return
        parents.append((obj, k))
        obj = obj[k]
    obj.pop(keys[-1], None)
    for parent, k in reversed(parents):
        if parent[k]:
            break
        del parent[k]


def write_chromium(w, logical_dir, chromium_id, settings, update_url):
    logical = f'{logical_dir}/{OWN_FILE}'
    policy = {'3rdparty': {'extensions': {chromium_id: settings}}}
    if update_url:
        policy['ExtensionSettings'] = {chromium_id: {'installation_mode': 'force_installed', 'update_url': update_url}}
        folder = w.at(logical_dir)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            other = os.path.join(folder, name)
            if name == OWN_FILE or not name.endswith('.json') or not os.path.isfile(other):
                continue
            try:
                with open(other, encoding='utf-8') as f:
                    theirs = json.load(f)
            except (OSError, ValueError):
                continue
            if isinstance(theirs, dict) and 'ExtensionSettings' in theirs:
                say(f'warning: {logical_dir}/{name} also sets ExtensionSettings; the browser takes that policy from one '
                    f'file only (the last by name), so add the zcrm-bridge entry of {logical} to it')
    entry = w.file_entry(logical)
    if entry is None and os.path.exists(w.at(logical)):
        die(f'{logical} exists but was not written by this installer; move it away, then run again')
    if w.put(logical, policy) and not w.dry:
        if entry is None:
            entry = {'path': logical, 'kind': 'own'}
            w.record['files'].append(entry)
        entry['sha256'] = digest(w.at(logical))


def firefox_targets(w, table):
    main = values(table, 'firefox', 'file')[0]
    if os.path.exists(w.at(main)):
        return [main]
    found = [d for d in values(table, 'firefox', 'distribution') if os.path.exists(w.at(d))]
    if found:
        say(f'note: Firefox reads only one policies.json, and {main} would hide ' + ', '.join(found) +
            f'; the policy goes into {"that" if len(found) == 1 else "each"} instead')
        return found
    return [main]


def write_firefox(w, logical, gecko_id, settings, install_url):
    path = w.at(logical)
    created = not os.path.exists(path)
    doc = {'policies': {}} if created else read_json(path, 'the Firefox policies file')
    if not isinstance(doc, dict) or not isinstance(doc.get('policies', {}), dict):
        die(f'{logical} has no "policies" object; fix it first; nothing was written')
    doc.setdefault('policies', {})
    before = json.loads(json.dumps(doc))
    wanted = [(['policies', '3rdparty', 'Extensions', gecko_id], settings)]
    if install_url:
        wanted.append((['policies', 'ExtensionSettings', gecko_id],
                       {'installation_mode': 'force_installed', 'install_url': install_url}))
    entry = w.file_entry(logical)
    if entry is None:
        entry = {'path': logical, 'kind': 'merged', 'created': created, 'entries': []}
        if not created:
            with open(path, encoding='utf-8') as f:
                entry['original'] = f.read()  # put back byte for byte if nothing else changes meanwhile
    # An entry written before and no longer wanted (e.g. no --install-url this time) goes back to what it replaced.
    for old in list(entry['entries']):
        if all(old['keys'] != keys for keys, _ in wanted):
            restore(doc, old)
            entry['entries'].remove(old)
    for keys, value in wanted:
        mine = next((e for e in entry['entries'] if e['keys'] == keys), None)
        if mine is None:
            present, previous = get_in(before, keys)
            mine = {'keys': keys, 'previous': {'present': present, 'value': previous}}
            entry['entries'].append(mine)
        mine['written'] = value
        set_in(doc, keys, value)
    if w.put(logical, doc) and not w.dry and entry not in w.record['files']:
        w.record['files'].append(entry)


def restore(doc, entry):
    present, current = get_in(doc, entry['keys'])
    if present and current != entry.get('written'):
        return False
    if entry['previous']['present']:
        set_in(doc, entry['keys'], entry['previous']['value'])
    else:
        delete_in(doc, entry['keys'])
    return True


def cmd_write(a):
    at = Root(a.root)
    table = load_table(a.table)
    settings = read_json(a.settings, 'the settings file')
    schema = read_json(a.schema, 'the schema') if a.schema and os.path.exists(a.schema) else None
    check_settings(settings, schema, a.extension_lib)
    for url, name in ((a.update_url, '--update-url'), (a.install_url, '--install-url')):
        if url is not None and not url.startswith('https://'):
            die(f'{name} must be an https:// address')
    known = sorted({r['browser'] for r in table})
    browsers = a.browser or []
    if not browsers:
        die('no browser named; name them with --browser (' + ', '.join(known) + ')')
    w = Writer(at, a.dry_run)
    for b in browsers:
        if b in CHROMIUM_FAMILY and values(table, b, 'dir'):
            write_chromium(w, values(table, b, 'dir')[0], a.chromium_id, settings, a.update_url)
        elif b == 'firefox':
            for target in firefox_targets(w, table):
                write_firefox(w, target, a.gecko_id, settings, a.install_url)
        else:
            say(f'note: no Linux policy folder is known for {b}; its managed settings were not written')
    w.save_record()
    if a.dry_run:
        say('Dry run: nothing was written.')
    else:
        say(f'Managed settings written ({", ".join(sorted(settings)) or "none"}). '
            'Browsers apply them at their next start; Chromium-family browsers also within a minute while running.')


def cmd_remove(a):
    at = Root(a.root)
    if not os.path.exists(at(RECORD)):
        say(f'Nothing to remove: {RECORD} does not exist.')
        return
    w = Writer(at, a.dry_run)
    kept = []
    for f in w.record['files']:
        logical, path = f['path'], at(f['path'])
        if not os.path.exists(path):
            continue
        if f['kind'] == 'own':
            if digest(path) != f.get('sha256'):
                say(f'kept {logical}: changed since it was written')
                kept.append(f)
                continue
            if a.dry_run:
                say(f'would remove {logical}')
            else:
                os.remove(path)
                say(f'removed {logical}')
            continue
        doc = read_json(path, 'the Firefox policies file')
        left = [e for e in f['entries'] if not restore(doc, e)]
        for e in left:
            say(f'kept {".".join(e["keys"])} in {logical}: changed since it was written')
        if f.get('created') and doc in ({}, {'policies': {}}):
            if a.dry_run:
                say(f'would remove {logical}')
            else:
                os.remove(path)
                say(f'removed {logical}')
        elif a.dry_run:
            say(f'would take the zcrm-bridge entries out of {logical}')
        else:
            original = f.get('original')
            if original is not None and not left and json.loads(original) == doc:
                w.put_text(logical, original)
            else:
                w.put_quiet(logical, doc)
            say(f'took the zcrm-bridge entries out of {logical}')
        if left:
            f['entries'] = left
            kept.append(f)
    if a.dry_run:
        return
    if kept:
        # What is left stays recorded, so that a later remove can still take it back.
        w.record['files'] = kept
        w.put_quiet(RECORD, w.record)
        return
    os.remove(at(RECORD))
    for d in sorted(w.record['dirs'], key=len, reverse=True):
        try:
            os.rmdir(at(d))
            say(f'removed folder {d}')
        except OSError:
            pass


def main():
    p = argparse.ArgumentParser(prog='managed-policy.py')
    sub = p.add_subparsers(dest='cmd', required=True)
    wr = sub.add_parser('write')
    wr.add_argument('settings')
    wr.add_argument('--table', required=True)
    wr.add_argument('--schema')
    wr.add_argument('--extension-lib')
    wr.add_argument('--chromium-id', required=True)
    wr.add_argument('--gecko-id', required=True)
    wr.add_argument('--browser', action='append')
    wr.add_argument('--update-url')
    wr.add_argument('--install-url')
    wr.add_argument('--root', default='/')
    wr.add_argument('--dry-run', action='store_true')
    rm = sub.add_parser('remove')
    rm.add_argument('--root', default='/')
    rm.add_argument('--dry-run', action='store_true')
    a = p.parse_args()
    cmd_write(a) if a.cmd == 'write' else cmd_remove(a)


if __name__ == '__main__':
    main()
