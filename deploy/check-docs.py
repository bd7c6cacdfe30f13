#!/usr/bin/env python3
"""Check the Markdown documentation against the tree and the built binaries.

    deploy/check-docs.py [ROOT]

Reads README.md, docs/*.md and drivers/**/*.md under ROOT (default: the repository this script
is in) and reports:

  (a) dead relative links: a `[text](path)` or `[label]: path` whose file or folder does not
      exist, or whose `#anchor` is not a heading (GitHub-style anchor) of the Markdown file it
      points at;
  (b) commands the binaries do not have: every `laneagent …` and `clearance-receiver …` written
      in a code span or code block is walked subcommand by subcommand with `BIN PATH… --help`,
      and every long flag (`--xyz`) written after it must appear in that command's help text;
  (c) drivers the device tables leave out: every driver `laneagent diag drivers --json` lists
      must have a row in README.md's device table and in docs/configuration.md's, naming it in
      a code span, whose last column begins with the verification level the binary prints.

The binaries are taken from the folder of $LANEAGENT_BIN (the path of the laneagent binary),
default ROOT/.build/debug. Each problem is printed as `FILE:LINE: what is wrong`; the exit
status is 1 if there was any, else 0 after a one-line summary (2 when the binaries are not
there). Python 3 standard library only.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote

BINARIES = ("laneagent", "clearance-receiver")

# ---------------------------------------------------------------------------------------------
# Markdown structure: fenced and indented code blocks, paragraphs, headings.
# ---------------------------------------------------------------------------------------------

FENCE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


class Block:
    """A run of lines: kind is 'code' (fenced or indented) or 'text' (a paragraph, list, table…)."""

    def __init__(self, kind: str, first_line: int, lines: list[str]):
        self.kind = kind
        self.first_line = first_line  # 1-based line number of lines[0]
        self.lines = lines


def split_blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    in_list = False
    prev_blank = True
    while i < len(lines):
        line = lines[i]
        fence = FENCE_RE.match(line)
        if fence:
            marker = fence.group(2)
            body: list[str] = []
            j = i + 1
            while j < len(lines):
                close = re.match(r"^ {0,3}(`{3,}|~{3,})\s*$", lines[j])
                if close and close.group(1)[0] == marker[0] and len(close.group(1)) >= len(marker):
                    break
                body.append(lines[j])
                j += 1
            blocks.append(Block("code", i + 2, body))
            i = j + 1
            prev_blank = False
            continue
        if not line.strip():
            prev_blank = True
            i += 1
            continue
        indented = line.startswith("    ") or line.startswith("\t")
        if indented and prev_blank and not in_list:
            body = []
            j = i
            while j < len(lines) and (not lines[j].strip() or lines[j].startswith("    ") or lines[j].startswith("\t")):
                body.append(lines[j][4:] if lines[j].startswith("    ") else lines[j].lstrip("\t"))
                j += 1
            while body and not body[-1].strip():
                body.pop()
            blocks.append(Block("code", i + 1, body))
            i = j
            prev_blank = True
            continue
        # A text block: up to the next blank line or fence.
        body = []
        j = i
        while j < len(lines) and lines[j].strip() and not FENCE_RE.match(lines[j]):
            body.append(lines[j])
            j += 1
        if LIST_RE.match(body[0]):
            in_list = True
        elif not body[0].startswith(" "):
            in_list = any(LIST_RE.match(b) for b in body)
        blocks.append(Block("text", i + 1, body))
        i = j
        prev_blank = False
    return blocks


def strip_inline(text: str) -> str:
    """A heading's text as GitHub renders it to plain text: no code ticks, emphasis, links, HTML."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("`", "")
    text = text.replace("*", "")  # emphasis; an underscore stays, as GitHub's anchors keep it
    return text.strip()


