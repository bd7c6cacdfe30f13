#!/usr/bin/python3
"""A test passport for vsmartcard's vicc (Debian vsmartcard-vpicc), signed by a test PKI.

  vicc_passport.py build DIR [--mrz LINE1 LINE2] [--face JPEG] [--tamper-dg1]
      Makes a test CSCA and document signer with the openssl CLI (EC P-256, SHA-256), the
      passport's files (EF.COM, DG1 with the MRZ, DG2 with the face in an ISO 19794-5 record,
      EF.SOD: a CMS SignedData over the LDSSecurityObject made by `openssl cms -sign`) and
      writes them to DIR: csca.pem/.der, ds.pem/.der, ds.key, com.bin, dg1.bin, dg2.bin, sod.bin.
      --tamper-dg1 changes DG1 after signing, so passive authentication must fail on its hash.

  vicc_passport.py serve DIR --port PORT
      Runs vicc's own emulator (VirtualICC with the ePass card type: Iso7816OS and PassportSAM,
      BAC and secure messaging) on the card built from DIR's files, connected to vpcd's PORT.

Why not `vicc -t ePass --file`: vicc 0.8 (Debian 3.3+dfsg-2) parses --file but never passes it
on, and its ePass generator prompts with raw_input, which Python 3 lacks. So this script builds
the MF/DF/EF tree with the package's own classes and hands it to VirtualICC in place of the
generator's. Two packaging gaps are bridged here too: the package installs its modules under
/usr/lib/python3/site-packages/virtualsmartcard, which is not on Python's path, and imports
PyCrypto's `Crypto`, which Debian ships as pycryptodome's `Cryptodome` (python3-pycryptodome).
Run with Debian's /usr/bin/python3.
"""
import argparse
import hashlib
import importlib
import os
import subprocess
import sys

PACKAGE_PATH = "/usr/lib/python3/site-packages/virtualsmartcard"
LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
DEFAULT_MRZ = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F3104150ZE184226B<<<<<16")


# --- DER, as much as an LDSSecurityObject needs -------------------------------------------

def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, value):
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return tag_bytes + der_length(len(value)) + value


def der_integer(n):
    body = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return tlv(0x02, body)


SHA256_ALGORITHM = tlv(0x30, tlv(0x06, bytes.fromhex("608648016503040201")) + b"\x05\x00")


def lds_security_object(groups):
    """LDSSecurityObject v0 (ICAO 9303-10 4.6.2.2) over `groups`: {number: file bytes}, SHA-256."""
    hashes = b"".join(tlv(0x30, der_integer(n) + tlv(0x04, hashlib.sha256(groups[n]).digest())) for n in sorted(groups))
    return tlv(0x30, der_integer(0) + SHA256_ALGORITHM + tlv(0x30, hashes))


# --- The passport's files -----------------------------------------------------------------

def check_digit(text):
    weights = (7, 3, 1)
    total = 0
    for i, c in enumerate(text):
        value = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        total += value * weights[i % 3]
    return str(total % 10)


def dg1(lines):
    mrz = (lines[0] + lines[1]).encode("ascii")
    if len(mrz) != 88:
        raise SystemExit("the MRZ must be two lines of 44 characters (TD3)")
    return tlv(0x61, tlv(0x5F1F, mrz))


def dg2(jpeg):
    """DG2: one face in a CBEFF biometric information template, ISO/IEC 19794-5 (2005) record."""
    image_information = bytes([0x01, 0x00]) + (240).to_bytes(2, "big") + (320).to_bytes(2, "big") + bytes([0x01, 0x00, 0, 0, 0, 0])
    facial_information = bytes(20)
    block = facial_information + image_information + jpeg
    block = (len(block) + 4).to_bytes(4, "big") + block
    record = b"FAC\x00" + b"010\x00" + (14 + len(block)).to_bytes(4, "big") + (1).to_bytes(2, "big") + block
    header = tlv(0xA1, tlv(0x80, b"\x01\x01") + tlv(0x81, b"\x02") + tlv(0x87, b"\x01\x01") + tlv(0x88, b"\x00\x08"))
    template = tlv(0x7F61, tlv(0x02, b"\x01") + tlv(0x7F60, header + tlv(0x5F2E, record)))
    return tlv(0x75, template)


