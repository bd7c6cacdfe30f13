import Crypto
import Foundation
import Journal
import LaneModel
import Records

/// An officer's signature over one override: the key the officer holds signs the lane, crossing,
/// decision, officer, reason and the time of signing, so a signature cannot be moved to another
/// crossing or decision, and is good only for a few minutes and only once.
public struct OverrideSignature: Sendable, Equatable {
    /// How far the signing time may be from the board's clock either way.
    public static let freshnessSeconds: Int64 = 300

    public var signedAt: Timestamp
    /// The raw 64-byte Ed25519 signature.
    public var value: [UInt8]

    public init(signedAt: Timestamp, value: [UInt8]) {
        self.signedAt = signedAt
        self.value = value
    }

    /// The bytes signed: canonical JSON with a purpose field, so the signature means nothing
    /// anywhere else (a record, a reference envelope).
    public static func message(for request: OverrideRequest, signedAt: Timestamp) -> [UInt8] {
        CanonicalJSON.encode([
            "purpose": "laneagent.override.v1", "lane": .string(request.lane), "crossing": .string(request.crossing),
            "decision": .string(request.decision.rawValue), "officer": .string(request.officer), "reason": .string(request.reason),
            "signedAt": .string(signedAt.rfc3339),
        ])
    }

    /// `key` signs `request` now.
    public static func sign(_ request: OverrideRequest, key: DeviceKey, at time: Timestamp = .now()) -> OverrideSignature {
        OverrideSignature(signedAt: time, value: key.sign(message(for: request, signedAt: time)))
    }

    /// True when the signature is `publicKey`'s over `request`.
    func isValid(for request: OverrideRequest, publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(value, for: Self.message(for: request, signedAt: signedAt))
    }

    /// `{"signedAt","value"}` as the control API carries it.
    public var jsonValue: JSONValue {
        ["signedAt": .string(signedAt.rfc3339), "value": .string(Data(value).base64EncodedString())]
    }

    /// Reads `{"signedAt","value"}`; nil when either is malformed.
    init?(json: JSONValue) {
        guard case .string(let time)? = json["signedAt"], let signedAt = Timestamp(rfc3339: time),
              case .string(let text)? = json["value"], let value = Data(base64Encoded: text), value.count == 64 else { return nil }
        self.init(signedAt: signedAt, value: Array(value))
    }
}
