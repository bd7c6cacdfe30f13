import Foundation
import LaneModel

/// A DSSE v1 envelope (github.com/secure-systems-lab/dsse): the signed payload and its signatures.
public struct Envelope: Sendable, Equatable {
    /// The payload type of every journal record.
    public static let recordPayloadType = "application/vnd.laneagent.record.v1+json"

    /// One signature and the id of the key that made it.
    public struct Signature: Sendable, Equatable {
        public var keyID: String
        public var signature: [UInt8]
        public init(keyID: String, signature: [UInt8]) {
            self.keyID = keyID
            self.signature = signature
        }
    }

    public var payloadType: String
    public var payload: [UInt8]
    public var signatures: [Signature]

    public init(payloadType: String, payload: [UInt8], signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    /// DSSE's pre-authentication encoding, the bytes a signature covers:
    /// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(payload.count + payloadType.utf8.count + 32)
        output.append(contentsOf: "DSSEv1 \(payloadType.utf8.count) ".utf8)
        output.append(contentsOf: payloadType.utf8)
        output.append(contentsOf: " \(payload.count) ".utf8)
        output.append(contentsOf: payload)
        return output
    }

    /// The envelope as one line of canonical JSON (no newline).
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(payload.count * 4 / 3 + 256)
        output.append(contentsOf: #"{"payload":""#.utf8)
        output.append(contentsOf: Data(payload).base64EncodedData())
        output.append(contentsOf: #"","payloadType":"#.utf8)
        CanonicalJSON.writeString(payloadType, into: &output)
        output.append(contentsOf: #","signatures":["#.utf8)
        for (index, signature) in signatures.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"keyid":"#.utf8)
            CanonicalJSON.writeString(signature.keyID, into: &output)
            output.append(contentsOf: #","sig":""#.utf8)
            output.append(contentsOf: Data(signature.signature).base64EncodedData())
            output.append(contentsOf: #""}"#.utf8)
        }
        output.append(contentsOf: "]}".utf8)
        return output
    }

    /// Reads an envelope from JSON, naming what is malformed.
    public init<Bytes: Collection<UInt8>>(parsing bytes: Bytes) throws(EnvelopeError) {
        // Lines as `encoded()` writes them skip the JSON tree; the rest take the full parser.
        if let line = EnvelopeLine.parse(bytes) { self = line } else { self = try Self.parsingTree(bytes) }
    }

    /// The generic path: any JSON layout of an envelope.
    static func parsingTree<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(EnvelopeError) -> Envelope {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw EnvelopeError("malformed JSON: \(error)") }
        guard let members = value.objectValue else { throw EnvelopeError("malformed envelope: not a JSON object") }
        guard let type = members["payloadType"]?.stringValue else {
            throw EnvelopeError("malformed envelope: payloadType missing")
        }
        guard let payloadText = members["payload"]?.stringValue, let payload = Data(base64Encoded: payloadText) else {
            throw EnvelopeError("malformed envelope: payload missing or not base64")
        }
        guard case .array(let list)? = members["signatures"], !list.isEmpty else {
            throw EnvelopeError("malformed envelope: no signatures")
        }
        var signatures: [Signature] = []
        for entry in list {
            guard let keyID = entry["keyid"]?.stringValue, let sigText = entry["sig"]?.stringValue,
                  let sig = Data(base64Encoded: sigText) else {
                throw EnvelopeError("malformed envelope: a signature lacks keyid or base64 sig")
            }
            signatures.append(Signature(keyID: keyID, signature: Array(sig)))
        }
        return Envelope(payloadType: type, payload: Array(payload), signatures: signatures)
    }
}

/// Bytes that are not a well-formed DSSE envelope.
public struct EnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
