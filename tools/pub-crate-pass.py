#!/usr/bin/env python3
"""The `pub(crate)` pass: every item of the library that nothing outside it uses
(src/main.rs and src/cli.rs, tests/, benches/, examples/, fuzz/fuzz_targets/) becomes
`pub(crate)`.

Run from the repository's root on a clean tree:  python3 tools/pub-crate-pass.py

1. Every `pub` item of src/ (fn, struct, enum, trait, type, const, static, mod, use; not
   fields, not src/main.rs or src/cli.rs) is made `pub(crate)`.
2. The fuzz targets are copied in as examples for the duration (they need nightly and
   libfuzzer, so they are not otherwise compiled here).
3. `cargo check --all-targets --keep-going --message-format=json`, in two phases, each
   repeated until it names no more lines: first the errors (an item or module "defined
   here" that a user outside the library names: it goes back to `pub`; a name on a later
   line of a `use` list or signature widens that statement); then the warnings (a
   `pub(crate)` type in a `pub` item's signature, `private_interfaces`; an item nothing
   uses any more, `dead_code` / `unused_imports`): back to `pub`, the dead ones listed.
4. The copies of the fuzz targets are removed; `cargo fmt`.

An item left `pub` is used outside the library, is named in the signature of one that is,
or is used nowhere (dead code, listed at the end for a person to delete). Then run
`cargo clippy --all-targets -- -D warnings`: an item whose type or module became
`pub(crate)` and that nothing uses is dead code the pass cannot widen away (on 2026-12-02:
`ProvisionNumber::letters`, `words::Kind::is_space`, `word::numbering::Level::style`);
delete it by hand.
"""

import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path.cwd()
SRC = ROOT / "src"
SKIP = {SRC / "main.rs", SRC / "cli.rs"}
ITEM = re.compile(r"^(\s*)pub (?=(?:async |unsafe |const )*(?:fn|struct|enum|trait|type|const|static|mod|use|union) )")
FUZZ = ROOT / "fuzz" / "fuzz_targets"
EXAMPLES = ROOT / "examples"


def sources():
    return sorted(p for p in SRC.rglob("*.rs") if p not in SKIP)


def narrow():
    n = 0
    for p in sources():
        lines = p.read_text().split("\n")
        out = []
        for line in lines:
            new = ITEM.sub(r"\1pub(crate) ", line)
            n += new != line
            out.append(new)
        p.write_text("\n".join(out))
    return n


def fuzz_examples():
    made = []
    if not FUZZ.is_dir():
        return made
    for target in sorted(FUZZ.glob("*.rs")):
        text = target.read_text()
        text = text.replace("#![no_main]\n", "").replace("use libfuzzer_sys::fuzz_target;\n", "")
        text = re.sub(r"fuzz_target!\(\|(\w+): &\[u8\]\| \{", r"fn main() { let \1: &[u8] = &[]; {", text)
        text = re.sub(r"\n\}\);\s*$", "\n}}\n", text)
        text = text.replace('#[path = "../../', '#[path = "../')
        path = EXAMPLES / f"zz_pub_pass_fuzz_{target.stem}.rs"
        path.write_text("#![allow(unused)]\n" + text)
        made.append(path)
    return made


def spans(message, definitions_only):
    """The (file, line)s a compiler message points at: for an error, where the private item
    is defined (its notes and secondary spans); for a warning, every span."""
    stack = [(message, True)]
    while stack:
        m, top = stack.pop()
        for s in m.get("spans", []):
            if definitions_only and top and s.get("is_primary"):
                continue
            yield s["file_name"], s["line_start"]
        stack.extend((c, False) for c in m.get("children", []))


