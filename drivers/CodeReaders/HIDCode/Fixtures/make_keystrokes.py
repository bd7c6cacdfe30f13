#!/usr/bin/env python3
"""Writes keystrokes.jsonl: the input events a USB HID keyboard-mode reader produces, in the
shape the Linux kernel delivers them for a USB keyboard (EV_MSC/MSC_SCAN with the HID usage,
EV_KEY, EV_SYN/SYN_REPORT per key change), with oddities: caps lock, key repeat, keypad, Ctrl+]
(GS1 group separator), an unknown key, SYN_DROPPED, Alt codes (read and refused), LED events, 32-bit records.
Run from this folder: python3 make_keystrokes.py > keystrokes.jsonl"""
import json, struct

EV_SYN, EV_KEY, EV_MSC, EV_LED = 0, 1, 4, 17
# linux/input-event-codes.h key codes, and HID usages (page 7) for MSC_SCAN.
KEYS = {}
def row(first, plain, shifted, usages):
    for i, (p, s) in enumerate(zip(plain, shifted)):
        KEYS.setdefault(p, (first + i, False, usages[i]))
        KEYS.setdefault(s, (first + i, p != s, usages[i]))
row(2, "1234567890-=", "!@#$%^&*()_+", list(range(0x1E, 0x28)) + [0x2D, 0x2E])
row(16, "qwertyuiop[]", "QWERTYUIOP{}", [0x14, 0x1A, 0x08, 0x15, 0x17, 0x1C, 0x18, 0x0C, 0x12, 0x13, 0x2F, 0x30])
row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~", [0x04, 0x16, 0x07, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x0F, 0x33, 0x34, 0x35])
row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?", [0x31, 0x1D, 0x1B, 0x06, 0x19, 0x05, 0x11, 0x10, 0x36, 0x37, 0x38])
KEYS[" "] = (57, False, 0x2C)
ENTER, KPENTER, LSHIFT, LCTRL, LALT, CAPS, F1 = (28, 0x28), (96, 0x58), (42, 0xE1), (29, 0xE0), (56, 0xE2), (58, 0x39), (59, 0x3A)
KEYPAD = {"7": (71, 0x5F), "8": (72, 0x60), "9": (73, 0x61), "4": (75, 0x5C), "5": (76, 0x5D), "6": (77, 0x5E),
          "1": (79, 0x59), "2": (80, 0x5A), "3": (81, 0x5B), "0": (82, 0x62)}

class Recorder:
    def __init__(self, size=24):
        self.size, self.t, self.out = size, 1_740_000_000_000_000, b""
    def event(self, type_, code, value):
        sec, usec = divmod(self.t, 1_000_000)
        fmt = "<qqHHi" if self.size == 24 else "<iiHHi"
        self.out += struct.pack(fmt, sec, usec, type_, code, value)
    def key(self, key, value):
        code, usage = key
        if value != 2: self.event(EV_MSC, 4, 0x70000 + usage)
        self.event(EV_KEY, code, value)
        self.event(EV_SYN, 0, 0)
        self.t += 4000
    def tap(self, key):
        self.key(key, 1); self.key(key, 0)
    def type(self, text, enter=ENTER):
        for ch in text:
            code, shifted, usage = KEYS[ch]
            if shifted: self.key(LSHIFT, 1)
            self.tap((code, usage))
            if shifted: self.key(LSHIFT, 0)
        if enter: self.tap(enter)

def vector(name, recorder, codes, errors):
    print(json.dumps({"name": name, "eventSize": recorder.size, "hex": recorder.out.hex(" "), "codes": codes, "errors": errors,
                      "source": "built by make_keystrokes.py in the kernel's USB keyboard event shape"}, ensure_ascii=False))

r = Recorder(); r.type("8938505974194"); vector("EAN-13 digits, Enter", r, ["8938505974194"], 0)
r = Recorder(); r.type("VN-12C12345/Ab?"); vector("shifted letters and symbols", r, ["VN-12C12345/Ab?"], 0)
r = Recorder(); r.type("ABC123"); r.type("xyz:789"); vector("two codes back to back", r, ["ABC123", "xyz:789"], 0)
r = Recorder()
for d in "0123456789": r.tap(KEYPAD[d])
r.tap(KPENTER); vector("keypad digits and keypad Enter", r, ["0123456789"], 0)
r = Recorder(); r.tap((CAPS[0], CAPS[1])); r.event(EV_LED, 1, 1); r.event(EV_SYN, 0, 0)
r.type("abc", enter=None); r.key(LSHIFT, 1); r.tap((30, 0x04)); r.key(LSHIFT, 0); r.tap(ENTER)
vector("caps lock inverts letters, shift with caps lock types lower case; LED events ignored", r, ["ABCa"], 0)
r = Recorder(); r.type("0109501101020917", enter=None); r.key(LCTRL, 1); r.tap((27, 0x30)); r.key(LCTRL, 0); r.type("10ABC")
vector("GS1 element string: Ctrl+] types the group separator", r, ["0109501101020917\u001d10ABC"], 0)
r = Recorder(); r.key((4, 0x21), 1); r.key((4, 0x21), 2); r.key((4, 0x21), 2); r.key((4, 0x21), 0); r.tap(ENTER)
vector("auto-repeat types the key again", r, ["333"], 0)
r = Recorder(); r.type("AB", enter=None); r.tap(F1); r.type("CD"); r.type("OK1")
vector("F1 has no character: the code is refused, the next one reads", r, ["OK1"], 1)
r = Recorder(); r.type("12", enter=None); r.event(EV_SYN, 3, 0); r.event(EV_KEY, 5, 1); r.event(EV_SYN, 0, 0); r.type("34"); r.type("5678")
vector("SYN_DROPPED: the code in progress is refused, the next one reads", r, ["5678"], 1)
def alt(recorder, digits):
    recorder.key(LALT, 1)
    for d in digits: recorder.tap(KEYPAD[d])
    recorder.key(LALT, 0)
r = Recorder(); alt(r, "065"); alt(r, "066"); r.tap(ENTER); r.type("A")
vector("Alt codes type their character (Alt+065 is A), as a Datalogic GFS4400 sends every character", r, ["AB", "A"], 0)
r = Recorder(); r.type("0109501101020917", enter=None); alt(r, "029"); r.type("10ABC")
vector("GS1 group separator as Alt+029", r, ["0109501101020917\u001d10ABC"], 0)
r = Recorder(); alt(r, "0233"); r.tap(ENTER)
vector("Alt+0233 is Latin-1 e acute", r, ["\u00e9"], 0)
r = Recorder(); alt(r, "130"); r.tap(ENTER); r.type("A")
vector("Alt+130 (the OEM code page) is refused, the next code reads", r, ["A"], 1)
r = Recorder(); r.key(LALT, 1); r.tap((30, 0x04)); r.key(LALT, 0); r.tap(ENTER); r.type("A")
vector("a letter with Alt held is refused", r, ["A"], 1)
r = Recorder(); r.tap(ENTER); r.tap(ENTER); r.type("Z9")
vector("Enter alone types no code", r, ["Z9"], 0)
r = Recorder(); r.type("SPACE IN CODE")
vector("spaces", r, ["SPACE IN CODE"], 0)
r = Recorder(); r.type("HALF", enter=None)
vector("a code without its Enter waits", r, [], 0)
r = Recorder(16); r.type("8938505974194"); vector("32-bit board: 16-byte records", r, ["8938505974194"], 0)
