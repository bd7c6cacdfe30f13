import Crypto
import Foundation
import LaneModel

/// Central's signed acknowledgement of a batch: it holds `device`'s chain through
/// `acceptedThrough`, whose record has payload hash `sha256` (which commits to every record
/// before it through `prev`). Every `200` to `POST /v1/records:batch` carries one; the board
/// journals the newest as an `uplink.receipt` record, so central cannot later deny it.
///
/// The signature is Ed25519 by the central key over DSSE's pre-authentication encoding of
/// `payloadType` and the canonical JSON of the five signed members, so the receipt travels and
/// is journaled as plain members (no base64 payload) and anyone rebuilds the signed bytes.
public struct BatchReceipt: RecordBody, Equatable {
    /// The DSSE payload type the signature is bound to.
    public static let payloadType = "application/vnd.laneagent.receipt.v1+json"

    public let device: String
    public let acceptedThrough: Int
    /// Lower-case hex SHA-256 of the payload of record `acceptedThrough` (a withheld record's
    /// own payload hash, which its stand-in names).
    public let sha256: String
    /// When the receiver stored the batch, by its clock.
    public let time: Timestamp
    /// The receiver instance that answered (`clearance-receiver serve --instance`).
    public let instance: String
    /// The id of the central key that signed (hex SHA-256 of its raw public key).
    public let keyID: String
    public let signature: [UInt8]

    /// Signs a receipt with the central key.
    public static func sign(device: String, acceptedThrough: Int, sha256: [UInt8], time: Timestamp, instance: String,
                            key: DeviceKey) -> BatchReceipt {
        let unsigned = BatchReceipt(device: device, acceptedThrough: acceptedThrough, sha256: Hex.encode(sha256), time: time,
                                    instance: instance, keyID: key.keyID, signature: [])
        return BatchReceipt(device: device, acceptedThrough: acceptedThrough, sha256: unsigned.sha256, time: time, instance: instance,
                            keyID: key.keyID, signature: key.sign(unsigned.signedBytes))
    }

    init(device: String, acceptedThrough: Int, sha256: String, time: Timestamp, instance: String, keyID: String, signature: [UInt8]) {
        self.device = device
        self.acceptedThrough = acceptedThrough
        self.sha256 = sha256
        self.time = time
        self.instance = instance
        self.keyID = keyID
        self.signature = signature
    }

    /// The bytes the signature covers.
    public var signedBytes: [UInt8] {
        let payload: JSONValue = [
            "device": .string(device), "acceptedThrough": .number(Double(acceptedThrough)), "sha256": .string(sha256),
            "time": .string(time.rfc3339), "instance": .string(instance),
        ]
        return Envelope.preAuthenticationEncoding(payloadType: Self.payloadType, payload: CanonicalJSON.encode(payload))
    }

    /// The body of the `uplink.receipt` record the board journals it as.
    public var recordKind: RecordKind { .uplinkReceipt }

    /// The receipt as the `200` and the `uplink.receipt` record carry it.
    public func write(to members: inout RecordMembers) {
        members.required("device", device)
        members.required("acceptedThrough", acceptedThrough)
        members.required("sha256", sha256)
        members.required("time", time)
        members.required("instance", instance)
        members.required("keyid", keyID)
        members.required("sig", Data(signature).base64EncodedString())
    }

