#!/usr/bin/env python3
"""Completes package-lock.json with the other platforms' optional packages.

The registry this project's machines reach serves only the platform packages of linux-x64 (glibc), so a lock written
here lacks entries for the optional packages of other platforms, and `npm ci` refuses it as out of sync. npm skips
optional packages whose os/cpu/libc do not match the machine, so entries naming each package's platform are enough:
they are never fetched on linux-x64, and a machine of another platform resolves them from its own registry.
Run after `npm install` changes the lock: python3 .ci/complete-lock.py
It then lets npm rewrite the lock in its own layout, so `npm install` on a clean clone leaves the lock unchanged.
"""
import json
import os
import re
import subprocess
import sys

path = next((arg for arg in sys.argv[1:] if not arg.startswith('--')), 'package-lock.json')
lock = json.load(open(path))
packages = lock['packages']

def platform(name):
    base = name.split('/')[-1]
    entry = {}
    for os_name in ['android', 'darwin', 'freebsd', 'openbsd', 'openharmony', 'win32', 'linux', 'sunos', 'aix', 'netbsd']:
        if re.search(rf'(^|-){os_name}(-|$)', base):
            entry['os'] = [os_name]
    for cpu, pattern in [('arm64', 'arm64'), ('arm', r'arm(-|$)|armv7|gnueabihf|musleabihf|arm-eabi'), ('x64', 'x64'),
                         ('ia32', 'ia32'), ('loong64', 'loong64'), ('ppc64', 'ppc64'), ('riscv64', 'riscv64'),
                         ('s390x', 's390x')]:
        if re.search(pattern, base) and 'cpu' not in entry:
            entry['cpu'] = [cpu]
    if 'musl' in base:
        entry['libc'] = ['musl']
    elif entry.get('os') == ['linux']:
        entry['libc'] = ['glibc']
    return entry

added = 0
for key, info in list(packages.items()):
    for name, spec in (info.get('optionalDependencies') or {}).items():
        version = re.sub(r'^[\^~=]', '', spec)
        exact = re.fullmatch(r'\d+\.\d+\.\d+(-[\w.]+)?', spec) is not None
        # Where Node would find it: the package's own node_modules, then each ancestor's, up to the root.
        found = None
        parts = key.split('/node_modules/') if key else []
        for depth in range(len(parts), -1, -1):
            base = '/node_modules/'.join(parts[:depth])
            candidate = f'{base}/node_modules/{name}' if base else f'node_modules/{name}'
            if candidate in packages:
                found = packages[candidate]
                break
        if found and (not exact or found.get('version') == version):
            continue
        # Missing, or only another version further up: this one goes beside the package that needs it.
        target = f'{key}/node_modules/{name}' if found else f'node_modules/{name}'
        packages[target] = {'version': version, 'optional': True, **platform(name)}
        added += 1
json.dump(lock, open(path, 'w'), indent=2)
open(path, 'a').write('\n')
print(f'added {added} optional platform entries to {path}')
# npm's own layout (key order, "dev" flags): written by npm, the lock is one `npm install` leaves as it is.
if '--no-normalize' not in sys.argv:
    subprocess.run(['npm', 'install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
                   cwd=os.path.dirname(os.path.abspath(path)), check=True, stdout=subprocess.DEVNULL)