def check():
    run = subprocess.run(
        ["cargo", "check", "--all-targets", "--keep-going", "--message-format=json"],
        capture_output=True,
        text=True,
    )
    errors, warnings, dead, n_errors = set(), set(), [], 0
    names = set()
    for line in run.stdout.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("reason") != "compiler-message":
            continue
        m = msg["message"]
        level = m["level"]
        if level not in ("error", "warning"):
            continue
        n_errors += level == "error"
        code = (m.get("code") or {}).get("code", "")
        if code in ("E0364", "E0365", "E0603"):
            # A `pub use` of a `pub(crate)` item: the item itself must be `pub`; a private
            # item a user names may be reached through a re-export of the same name.
            names.add(re.search(r"`([^`]+)`", m["message"]).group(1).split("::")[-1])
        private_type = re.match(r"type `([^`]+)` is private", m["message"])
        if level == "error" and private_type:
            # A `pub(crate)` type a user meets in a `pub` signature: named, not located.
            names.add(re.sub(r"<.*", "", private_type.group(1)).split("::")[-1])
        for f, l in spans(m, level == "error"):
            p = (ROOT / f).resolve()
            if p.is_relative_to(SRC) and p not in SKIP:
                (errors if level == "error" else warnings).add((p, l))
                if code in ("dead_code", "unused_imports"):
                    dead.append(f"{p.relative_to(ROOT)}:{l}: {m['message']}")
    errors |= definitions(names)
    return errors, warnings, dead, n_errors, run


def definitions(names):
    """Where items of these names are defined as `pub(crate)` (every one of the name)."""
    found = set()
    for name in names:
        item = re.compile(r"^\s*pub\(crate\) (?:async |unsafe |const )*(?:fn|struct|enum|trait|type|const|static|mod|union) " + re.escape(name) + r"\b")
        reexport = re.compile(r"^\s*pub\(crate\) use .*\b" + re.escape(name) + r"\b")
        for p in sources():
            lines = p.read_text().split("\n")
            for i, line in enumerate(lines):
                if item.match(line):
                    found.add((p, i + 1))
                elif re.match(r"^\s*pub\(crate\) use ", line):
                    # The whole `use` statement, which may run over several lines.
                    j = i
                    while ";" not in lines[j] and j + 1 < len(lines):
                        j += 1
                    if reexport.match(" ".join(lines[i : j + 1])):
                        found.add((p, i + 1))
    return found


def widen(points):
    """Back to `pub`: the `pub(crate)` of each line pointed at, or of the statement it is part
    of (a name on a later line of a `use` list or a signature)."""
    n = 0
    for p, l in sorted(points):
        lines = p.read_text().split("\n")
        i = l - 1
        while 0 <= i < len(lines) and "pub(crate) " not in lines[i]:
            i -= 1
            if i < 0 or i < l - 40 or lines[i].rstrip().endswith((";", "}")):
                i = -1
                break
        if 0 <= i < len(lines) and "pub(crate) " in lines[i]:
            lines[i] = lines[i].replace("pub(crate) ", "pub ", 1)
            p.write_text("\n".join(lines))
            n += 1
    return n


def main():
    print(f"made pub(crate): {narrow()} items", flush=True)
    made = fuzz_examples()
    dead_all = []
    try:
        # First what the users of the library name (errors), then what the warnings ask
        # for (a pub(crate) type in a pub signature; an item nothing uses).
        for phase in ("errors", "warnings"):
            for round_ in range(1, 40):
                errors, warnings, dead, n_errors, run = check()
                points = errors if phase == "errors" or n_errors else warnings
                if phase == "warnings":
                    dead_all += dead
                n = widen(points)
                print(f"{phase}, round {round_}: {n_errors} errors, {n} items back to pub", flush=True)
                if n == 0:
                    if n_errors:
                        sys.stderr.write(run.stderr[-4000:])
                        sys.exit("errors remain that name no pub(crate) line: see above")
                    break
    finally:
        for p in made:
            p.unlink()
    subprocess.run(["cargo", "fmt"], check=True)
    left = sum(1 for p in sources() for line in p.read_text().split("\n") if ITEM.match(line))
    narrowed = sum(1 for p in sources() for line in p.read_text().split("\n") if re.match(r"^\s*pub\(crate\) ", line))
    print(f"pub items left: {left}; pub(crate): {narrowed}")
    if dead_all:
        print("left pub because nothing uses them (dead code, for a person to delete):")
        for d in sorted(set(dead_all)):
            print("  " + d)


if __name__ == "__main__":
    main()
