#!/bin/sh
# swift format lint with the house configuration (.swift-format; docs/developing.md, "Formatting").
# Fails on every rule finding, on LineLength and TrailingWhitespace, and on any swift-format
# error. It ignores only the pretty-printer's layout findings (Indentation, AddLines, RemoveLine,
# Spacing, TrailingComma): swift-format cannot turn them off (swiftlang/swift-format#764, #964)
# and the house layout (wrap after a comma, align under the opening bracket) differs on purpose.
set -u
cd "$(dirname "$0")/.."
dirs="Sources Tests drivers Benchmarks"
out="$(swift format lint --strict --configuration .swift-format --recursive $dirs 2>&1)"
rc=$?
layout='^[^:]+:[0-9]+:[0-9]+: (error|warning): \[(Indentation|AddLines|RemoveLine|Spacing|TrailingComma)\] '
left="$(printf '%s\n' "$out" | grep -Ev "$layout" | grep -v '^[[:space:]]*$')"
ignored="$(printf '%s\n' "$out" | grep -Ec "$layout")"
if [ -n "$left" ]; then
    printf '%s\n' "$left" >&2
    echo "format-lint: $(printf '%s\n' "$left" | wc -l | tr -d ' ') finding(s) or error(s) above (swift format exited $rc)" >&2
    exit 1
fi
if [ "$rc" -ne 0 ] && [ "$ignored" -eq 0 ] || [ "$rc" -gt 1 ]; then
    echo "format-lint: swift format lint exited $rc" >&2
    exit 1
fi
files="$(find $dirs -name '*.swift' | wc -l | tr -d ' ')"
echo "format-lint: $files Swift files pass ($ignored layout findings ignored: the house layout)"
