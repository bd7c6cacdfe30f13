import LaneModel

/// What an override request carries to show the officer is who it names: the PIN as typed, or a
/// signature by the key the officer holds. Its description never shows the PIN, so a logged
/// request cannot leak one.
public enum OfficerCredential: Sendable, Equatable, CustomStringConvertible {
    case pin(String)
    case signature(OverrideSignature)

    /// How the record says the officer was authenticated.
    public var method: OfficerAuthentication {
        switch self {
        case .pin: .pin
        case .signature: .key
        }
    }

    public var description: String {
        switch self {
        case .pin: "pin(…)"
        case .signature(let signature): "signature(signedAt: \(signature.signedAt.rfc3339))"
        }
    }
}

/// How an officer was authenticated, as `crossing.override` and `override.refused` name it.
public enum OfficerAuthentication: String, Sendable {
    /// The PIN matched the PIN hash in the reference data.
    case pin
    /// The request was signed by the Ed25519 key the reference data lists for the officer.
    case key
}