def ef_com():
    return tlv(0x60, tlv(0x5F01, b"0107") + tlv(0x5F36, b"040000") + tlv(0x5C, b"\x61\x75"))


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_pki(out):
    """A test CSCA (self-signed, CA) and a document signer it signs, both EC P-256 with SHA-256."""
    openssl("req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "csca.key",
            "-out", "csca.pem", "-subj", "/C=UT/O=LaneAgent test/CN=LaneAgent test CSCA", "-days", "3650", "-sha256",
            "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=out)
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ds.key", "-out", "ds.csr",
            "-subj", "/C=UT/O=LaneAgent test/CN=LaneAgent test document signer", cwd=out)
    with open(os.path.join(out, "ds.ext"), "w") as f:
        f.write("keyUsage=critical,digitalSignature\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    openssl("x509", "-req", "-in", "ds.csr", "-CA", "csca.pem", "-CAkey", "csca.key", "-CAcreateserial", "-days", "1825", "-sha256",
            "-extfile", "ds.ext", "-out", "ds.pem", cwd=out)
    for name in ("csca", "ds"):
        openssl("x509", "-in", name + ".pem", "-outform", "DER", "-out", name + ".der", cwd=out)


def build(args):
    out = args.dir
    os.makedirs(out, exist_ok=True)
    make_pki(out)
    face = open(args.face, "rb").read() if args.face else bytes.fromhex("FFD8FFE000104A46494600010100000100010000FFD9")
    groups = {1: dg1(args.mrz), 2: dg2(face)}
    with open(os.path.join(out, "lds.der"), "wb") as f:
        f.write(lds_security_object(groups))
    openssl("cms", "-sign", "-in", "lds.der", "-binary", "-nodetach", "-outform", "DER", "-econtent_type", LDS_SECURITY_OBJECT,
            "-signer", "ds.pem", "-inkey", "ds.key", "-md", "sha256", "-nosmimecap", "-out", "sod.cms", cwd=out)
    sod = tlv(0x77, open(os.path.join(out, "sod.cms"), "rb").read())
    if args.tamper_dg1:
        # Another birth date, check digits made right again: only the signed hash can tell.
        line2 = args.mrz[1]
        birth = "750101"
        line2 = line2[:13] + birth + check_digit(birth) + line2[20:]
        composite = line2[0:10] + line2[13:20] + line2[21:43]
        line2 = line2[:43] + check_digit(composite)
        groups[1] = dg1((args.mrz[0], line2))
    files = {"com.bin": ef_com(), "dg1.bin": groups[1], "dg2.bin": groups[2], "sod.bin": sod}
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(out)


# --- Serving the card through vicc --------------------------------------------------------

