#!/usr/bin/env bash
# Print the package's debian/copyright (machine-readable format) to standard output:
#   deploy/debian/copyright.sh CHECKOUTS_DIR
# LaneAgent itself, the Swift runtime and Foundation linked into the executables, and every
# SwiftPM dependency found in CHECKOUTS_DIR (each checkout's own LICENSE decides its licence).
set -euo pipefail
checkouts=${1:?usage: deploy/debian/copyright.sh CHECKOUTS_DIR}

cat <<'TEXT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: LaneAgent
Comment: The executables are linked statically against the Swift runtime, Foundation and
 the SwiftPM packages listed below; each is named by its source folder.

Files: *
Copyright: 2026 The LaneAgent authors
License: LaneAgent
 No licence for LaneAgent has been published yet: all rights are reserved by
 its authors. Ask the LaneAgent maintainers before you redistribute it.

Files: swift/*
Copyright: 2014-2026 Apple Inc. and the Swift project authors
License: Apache-2.0 with Runtime Library Exception
Comment: The Swift standard library, Dispatch and Foundation (--static-swift-stdlib).
TEXT

mit_packages=()
for checkout in "$checkouts"/*/; do
    name=$(basename "$checkout")
    license_file=$(find "$checkout" -maxdepth 1 -iname 'licen[cs]e*' -print -quit)
    [ -n "$license_file" ] || { echo "copyright.sh: $name has no LICENSE file" >&2; exit 2; }
    if grep -q 'Apache License' "$license_file"; then
        license=Apache-2.0
    elif grep -q 'Permission is hereby granted, free of charge' "$license_file"; then
        license="MIT~$name"
        mit_packages+=("$name:$license_file")
    else
        echo "copyright.sh: cannot tell the licence of $name from $license_file" >&2
        exit 2
    fi
    # The holder from the licence itself (MIT) or from the Apache NOTICE file.
    holder=$(cat "$license_file" "$checkout"NOTICE* 2>/dev/null |
        grep -m1 -i -E '^ *Copyright (\(c\) *)?[0-9]' | sed -E 's/^ *Copyright *(\([cC]\) *)?//' || true)
    printf '\nFiles: %s/*\nCopyright: %s\nLicense: %s\n' "$name" "${holder:-the $name authors}" "$license"
done

cat <<'TEXT'

License: Apache-2.0
 Licensed under the Apache License, Version 2.0 (the "License"); you may not
 use this file except in compliance with the License. You may obtain a copy of
 the License at https://www.apache.org/licenses/LICENSE-2.0
 .
 Unless required by applicable law or agreed to in writing, software
 distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
 WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 .
 On Debian systems, the complete text of the Apache License, Version 2.0 can be
 found in "/usr/share/common-licenses/Apache-2.0".

License: Apache-2.0 with Runtime Library Exception
 Licensed under the Apache License, Version 2.0, with the Runtime Library
 Exception: as an exception, if you use this Software to compile your source
 code and portions of this Software are embedded into the binary product as a
 result, you may redistribute such product without providing attribution as
 would otherwise be required by Sections 4(a), 4(b) and 4(d) of the License.
 .
 On Debian systems, the complete text of the Apache License, Version 2.0 can be
 found in "/usr/share/common-licenses/Apache-2.0".
TEXT

for entry in "${mit_packages[@]}"; do
    name=${entry%%:*}
    file=${entry#*:}
    printf '\nLicense: MIT~%s\n' "$name"
    # Continuation lines: one leading space, an empty line becomes " .".
    sed 's/^[[:space:]]*$/./; s/^/ /' "$file"
done