def github_slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped (not - or _), spaces to -."""
    text = strip_inline(text).lower()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "-_" or ch == " " or cat[0] in ("L", "N") or cat == "Mn" or cat == "Mc" or cat == "Pc":
            out.append("-" if ch == " " else ch)
    return "".join(out)


def anchors_of(text: str) -> set[str]:
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    for block in split_blocks(text):
        if block.kind != "text":
            continue
        for k, line in enumerate(block.lines):
            heading = None
            m = ATX_RE.match(line)
            if m and (m.group(2) is not None or line.strip("# \t") == ""):
                heading = m.group(2) or ""
            elif (k + 1 < len(block.lines) and re.match(r"^ {0,3}(=+|-+)\s*$", block.lines[k + 1])
                  and not line.lstrip().startswith("|") and not LIST_RE.match(line) and k == 0):
                heading = line.strip()
            if heading is None:
                continue
            slug = github_slug(heading)
            n = counts.get(slug, 0)
            counts[slug] = n + 1
            anchors.add(slug if n == 0 else f"{slug}-{n}")
        for m in re.finditer(r"""<a\s+(?:name|id)\s*=\s*["']([^"']+)["']""", "\n".join(block.lines)):
            anchors.add(m.group(1))
    return anchors


# ---------------------------------------------------------------------------------------------
# Inline code spans and links in a text block.
# ---------------------------------------------------------------------------------------------

def code_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each inline code span; a span may cross line breaks."""
    spans = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 2
            continue
        if text[i] != "`":
            i += 1
            continue
        j = i
        while j < len(text) and text[j] == "`":
            j += 1
        ticks = text[i:j]
        m = re.compile(r"(?<!`)" + re.escape(ticks) + r"(?!`)").search(text, j)
        if not m:
            i = j
            continue
        content = text[j:m.start()].replace("\n", " ")
        if content.startswith(" ") and content.endswith(" ") and content.strip():
            content = content[1:-1]
        spans.append((i, m.end(), content))
        i = m.end()
    return spans


def blank_code_spans(text: str) -> str:
    """The text with each code span replaced by x's (line breaks kept), so links are found
    outside code only and offsets still map to lines."""
    out = list(text)
    for start, end, _ in code_spans(text):
        for p in range(start, end):
            if out[p] != "\n":
                out[p] = "x"
    return "".join(out)


LINK_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFDEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")