def load_virtualsmartcard():
    import Cryptodome
    sys.modules["Crypto"] = Cryptodome
    for name in ("Cipher", "Hash", "Cipher.DES3", "Cipher.DES", "Cipher.AES", "Cipher.ARC4", "Hash.HMAC", "Hash.SHA"):
        sys.modules["Crypto." + name] = importlib.import_module("Cryptodome." + name)
    sys.path.insert(0, PACKAGE_PATH)
    import virtualsmartcard.CryptoUtils as crypto

    def operation_on_string(string1, string2, op):
        # vicc 0.8's own calls ord() on bytes, which Python 3 iterates as ints: BAC's last step
        # (K_seed = K_ICC xor K_IFD) raised TypeError and vicc answered nothing.
        if len(string1) != len(string2):
            raise ValueError("string1 and string2 must be of equal length")
        return bytes(op(a, b) for a, b in zip(string1, string2))

    crypto.operation_on_string = operation_on_string

    checksum = crypto.crypto_checksum

    def crypto_checksum(algo, key, data, iv=None, ssc=None):
        # The send sequence counter is 8 bytes (ICAO 9303 part 11, 9.8.2); vicc 0.8 writes it in
        # as few bytes as its value needs, so a counter whose top byte is 0 broke the MAC.
        if algo == "CC" and ssc is not None:
            return checksum(algo, key, ssc.to_bytes(8, "big") + data, iv)
        return checksum(algo, key, data, iv, ssc)

    crypto.crypto_checksum = crypto_checksum
    import virtualsmartcard.TLVutils as tlv_utilities
    original_pack = tlv_utilities.pack

    def pack(tlv_data, recalculate_length=False):
        # vicc 0.8 ends with b"".join(bytes), which Python 3 refuses (it iterates ints): every
        # secure-messaging command failed its MAC check with 6988.
        try:
            return original_pack(tlv_data, recalculate_length)
        except TypeError:
            return pack_bytes(tlv_data, recalculate_length)

    def pack_bytes(tlv_data, recalculate_length):
        result = b""
        for tag, length, value in (entry[:3] for entry in tlv_data):
            if tag in (0xFF, 0x00):
                result += bytes([tag])
                continue
            if not isinstance(value, bytes):
                value = pack_bytes(value, recalculate_length)
            if recalculate_length:
                length = len(value)
            result += tag.to_bytes((tag.bit_length() + 7) // 8, "big") + der_length(length) + value
        return result

    tlv_utilities.pack = pack
    import virtualsmartcard.utils as utilities
    import virtualsmartcard.SEutils  # noqa: F401 (loaded so that its imported names are patched below)
    import virtualsmartcard.SmartcardSAM  # noqa: F401
    import virtualsmartcard.SmartcardFilesystem  # noqa: F401
    import virtualsmartcard.cards.ePass  # noqa: F401
    original_stringtoint = utilities.stringtoint

    def stringtoint(value):
        # Indexing bytes gives an int in Python 3 (the padding indicator of DO'87, value[0]).
        return value if isinstance(value, int) else original_stringtoint(value)

    for name, module in list(sys.modules.items()):
        if name.startswith("virtualsmartcard") and getattr(module, "stringtoint", None) is original_stringtoint:
            module.stringtoint = stringtoint
    secure_messaging()


def secure_messaging():
    """ICAO 9303 part 11 secure messaging (9.8) for vicc's ePass security environment.

    vicc 0.8's generic ISO 7816 SM code (SEutils) is Python 2 throughout (str joins, ord on
    bytes) and its responses carry no DO'99, which ICAO requires under the MAC. These two methods
    replace it for the ePass card only, built from vicc's own pieces: its 3DES, its retail MAC
    with its send sequence counter (compute_cryptographic_checksum) and its session keys from
    BAC. vicc's BAC, file system, SELECT and READ BINARY handlers and APDU dispatch are unchanged.
    """
    import virtualsmartcard.CryptoUtils as crypto
    from virtualsmartcard.cards.ePass import ePass_SE
    from virtualsmartcard.SWutils import SwError, SW
    from virtualsmartcard.utils import C_APDU

    def pad(data):
        return crypto.append_padding(8, data)

    def objects(data):
        found = {}
        while len(data) >= 2:
            tag, length, start = data[0], data[1], 2
            if length & 0x80:
                count = length & 0x7F
                length, start = int.from_bytes(data[2:2 + count], "big"), 2 + count
            found[tag] = data[start:start + length]
            data = data[start + length:]
        return found

    def parse_SM_CAPDU(self, capdu, authenticate_header):
        found = objects(bytes(capdu.data))
        if 0x8E not in found:
            raise SwError(SW["ERR_SECMESSOBJECTSMISSING"])
        header = pad(bytes([capdu.cla, capdu.ins, capdu.p1, capdu.p2]))
        covered = b"".join(tlv(tag, found[tag]) for tag in (0x87, 0x97) if tag in found)
        if self.compute_cryptographic_checksum(0x8E, 0x80, pad(header + covered)) != found[0x8E]:
            raise SwError(SW["ERR_SECMESSOBJECTSINCORRECT"])
        data = b""
        if 0x87 in found:
            if found[0x87][:1] != b"\x01":
                raise SwError(SW["ERR_SECMESSOBJECTSINCORRECT"])
            data = crypto.strip_padding(8, crypto.decrypt("DES3-CBC", self.ct.key, found[0x87][1:]))
        le = None
        if 0x97 in found:
            le = int.from_bytes(found[0x97], "big")
            if le == 0 and len(found[0x97]) > 1:
                le = 65536
        return C_APDU(cla=capdu.cla & 0xF3, ins=capdu.ins, p1=capdu.p1, p2=capdu.p2, le=le, data=data)

    def protect_response(self, sw, result):
        if sw >> 8 not in (0x90, 0x62, 0x63):
            return sw, b""
        body = tlv(0x87, b"\x01" + crypto.encrypt("DES3-CBC", self.ct.key, pad(bytes(result)))) if result else b""
        body += tlv(0x99, sw.to_bytes(2, "big"))
        return sw, body + tlv(0x8E, self.compute_cryptographic_checksum(0x8E, 0x80, pad(body)))

    ePass_SE.parse_SM_CAPDU = parse_SM_CAPDU
    ePass_SE.protect_response = protect_response


def card(directory):
    """The MF with the eMRTD application (A0 00 00 02 47 10 01) and its files, and vicc's passport SAM."""
    from virtualsmartcard.SmartcardFilesystem import MF, DF, TransparentStructureEF
    from virtualsmartcard.cards.ePass import PassportSAM

    def read(name):
        return open(os.path.join(directory, name), "rb").read()

    mf = MF()
    # File id 4: where vicc's PassportSAM looks for DG1 (path 0004 0101) to derive the BAC keys.
    application = DF(parent=mf, fid=0x0004, dfname=b"\xa0\x00\x00\x02\x47\x10\x01", bertlv_data=[])
    for fid, sfi, name in ((0x011E, 0x1E, "com.bin"), (0x0101, 0x01, "dg1.bin"), (0x0102, 0x02, "dg2.bin"), (0x011D, 0x1D, "sod.bin")):
        application.append(TransparentStructureEF(parent=application, fid=fid, shortfid=sfi, filedescriptor=0, data=read(name)))
    mf.append(application)
    return mf, PassportSAM(mf)


def serve(args):
    load_virtualsmartcard()
    import logging
    import virtualsmartcard.VirtualSmartcard as vs
    mf, sam = card(args.dir)
    prepared = vs.CardGenerator

    class PreparedCard(prepared):
        def __init__(self, card_type=None, sam_=None, mf_=None):
            prepared.__init__(self, card_type, sam, mf)

    vs.CardGenerator = PreparedCard
    level = logging.INFO if args.verbose else logging.CRITICAL
    icc = vs.VirtualICC(None, "ePass", "localhost", args.port, logginglevel=level)
    print("vicc: serving %s on vpcd port %d" % (args.dir, args.port), flush=True)
    try:
        icc.run()
    except KeyboardInterrupt:
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build")
    make.add_argument("dir")
    make.add_argument("--mrz", nargs=2, default=DEFAULT_MRZ, metavar=("LINE1", "LINE2"))
    make.add_argument("--face")
    make.add_argument("--tamper-dg1", action="store_true")
    run = commands.add_parser("serve")
    run.add_argument("dir")
    run.add_argument("--port", type=int, required=True)
    run.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    build(args) if args.command == "build" else serve(args)


if __name__ == "__main__":
    main()
