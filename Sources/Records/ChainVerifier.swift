import Crypto
import Foundation
import LaneModel

/// Why a record failed verification.
public enum VerificationReason: String, Sendable, Equatable {
    case malformedJSON = "malformed JSON"
    case unknownKey = "unknown key"
    case badSignature = "bad signature"
    case notCanonical = "not canonical"
    case invalidRecord = "invalid record"
    case gap
    case fork
    case duplicate
}

/// The first problem found, with what was expected.
public struct VerificationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: VerificationReason
    public let detail: String

    public var description: String { "\(reason.rawValue): \(detail)" }

    public init(reason: VerificationReason, detail: String) {
        self.reason = reason
        self.detail = detail
    }
}

/// A record that verified, with its payload hash.
public struct VerifiedRecord: Sendable {
    public let record: Record
    public let envelope: Envelope
    public let payloadHash: [UInt8]
}

/// Checks a stream of envelopes in order: signature and key id, canonical form, record shape,
/// seq contiguity and the `prev` chain. Pure: the same checks serve `journal verify`, the
/// journal's open-time check, salvage and (later) the receiver.
public struct ChainVerifier: Sendable {
    private let keys: VerificationKeys
    private var device: String?
    private var lastHash: [UInt8]?
    /// Payload hashes of every record seen, 32 bytes each from `firstSeq`, to tell a duplicate
    /// from a fork.
    private var hashes: [UInt8] = []

    /// Seq of the first record accepted, 0 before any.
    public private(set) var firstSeq = 0
    /// Seq of the last record accepted, 0 before any.
    public private(set) var lastSeq = 0
    /// How many records were accepted.
    public var count: Int { firstSeq == 0 ? 0 : lastSeq - firstSeq + 1 }

    public init(keys: VerificationKeys) { self.keys = keys }

    /// The payload hash of accepted record `seq`; nil when it was not accepted.
    public func payloadHash(seq: Int) -> [UInt8]? {
        guard firstSeq > 0, (firstSeq...lastSeq).contains(seq) else { return nil }
        let offset = (seq - firstSeq) * 32
        return Array(hashes[offset..<offset + 32])
    }

    /// Verifies one envelope line and, if it passes, makes it the new end of the chain.
    public mutating func verify<Bytes: Collection<UInt8>>(line: Bytes) -> Result<VerifiedRecord, VerificationFailure> {
        let envelope: Envelope
        do { envelope = try Envelope(parsing: line) } catch {
            return .failure(.init(reason: .malformedJSON, detail: error.description))
        }
        return verify(envelope: envelope)
    }

    /// Verifies one parsed envelope and, if it passes, makes it the new end of the chain.
    public mutating func verify(envelope: Envelope) -> Result<VerifiedRecord, VerificationFailure> {
        switch check(envelope) {
        case .failure(let failure): return .failure(failure)
        case .success(let (record, hash)): return link(record, envelope: envelope, hash: hash)
        }
    }

    /// Everything that does not depend on the records before this one.
    public func check(_ envelope: Envelope) -> Result<(Record, [UInt8]), VerificationFailure> {
        guard envelope.payloadType == Envelope.recordPayloadType else {
            return .failure(.init(reason: .invalidRecord, detail: "payloadType is \(envelope.payloadType), expected \(Envelope.recordPayloadType)"))
        }
        guard let (signature, key) = envelope.signatures.lazy.compactMap({ s in keys.key(for: s.keyID).map { (s, $0) } }).first else {
            let ids = envelope.signatures.map(\.keyID).joined(separator: ", ")
            return .failure(.init(reason: .unknownKey, detail: "signed by key id \(ids), which is not the trusted key \(keys.keyIDs.joined(separator: ", "))"))
        }
        let pae = Envelope.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: envelope.payload)
        guard key.isValidSignature(signature.signature, for: pae) else {
            return .failure(.init(reason: .badSignature, detail: "the Ed25519 signature by key \(signature.keyID.prefix(16))… does not match the payload"))
        }
        let value: JSONValue
        do { value = try JSONParser.parse(envelope.payload) } catch {
            return .failure(.init(reason: .malformedJSON, detail: "payload: \(error)"))
        }
        guard CanonicalForm.isCanonical(envelope.payload, value: value) else {
            return .failure(.init(reason: .notCanonical, detail: "payload bytes are not RFC 8785 canonical JSON"))
        }
        let record: Record
        do { record = try Record(parsing: value) } catch {
            return .failure(.init(reason: .invalidRecord, detail: error.description))
        }
        return .success((record, Array(SHA256.hash(data: envelope.payload))))
    }

    private mutating func link(_ record: Record, envelope: Envelope, hash: [UInt8]) -> Result<VerifiedRecord, VerificationFailure> {
        if let device, record.device != device {
            return .failure(.init(reason: .invalidRecord, detail: "record of device \(record.device) in a chain of device \(device)"))
        }
        if firstSeq == 0 {
            if record.seq == 1 && record.prev != Record.genesisPrev {
                return .failure(.init(reason: .fork, detail: "seq 1 must have prev of 64 zeros, has \(record.prev)"))
            }
        } else if record.seq == lastSeq + 1 {
            if record.prev != Hex.encode(lastHash!) {
                return .failure(.init(reason: .fork,
                                      detail: """
                                          seq \(record.seq) has prev \(record.prev.prefix(16))…, but seq \(lastSeq) hashes to \
                                          \(Hex.encode(lastHash!).prefix(16))…
                                          """))
            }
        } else if record.seq > lastSeq {
            let missing = record.seq - lastSeq == 2 ? "record \(lastSeq + 1) is missing" : "records \(lastSeq + 1)…\(record.seq - 1) are missing"
            return .failure(.init(reason: .gap, detail: "expected seq \(lastSeq + 1), found seq \(record.seq) (\(missing))"))
        } else if record.seq >= firstSeq {
            let offset = (record.seq - firstSeq) * 32
            if Array(hashes[offset..<offset + 32]) == hash {
                return .failure(.init(reason: .duplicate, detail: "seq \(record.seq) appears a second time"))
            }
            return .failure(.init(reason: .fork, detail: "a different record with seq \(record.seq) was already seen"))
        } else {
            return .failure(.init(reason: .gap, detail: "seq \(record.seq) comes after seq \(lastSeq); records are out of order"))
        }
        if firstSeq == 0 {
            firstSeq = record.seq
            device = record.device
        }
        lastSeq = record.seq
        lastHash = hash
        hashes.append(contentsOf: hash)
        return .success(VerifiedRecord(record: record, envelope: envelope, payloadHash: hash))
    }
}
