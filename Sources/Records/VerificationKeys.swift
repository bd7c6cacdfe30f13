import Crypto
import Foundation
import LaneModel

/// Public keys a verifier trusts, looked up by DSSE key id.
public struct VerificationKeys: Sendable {
    private var keys: [String: Curve25519.Signing.PublicKey] = [:]

    public init() {}

    /// Trusts the public key of `deviceKey`.
    public init(_ deviceKey: DeviceKey) {
        keys[deviceKey.keyID] = deviceKey.privateKey.publicKey
    }

    /// Trusts a raw public key given as base64 (the `publicKey` of `keys show --json`).
    public init(base64 text: String) throws(KeyError) {
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .badPublicKey("not base64")
        }
        guard raw.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw .badPublicKey("\(raw.count) bytes instead of 32")
        }
        keys[DeviceKey.keyID(ofPublicKey: raw)] = key
    }

    /// The key with this id, if trusted.
    public func key(for keyID: String) -> Curve25519.Signing.PublicKey? { keys[keyID] }

    /// The trusted key ids.
    public var keyIDs: [String] { Array(keys.keys).sorted() }
}
