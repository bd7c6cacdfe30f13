#!/usr/bin/env python3
"""Writes lines.jsonl: byte streams a serial QR/barcode reader sends (one code per line) and the
codes and errors the driver must make of them. python3 make_lines.py > lines.jsonl"""
import json

def vector(name, data, codes, errors, source="built from the reader manuals' line format"):
    print(json.dumps({"name": name, "hex": data.hex(" "), "codes": codes, "errors": errors, "source": source}, ensure_ascii=False))

vector("one code, CR (the common default suffix)", b"8938505974194\r", ["8938505974194"], 0)
vector("CRLF", b"https://dichvucong.gov.vn/p/?id=A1B2C3\r\nSECOND\r\n", ["https://dichvucong.gov.vn/p/?id=A1B2C3", "SECOND"], 0)
vector("LF", b"ONE\nTWO\n", ["ONE", "TWO"], 0)
vector("CR, LF and CRLF mixed, blank lines skipped", b"A1\r\n\r\nB2\n\nC3\r\rD4\n\r", ["A1", "B2", "C3", "D4"], 0)
vector("LF CR is two terminators, not a blank code", b"X\n\rY\n", ["X", "Y"], 0)
vector("UTF-8 Vietnamese and Chinese text", "Nguyễn Văn An|桂A12345\r".encode(), ["Nguyễn Văn An|桂A12345"], 0)
vector("GS1 QR with group separators kept", b"]Q1010950110102091710ABC\x1d21XYZ\r", ["]Q1010950110102091710ABC\u001d21XYZ"], 0)
vector("spaces inside and around a code are part of it", b" A B \r", [" A B "], 0)
vector("GB 2312 bytes are not UTF-8: refused, next code reads", "桂A".encode("gb2312") + b"123\rOK\r", ["OK"], 1)
vector("code longer than 4096 bytes: refused and skipped up to its end", b"Q" * 5000 + b"\rAFTER\r", ["AFTER"], 1)
vector("4096 bytes exactly is a code", b"7" * 4096 + b"\n", ["7" * 4096], 0)
vector("a code without its terminator waits", b"DONE\rPARTIAL", ["DONE"], 0)