    /// Reads a receipt's members; the signature is `verify`'s to check.
    public init(json: JSONValue) throws(ReceiptProblem) {
        guard case .object = json else { throw .malformed("the receipt is not a JSON object") }
        guard let device = json["device"]?.stringValue, Identifier.isValid(device) else { throw .malformed("device is missing or not an identifier") }
        // Bounded before it enters arithmetic: seqs are positive and far below 2^53.
        guard let through = json["acceptedThrough"]?.integerValue, (1...Self.largestSeq).contains(through) else {
            throw .malformed("acceptedThrough is missing or not a seq from 1 to \(Self.largestSeq)")
        }
        guard let sha256 = json["sha256"]?.stringValue, sha256.utf8.count == 64, sha256.utf8.allSatisfy(Hex.isLowercaseDigit) else {
            throw .malformed("sha256 is missing or not 64 lower-case hex digits")
        }
        guard let text = json["time"]?.stringValue, let time = Timestamp(rfc3339: text), time.rfc3339 == text else {
            throw .malformed("time is missing or not RFC 3339 UTC with milliseconds")
        }
        guard let instance = json["instance"]?.stringValue, Self.isInstanceName(instance) else {
            throw .malformed("instance is missing or not a host-style name (1-255 characters of A-Z a-z 0-9 . _ - :)")
        }
        guard let keyID = json["keyid"]?.stringValue, keyID.utf8.count == 64, keyID.utf8.allSatisfy(Hex.isLowercaseDigit) else {
            throw .malformed("keyid is missing or not 64 lower-case hex digits")
        }
        guard let sig = json["sig"]?.stringValue, sig.utf8.count <= 128, let signature = Data(base64Encoded: sig), signature.count == 64 else {
            throw .malformed("sig is missing or not a base64 Ed25519 signature")
        }
        self.init(device: device, acceptedThrough: through, sha256: sha256, time: time, instance: instance, keyID: keyID, signature: Array(signature))
    }

    /// Whether `name` may name a receiver instance: a host name fits (1–255 characters of
    /// `A-Z a-z 0-9 . _ - :`).
    public static func isInstanceName(_ name: String) -> Bool {
        (1...255).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"):
                true
            default: false
            }
        }
    }

    /// The largest seq a receipt may name.
    public static let largestSeq = 1 << 52

    /// Checks the signature against the pinned central key.
    public func verify(centralKey: Curve25519.Signing.PublicKey) throws(ReceiptProblem) {
        let pinned = DeviceKey.keyID(ofPublicKey: centralKey.rawRepresentation)
        guard keyID == pinned else { throw .foreignKey(keyID: keyID, pinned: pinned) }
        guard centralKey.isValidSignature(signature, for: signedBytes) else { throw .badSignature }
    }

    /// Checks that the receipt is for `device`'s record `seq` with payload hash `sha256`.
    public func check(device expectedDevice: String, seq: Int, sha256 expected: [UInt8]) throws(ReceiptProblem) {
        guard device == expectedDevice else { throw .mismatch("it is for device \(device), not \(expectedDevice)") }
        guard acceptedThrough == seq else { throw .mismatch("it acknowledges through seq \(acceptedThrough), not \(seq)") }
        guard sha256 == Hex.encode(expected) else {
            throw .mismatch("it names payload hash \(sha256.prefix(16))… for seq \(seq), which hashes to \(Hex.encode(expected).prefix(16))…")
        }
    }
}

/// Why a receipt is not central's acknowledgement of what the board holds.
public enum ReceiptProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Members missing or out of range.
    case malformed(String)
    /// Signed by a key other than the pinned central key.
    case foreignKey(keyID: String, pinned: String)
    /// The signature does not cover these members.
    case badSignature
    /// Signed, but for another device, seq or record.
    case mismatch(String)
    /// A `200` without one, from a receiver that must send one.
    case missing

    /// A short stable name for fault records.
    public var reason: String {
        switch self {
        case .malformed: "malformed-receipt"
        case .foreignKey: "foreign-receipt-key"
        case .badSignature: "bad-receipt-signature"
        case .mismatch: "receipt-mismatch"
        case .missing: "no-receipt"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let detail): "the receipt is malformed: \(detail)"
        case .foreignKey(let keyID, let pinned): "the receipt is signed by key \(keyID.prefix(16))…, not the pinned central key \(pinned.prefix(16))…"
        case .badSignature: "the receipt's signature does not match its members"
        case .mismatch(let detail): "the receipt does not match the records: \(detail)"
        case .missing: "the 200 carries no receipt"
        }
    }
}
