#!/usr/bin/env python3
"""Keeps the arrows between the library's folders pointing one way.

Each folder of Sources/EarshotCore has a layer (LAYERS below, bottom first). A file may use what
its own layer and the layers below declare; a use of a name declared in a higher layer is an
arrow against the pipeline and fails the check with the file, line and symbol.

Declarations are read from the sources without a compiler: type names (struct, class, enum,
protocol, actor, typealias) at file level, and the functions, properties and cases declared at
file level, and those inside an extension of a type the library does not declare
(`extension Array`, `extension SHA256`), which count where they are used as `.name`. A use is that name as a whole
word outside comments and string literals, unless the file declares that name itself. A name declared in two layers is ambiguous and not
checked (listed with --verbose).

Usage: scripts/check-layers.py [--graph] [--verbose] [ROOT]
  --graph   print the folder-to-folder use counts (for the README and notes).
"""
import os
import re
import sys
from collections import defaultdict

# Bottom first. Folders in one tuple form one layer and may use each other.
LAYERS = [
    ("Support", "Model", "Normalize"),
    ("Input",),
    ("CSV", "XML", "JSON", "CBOR"),
    ("Readers",),
    ("Pipeline",),
    ("Metrics",),
    ("Reports",),
    ("Operations",),
    ("Jobs",),
]
LIBRARY = "Sources/EarshotCore"

TYPE_DECL = re.compile(r"\b(?:struct|class|enum|protocol|actor|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)")
MEMBER_DECL = re.compile(
    r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*"
    r"(?:(?:public|package|internal|fileprivate|private|static|final|nonisolated|mutating|"
    r"@inlinable|@usableFromInline|@discardableResult|override|convenience|lazy)\s+)*"
    r"(?:func|var|let|case)\s+`?([A-Za-z_][A-Za-z0-9_]*)")
EXTENSION = re.compile(r"^\s*(?:public\s+|package\s+|internal\s+|fileprivate\s+|private\s+)?extension\s+([A-Za-z_][A-Za-z0-9_.]*)")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MEMBER_USE = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)")
# Local names a file binds without a declaration keyword: generic parameters, loop and closure
# parameters, tuple patterns.
GENERIC_LIST = re.compile(r"\b(?:struct|class|enum|actor|func|typealias)\s+`?\w+`?\s*<([^>]*)>")
GENERIC_NAME = re.compile(r"(?:^|,)\s*([A-Z][A-Za-z0-9_]*)")


def generic_parameters(text):
    return {name for group in GENERIC_LIST.findall(text) for name in GENERIC_NAME.findall(group)}
BINDING = re.compile(r"(?:\bfor\s+(?:case\s+)?(?:let\s+)?|\{\s*|\blet\s+|\bvar\s+)\(?([A-Za-z_][A-Za-z0-9_,\s():]*?)\)?\s+(?:in\b|=)")


def strip_comments_and_strings(text):
    """The source with comments and string literals blanked, line breaks kept."""
    out = []
    i, n = 0, len(text)
    depth = 0  # block comment nesting
    while i < n:
        c = text[i]
        if depth:
            if text.startswith("*/", i):
                depth -= 1
                i += 2
            elif text.startswith("/*", i):
                depth += 1
                i += 2
            else:
                out.append("\n" if c == "\n" else " ")
                i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth = 1
            i += 2
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "(":
                    # Interpolation: keep the expression, it uses names.
                    k, level = j + 2, 1
                    while k < n and level:
                        level += {"(": 1, ")": -1}.get(text[k], 0)
                        k += 1
                    out.append(" " + text[j:k])
                    i = k
                    j = k
                    continue
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (j + 1 - i))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def folder_of(path):
    rel = os.path.relpath(path, LIBRARY)
    return rel.split(os.sep)[0] if os.sep in rel else "."


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    graph = "--graph" in sys.argv
    verbose = "--verbose" in sys.argv
    os.chdir(args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    layer_of = {f: i for i, group in enumerate(LAYERS) for f in group}

    files = {}
    for root, _, names in os.walk(LIBRARY):
        for name in sorted(names):
            if name.endswith(".swift"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as handle:
                    files[path] = strip_comments_and_strings(handle.read())

    problems = []
    for path in sorted(files):
        if folder_of(path) not in layer_of:
            problems.append(f"{path}: folder '{folder_of(path)}' has no layer in scripts/check-layers.py")

    # Pass 1: declarations.
    def top_level_types(text):
        depth, names = 0, []
        for line in text.split("\n"):
            if depth == 0:
                names += TYPE_DECL.findall(line)
            depth += line.count("{") - line.count("}")
        return names

    declared_types = set()
    for text in files.values():
        declared_types.update(top_level_types(text))
    declared = defaultdict(set)  # name -> folders
    local = {}  # path -> every name the file declares at any depth (a local shadows)
    for path, text in files.items():
        folder = folder_of(path)
        for name in top_level_types(text):
            declared[name].add(folder)
        local[path] = (set(TYPE_DECL.findall(text)) | generic_parameters(text)
                       | {m.group(1) for m in map(MEMBER_DECL.match, text.split("\n")) if m}
                       | {w for group in BINDING.findall(text) for w in WORD.findall(group)})
        depth, foreign = 0, False
        for line in text.split("\n"):
            if depth == 0:
                match = EXTENSION.match(line)
                foreign = bool(match) and match.group(1).split(".")[0] not in declared_types
            member = MEMBER_DECL.match(line)
            if member and depth == 0:
                declared[member.group(1)].add(folder)
            elif member and depth == 1 and foreign:
                # Reached as `.name`: a member of another module's type.
                declared["." + member.group(1)].add(folder)
            depth += line.count("{") - line.count("}")
    # A member of another module's type whose name the library also uses for its own members
    # (`.file`) cannot be told apart without a compiler: not checked.
    own_members = defaultdict(int)
    for text in files.values():
        for m in map(MEMBER_DECL.match, text.split("\n")):
            if m:
                own_members[m.group(1)] += 1
    ambiguous = {name for name, folders in declared.items()
                 if len({layer_of.get(f, -1) for f in folders}) > 1
                 or (name.startswith(".") and own_members[name[1:]] > 1)}
    owner = {name: next(iter(folders)) for name, folders in declared.items() if name not in ambiguous}

    # Pass 2: uses.
    uses = defaultdict(int)
    for path in sorted(files):
        folder = folder_of(path)
        mine = layer_of.get(folder)
        for number, line in enumerate(files[path].split("\n"), 1):
            for name in set(WORD.findall(line)) | {"." + m for m in MEMBER_USE.findall(line)}:
                target = owner.get(name)
                shadowed = name in local[path] and (name not in declared_types or name in generic_parameters(files[path]))
                if target is None or target == folder or shadowed:
                    continue
                uses[(folder, target)] += 1
                theirs = layer_of.get(target)
                if mine is not None and theirs is not None and theirs > mine:
                    problems.append(f"{path}:{number}: uses '{name.lstrip('.')}' from {target}/, a layer above "
                                    f"{folder}/ (order: {' <- '.join('/'.join(g) for g in LAYERS)})")

    if graph:
        print("uses  from -> to")
        for (source, target), count in sorted(uses.items(), key=lambda item: (layer_of.get(item[0][0], 99), item[0])):
            print(f"{count:5d}  {source} -> {target}")
    if verbose and ambiguous:
        print("not checked (declared in several layers): " + ", ".join(sorted(ambiguous)))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"check-layers: {len(problems)} use(s) against the declared order", file=sys.stderr)
        return 1
    print(f"check-layers: {len(files)} files, {sum(uses.values())} uses across folders, none against the order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
