#!/usr/bin/env python3
"""include-graph: checks the layout rules of src/ and ovsdb/ (run by make check).

A module is a .c file and the header of the same name (src/counters/sysroot.c
and sysroot.h); a header without a .c (sflow/sflow.h: types only) is a module
of its own. Module A uses module B when a file of A includes B's header.

Fails (exit 1, one line per finding) when:
  - the modules use each other in a cycle: by their includes, or by the
    functions they call (a call into another module's function counts as a
    use of that module whichever header declared it);
  - a header declares a function that another file defines (each header
    declares only its own module's functions), except a FOLDER/x_int.h,
    which is shared by the files of its folder only;
  - an x_int.h is included from another folder (being folder-private, it
    is no module of its own: including it makes no use);
  - a file in ovsdb/ includes anything of src/ but src/common/;
  - a file includes a .c file, or a .c or .h lies directly in src/;
  - README.md's "Contributors: the source tree" has no line for a folder.

Usage: include-graph.py [TOP_SRCDIR]   (default: $top_srcdir, else the tree
                                        this script is in)
       include-graph.py --dot [TOP_SRCDIR]   prints the graph for Graphviz
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
DEFINITION = re.compile(r'^([a-z_][a-z_0-9]*)\(', re.M)
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
MACRO = re.compile(r'^\s*#[^\n]*(?:\\\n[^\n]*)*', re.M)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
IDENTIFIER = re.compile(r'\b[a-z_][a-z_0-9]*\b')
EXTERNAL = re.compile(r'^(static\b[^\n]*|[^\n]*)\n([a-z_][a-z_0-9]*)\(', re.M)
# Modules known to call each other, with the reason; each is a finding to fold
# away, listed so that no new one goes unnoticed.
# {frozenset({'src/a/x', 'src/a/y'}): 'why'}; none today.
KNOWN_CALL_CYCLES = {}
DECLARATION = re.compile(r'\b([a-z_][a-z_0-9]*)\s*\([^;{}()]*(?:\([^;{}()]*\)[^;{}()]*)*\)'
                         r'\s*(?:__attribute__\s*\(\(.*?\)\)\s*)?;', re.S)


def source_files(top):
    """Paths (relative to TOP) of every .c and .h under src/ and ovsdb/."""
    out = []
    for base in ('src', 'ovsdb'):
        for d, _, names in os.walk(os.path.join(top, base)):
            for n in names:
                if n.endswith(('.c', '.h')):
                    out.append(os.path.relpath(os.path.join(d, n), top))
    return sorted(out)


def resolve(top, name):
    """The file an #include "NAME" means (-I src and -I top), or None."""
    for cand in (os.path.join('src', name), name):
        if os.path.exists(os.path.join(top, cand)):
            return os.path.normpath(cand)
    return None


def module(path):
    return os.path.splitext(path)[0]


def find_cycles(edges):
    """Each cycle once, as a list of modules (iterative DFS, Tarjan-free)."""
    cycles, state, stack = [], {}, []

    def visit(start):
        work = [(start, iter(sorted(edges.get(start, ()))))]
        state[start] = 'open'
        stack.append(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 'done'
                stack.pop()
                work.pop()
            elif state.get(nxt) == 'open':
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                state[nxt] = 'open'
                stack.append(nxt)
                work.append((nxt, iter(sorted(edges.get(nxt, ())))))

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return cycles


def main(argv):
    dot = '--dot' in argv
    args = [a for a in argv[1:] if a != '--dot']
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
    top = args[0] if args else os.environ.get('top_srcdir', here)
    files = source_files(top)
    text = {f: open(os.path.join(top, f), encoding='utf-8', errors='replace').read()
            for f in files}
    problems = []

    for f in files:
        if os.path.dirname(f) == 'src':
            problems.append(f'{f}: a source file directly in src/ (give it a folder)')

    defined_in = {}
    for f in files:
        if f.endswith('.c'):
            for m in DEFINITION.finditer(text[f]):
                defined_in.setdefault(m.group(1), set()).add(f)

    edges = {}
    for f in files:
        if f.endswith('_int.h'):
            continue
        mod = module(f)
        edges.setdefault(mod, set())
        for m in INCLUDE.finditer(text[f]):
            name = m.group(1)
            if name == 'config.h':
                continue
            target = resolve(top, name)
            if name.endswith('.c'):
                problems.append(f'{f}: includes the source file "{name}"')
            if target is None:
                problems.append(f'{f}: includes "{name}", which is not in the tree')
                continue
            if f.startswith('ovsdb/') and target.startswith('src/') \
                    and not target.startswith('src/common/'):
                problems.append(f'{f}: ovsdb/ may use src/common/ only, not "{name}"')
            if target.endswith('_int.h') and os.path.dirname(target) != os.path.dirname(f):
                problems.append(f'{f}: "{name}" is internal to {os.path.dirname(target)}/')
            if module(target) != mod and not target.endswith('_int.h'):
                edges[mod].add(module(target))

    for h in files:
        if not h.endswith('.h') or h.endswith('_int.h'):
            continue
        own = h[:-2] + '.c'
        body = MACRO.sub('', COMMENT.sub('', text[h]))
        for m in DECLARATION.finditer(body):
            where = defined_in.get(m.group(1))
            if where and own not in where:
                problems.append(f'{h}: declares {m.group(1)}(), which '
                                f'{", ".join(sorted(where))} defines')

    readme = os.path.join(top, 'README.md')
    if os.path.exists(readme):
        text_readme = open(readme, encoding='utf-8').read()
        start = text_readme.find('## Contributors: the source tree')
        section = text_readme[start:] if start >= 0 else ''
        folders = sorted({os.path.dirname(f) for f in files})
        for d in folders:
            if f'- `{d}/`' not in section:
                problems.append(f'README.md: the source tree section has no line for {d}/')

    for cycle in find_cycles(edges):
        problems.append('include cycle: ' + ' -> '.join(cycle))

    external = {}
    for f in files:
        if f.endswith('.c'):
            for m in EXTERNAL.finditer(text[f]):
                if not m.group(1).startswith('static') and m.group(2) != 'main':
                    external.setdefault(m.group(2), set()).add(f)
    calls = {}
    for f in files:
        if not f.endswith('.c'):
            continue
        body = STRING.sub('""', COMMENT.sub('', text[f]))
        calls.setdefault(module(f), set())
        for name in set(IDENTIFIER.findall(body)):
            for d in external.get(name, ()):
                if d != f:
                    calls[module(f)].add(module(d))
    for cycle in find_cycles(calls):
        if frozenset(cycle) not in KNOWN_CALL_CYCLES:
            problems.append('call cycle: ' + ' -> '.join(cycle))

    if dot:
        print('digraph includes {')
        for a in sorted(edges):
            for b in sorted(edges[a]):
                print(f'  "{a}" -> "{b}";')
        print('}')
    for p in problems:
        print('FAIL: ' + p)
    n_edges = sum(len(v) for v in edges.values())
    if not dot:
        print(f'{len(files)} files, {len(edges)} modules, {n_edges} uses, '
              f'{len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
