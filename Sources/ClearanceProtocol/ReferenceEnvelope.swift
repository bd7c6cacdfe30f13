import Crypto
import Foundation
import LaneModel
import Records

/// Reference data travels as a DSSE envelope signed by the central key.
public enum ReferenceEnvelope {
    public static let payloadType = "application/vnd.laneagent.reference.v1+json"

    /// Signs `data` with the central key: the envelope line as served at `/v1/reference/{site}`.
    public static func sign(_ data: ReferenceData, key: DeviceKey) -> [UInt8] {
        let payload = CanonicalJSON.encode(data.json)
        let signature = key.sign(Envelope.preAuthenticationEncoding(payloadType: payloadType, payload: payload))
        return Envelope(payloadType: payloadType, payload: payload,
                        signatures: [.init(keyID: key.keyID, signature: signature)]).encoded()
    }

    /// Checks an envelope from `source` against the pinned central key, the site and the clock,
    /// returning the data; newer-than-held is the caller's check.
    public static func verify(_ bytes: [UInt8], source: String, centralKey: Curve25519.Signing.PublicKey,
                              site: String, now: Timestamp) throws(ReferenceError) -> ReferenceData {
        let envelope: Envelope
        do { envelope = try Envelope(parsing: bytes) } catch { throw .malformed(source, "not a DSSE envelope: \(error)") }
        guard envelope.payloadType == payloadType else {
            throw .malformed(source, "payloadType is \(envelope.payloadType), expected \(payloadType)")
        }
        let keyID = DeviceKey.keyID(ofPublicKey: centralKey.rawRepresentation)
        guard let signature = envelope.signatures.first(where: { $0.keyID == keyID }) else {
            let ids = envelope.signatures.map(\.keyID).joined(separator: ", ")
            throw .badSignature(source, "signed by key \(ids.isEmpty ? "(none)" : ids), the pinned central key is \(keyID)")
        }
        let message = Envelope.preAuthenticationEncoding(payloadType: payloadType, payload: envelope.payload)
        guard centralKey.isValidSignature(signature.signature, for: message) else {
            throw .badSignature(source, "the signature does not match the payload")
        }
        let data: ReferenceData
        do {
            data = try ReferenceData(json: try JSONParser.parse(envelope.payload))
        } catch let error as ReferenceDataError {
            throw .malformed(source, error.description)
        } catch {
            throw .malformed(source, "the payload is not JSON: \(error)")
        }
        guard data.site == site else { throw .wrongSite(source, site: data.site, expected: site) }
        if let expiresAt = data.expiresAt, expiresAt <= now { throw .expired(source, expiresAt: expiresAt) }
        return data
    }

    /// Rejects data that is not newer than the held version (a replay or a rollback).
    public static func checkNewer(_ data: ReferenceData, than held: ReferenceData?, source: String) throws(ReferenceError) {
        if let held, data.version <= held.version { throw .notNewer(source, version: data.version, held: held.version) }
    }

    /// Parses a central public key given as the base64 of its 32 raw bytes.
    public static func publicKey(base64 text: String) -> Curve25519.Signing.PublicKey? {
        guard let raw = Data(base64Encoded: text), raw.count == 32 else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}