def line_of(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


# ---------------------------------------------------------------------------------------------
# Commands.
# ---------------------------------------------------------------------------------------------

class Help:
    """`BIN PATH… --help`, run once per path."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.cache: dict[tuple[str, ...], tuple[bool, str, list[str]]] = {}

    def get(self, path: tuple[str, ...]) -> tuple[bool, str, list[str]]:
        if path in self.cache:
            return self.cache[path]
        exe = self.bindir / path[0]
        try:
            proc = subprocess.run([str(exe), *path[1:], "--help"], capture_output=True, text=True, timeout=30)
            text = proc.stdout + proc.stderr
            ok = proc.returncode == 0
        except (OSError, subprocess.TimeoutExpired) as error:
            text, ok = str(error), False
        subs: list[str] = []
        if ok:
            section = re.search(r"^SUBCOMMANDS:\n(.*?)(?:\n\s*\n|\Z)", text, re.S | re.M)
            if section:
                for line in section.group(1).split("\n"):
                    m = re.match(r"^  (\S+)", line)
                    if m:
                        subs.append(m.group(1))
        self.cache[path] = (ok, text, subs)
        return self.cache[path]


BIN_RE = re.compile(r"(?<![\w./$-])((?:\./|\$\{?\w+\}?/|[\w./-]*(?:bin|\.build[\w-]*)[\w./-]*/)?)(laneagent|clearance-receiver)(?=[\s`);|&]|$)")
# Words after which a command starts: prompts, sudo and friends, shell operators, comments.
COMMAND_POSITION = {"$", "#", "%", ">", "sudo", "--", "|", "||", "&&", ";", "(", "$(", "`", "time", "exec", "env",
                    "nohup", "command", "then", "do", "else", "!", "xargs", "watch", "strace", "gdb", "valgrind",
                    "-E", "-H", "timeout"}
NOT_A_COMMAND_AFTER = {"-u", "--user", "-g", "--group", "-U"}
SUBCOMMAND_WORD_RE = re.compile(r"^[a-z][a-z0-9-]*(?:\|[a-z][a-z0-9-]*)*$")
PLACEHOLDER_RE = re.compile(r"^(?:<.*>|\.\.\.|…|[A-Z][A-Z0-9_]*(?:[./-][A-Z0-9_]*)*|\$\w+|\{.*\})$")


def previous_words(line: str, start: int) -> list[str]:
    """The words before `start` on the line, nearest last; an opening `$(`, backtick or
    parenthesis right before counts as the word "("."""
    before = line[:start].rstrip()
    if before.endswith("$(") or before.endswith("`") or before.endswith("("):
        return before.split() + ["("]
    return before.split()


def starts_command(before: list[str]) -> bool:
    """Whether a binary's name after the words `before` is a command (`$ laneagent`,
    `sudo laneagent`, `sudo -u laneagent laneagent`, `| laneagent`, `# laneagent …` in a comment)
    rather than a word (`-u laneagent`, `systemctl status laneagent`)."""
    prev = before[-1] if before else None
    if len(before) >= 2 and before[-2] in NOT_A_COMMAND_AFTER:
        return True  # `sudo -u laneagent laneagent …`: the user, then the command
    if prev is None or prev in COMMAND_POSITION:
        return True
    if prev in NOT_A_COMMAND_AFTER or prev.startswith("-"):
        return False
    return bool(re.match(r"^[A-Za-z_]\w*=\S*$", prev)) or prev.endswith(":")


def clean_word(word: str) -> str:
    return word.strip("[](){},")


def tokens_from(rest: str) -> list[str]:
    """The words of a command line from just after the binary: cut at a comment, a backtick or a
    shell operator outside brackets (a | inside [..] or (..) is usage-syntax alternation)."""
    # cut at a comment (whitespace then #) and a closing backtick
    cut = len(rest)
    m = re.search(r"(^|\s)#", rest)
    if m:
        cut = min(cut, m.start())
    if "`" in rest:
        cut = min(cut, rest.index("`"))
    rest = rest[:cut]
    try:
        lexer = shlex.shlex(rest, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        words = list(lexer)
    except ValueError:
        words = rest.split()
    out = []
    depth = 0
    for word in words:
        if depth == 0 and word in ("|", "||", "&&", ";", ">", ">>", "<", "2>", "2>&1", "&"):
            break
        if depth == 0 and (word.endswith(";") or word.endswith(")") and word.count(")") > word.count("(")):
            stripped = word.rstrip(";)")
            if stripped:
                out.append(stripped)
            break
        depth += word.count("[") + word.count("(") - word.count("]") - word.count(")")
        depth = max(depth, 0)
        out.append(word)
    return out


def check_command(words: list[str], binary: str, helps: Help, where: str, problems: list[str]) -> None:
    path: list[tuple[str, ...]] = [(binary,)]
    i = 0
    is_help = False
    ok, text, subs = helps.get(path[0])
    if not ok:
        problems.append(f"{where}: `{binary} --help` fails: is {helps.bindir / binary} built?")
        return
    while i < len(words):
        raw = words[i]
        word = clean_word(raw)
        if not word or not SUBCOMMAND_WORD_RE.match(word) or PLACEHOLDER_RE.match(word):
            break  # a flag, a placeholder (FILE, <id>, …) or not a word at all (a diagram's arrow)
        if not subs:
            break  # a leaf: the rest are arguments
        if word == "help" and len(path) == 1 and len(path[0]) == 1 and not is_help:
            is_help = True
            i += 1
            continue
        alternatives = word.split("|") if "|" in word else [word]
        if any(a not in subs for a in alternatives):
            bad = [a for a in alternatives if a not in subs]
            shown = " ".join(path[0])
            problems.append(f"{where}: `{shown}` has no subcommand {', '.join(repr(b) for b in bad)}"
                            f" (it has: {', '.join(subs)})")
            return
        new_paths = [p + (a,) for p in path for a in alternatives]
        path = new_paths
        subs_all = []
        for p in path:
            ok, text, s = helps.get(p)
            if not ok:
                problems.append(f"{where}: `{' '.join(p)} --help` fails")
                return
            subs_all.append(s)
        subs = subs_all[0] if all(s == subs_all[0] for s in subs_all) else sorted(set().union(*subs_all))
        i += 1
    if is_help:
        return
    for raw in words[i:]:
        for word in re.split(r"[|]", raw):
            word = clean_word(word)
            m = re.match(r"^(--[A-Za-z0-9][A-Za-z0-9-]*)", word)
            if not m:
                continue
            flag = m.group(1)
            if flag == "--help":
                continue
            for p in path:
                help_text = helps.get(p)[1]
                if not re.search(r"(?<![\w-])" + re.escape(flag) + r"(?![\w-])", help_text):
                    problems.append(f"{where}: `{' '.join(p)}` has no option {flag}")


def check_code_text(text: str, first_line: int, rel: str, helps: Help, problems: list[str],
                    continuation: bool) -> int:
    """Check every command in `text` (a code block's lines joined, or one code span). Returns the
    number of commands checked."""
    checked = 0
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        lineno = first_line + k
        # join shell continuation lines
        logical = line
        while continuation and logical.rstrip().endswith("\\") and k + 1 < len(lines):
            k += 1
            logical = logical.rstrip()[:-1] + " " + lines[k]
        for m in BIN_RE.finditer(logical):
            if not starts_command(previous_words(logical, m.start())):
                continue
            words = tokens_from(logical[m.end():])
            if words and words[0] == "--":
                continue  # `-u laneagent -- …`: a user name, not the binary
            check_command(words, m.group(2), helps, f"{rel}:{lineno}", problems)
            checked += 1
        k += 1
    return checked


# ---------------------------------------------------------------------------------------------

def check_driver_tables(root: Path, bindir: Path, problems: list[str]) -> int:
    """(c): each registered driver has its row, with the binary's verification level, in both tables."""
    try:
        proc = subprocess.run([str(bindir / "laneagent"), "diag", "drivers", "--json"], capture_output=True, text=True, timeout=60)
        drivers = json.loads(proc.stdout)
    except (OSError, subprocess.TimeoutExpired, ValueError) as error:
        problems.append(f"README.md:0: `laneagent diag drivers --json` gave no driver list: {error}")
        return 0
    for rel in ("README.md", "docs/configuration.md"):
        path = root / rel
        if not path.exists():
            continue
        rows: dict[str, tuple[int, str]] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if not line.startswith("|"):
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            for name in re.findall(r"`([a-z0-9-]+)`", cells[1] if len(cells) > 1 else ""):
                rows.setdefault(name, (number, cells[-1]))
        for driver in drivers:
            name, level = driver.get("name", ""), driver.get("verified", "")
            if name not in rows:
                problems.append(f"{rel}:0: driver {name} ({driver.get('kind', '')}) has no row in the device table")
            elif not rows[name][1].startswith(level):
                problems.append(f"{rel}:{rows[name][0]}: driver {name}: the table says '{rows[name][1]}', "
                                f"`laneagent diag drivers` says {level}")
    return len(drivers)


def markdown_files(root: Path) -> list[Path]:
    files = []
    if (root / "README.md").exists():
        files.append(root / "README.md")
    files += sorted((root / "docs").glob("*.md"))
    files += sorted(p for p in (root / "drivers").rglob("*.md") if ".build" not in p.parts)
    return files


def main() -> int:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    env_bin = os.environ.get("LANEAGENT_BIN")
    bindir = Path(env_bin).resolve().parent if env_bin else root / ".build" / "debug"
    missing = [name for name in BINARIES if not os.access(bindir / name, os.X_OK)]
    if missing:
        print(f"check-docs: no {' or '.join(missing)} in {bindir}: build them (swift build), or set LANEAGENT_BIN "
              f"to the laneagent binary of a build", file=sys.stderr)
        return 2
    helps = Help(bindir)
    problems: list[str] = []
    anchor_cache: dict[Path, set[str]] = {}
    links = commands = 0
    files = markdown_files(root)

    def anchors(path: Path) -> set[str]:
        if path not in anchor_cache:
            anchor_cache[path] = anchors_of(path.read_text(encoding="utf-8"))
        return anchor_cache[path]

    for path in files:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        for block in split_blocks(text):
            if block.kind == "code":
                commands += check_code_text("\n".join(block.lines), block.first_line, rel, helps, problems, True)
                continue
            joined = "\n".join(block.lines)
            for offset, _, content in code_spans(joined):
                commands += check_code_text(content, line_of(joined, offset, block.first_line), rel, helps,
                                            problems, False)
            plain = blank_code_spans(joined)
            targets = [(m.group(1), m.start()) for m in LINK_RE.finditer(plain)]
            for n, line in enumerate(plain.split("\n")):
                d = REFDEF_RE.match(line)
                if d:
                    targets.append((d.group(1), sum(len(x) + 1 for x in plain.split("\n")[:n])))
            for target, offset in targets:
                target = target.strip("<>")
                lineno = line_of(plain, offset, block.first_line)
                if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
                    continue  # http:, https:, mailto:, file: …
                links += 1
                file_part, _, anchor = target.partition("#")
                file_part = file_part.split("?")[0]
                file_part = unquote(file_part)
                dest = path if not file_part else (root / file_part.lstrip("/") if file_part.startswith("/")
                                                   else (path.parent / file_part))
                dest = Path(os.path.normpath(dest))
                if not dest.exists():
                    problems.append(f"{rel}:{lineno}: dead link {target}: {file_part} does not exist")
                    continue
                if anchor:
                    if dest.is_dir() or dest.suffix.lower() not in (".md", ".markdown"):
                        continue
                    if unquote(anchor).lower() not in {a.lower() for a in anchors(dest)}:
                        shown = dest.relative_to(root).as_posix() if dest.is_relative_to(root) else str(dest)
                        problems.append(f"{rel}:{lineno}: dead link {target}: {shown} has no heading #{anchor}")

    drivers = check_driver_tables(root, bindir, problems)

    def position(problem: str) -> tuple[str, int]:
        name, line, _ = problem.split(":", 2)
        return name, int(line) if line.isdigit() else 0

    for problem in sorted(problems, key=position):
        print(problem)
    if problems:
        print(f"check-docs: {len(problems)} problem(s) in {len(files)} files", file=sys.stderr)
        return 1
    print(f"check-docs: ok: {len(files)} files, {links} relative links, {commands} commands and {drivers} drivers' "
          f"table rows checked against {bindir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
