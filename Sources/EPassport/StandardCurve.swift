import CLibCrypto

/// The elliptic curves ICAO 9303 chips use (part 11, §9.5.1, table 6): PACE's parameter id,
/// libcrypto's name for the curve, and the OID a SubjectPublicKeyInfo names it by. DG14's Chip
/// Authentication keys name one of these or spell its parameters out; nothing else is accepted.
public struct StandardCurve: Sendable, Hashable {
    /// PACE's standardized domain parameter id (8–18).
    public let parameterId: Int
    public let name: String
    /// The curve's OID, dotted (prime256v1, brainpoolP256r1…).
    public let objectIdentifier: String
    let nid: Int32

    /// The curve in libcrypto; nil only when libcrypto lacks it.
    public var curve: EllipticCurve? { EllipticCurve(nid: nid, name: name) }

    /// Every curve of table 6.
    public static let all: [StandardCurve] = [
        StandardCurve(parameterId: 8, name: "NIST P-192", objectIdentifier: "1.2.840.10045.3.1.1", nid: NID_X9_62_prime192v1),
        StandardCurve(parameterId: 9, name: "brainpoolP192r1", objectIdentifier: "1.3.36.3.3.2.8.1.1.3", nid: NID_brainpoolP192r1),
        StandardCurve(parameterId: 10, name: "NIST P-224", objectIdentifier: "1.3.132.0.33", nid: NID_secp224r1),
        StandardCurve(parameterId: 11, name: "brainpoolP224r1", objectIdentifier: "1.3.36.3.3.2.8.1.1.5", nid: NID_brainpoolP224r1),
        StandardCurve(parameterId: 12, name: "NIST P-256", objectIdentifier: "1.2.840.10045.3.1.7", nid: NID_X9_62_prime256v1),
        StandardCurve(parameterId: 13, name: "brainpoolP256r1", objectIdentifier: "1.3.36.3.3.2.8.1.1.7", nid: NID_brainpoolP256r1),
        StandardCurve(parameterId: 14, name: "brainpoolP320r1", objectIdentifier: "1.3.36.3.3.2.8.1.1.9", nid: NID_brainpoolP320r1),
        StandardCurve(parameterId: 15, name: "NIST P-384", objectIdentifier: "1.3.132.0.34", nid: NID_secp384r1),
        StandardCurve(parameterId: 16, name: "brainpoolP384r1", objectIdentifier: "1.3.36.3.3.2.8.1.1.11", nid: NID_brainpoolP384r1),
        StandardCurve(parameterId: 17, name: "brainpoolP512r1", objectIdentifier: "1.3.36.3.3.2.8.1.1.13", nid: NID_brainpoolP512r1),
        StandardCurve(parameterId: 18, name: "NIST P-521", objectIdentifier: "1.3.132.0.35", nid: NID_secp521r1),
    ]

    /// The curve of PACE's parameter id, or nil.
    public static func withParameter(_ parameterId: Int) -> StandardCurve? { all.first { $0.parameterId == parameterId } }

    /// The curve `objectIdentifier` (dotted) names, or nil.
    public static func named(_ objectIdentifier: String) -> StandardCurve? { all.first { $0.objectIdentifier == objectIdentifier } }

    /// The curve whose prime, coefficients, generator and order are `parameters`, or nil when
    /// they are no curve of table 6 (a chip's own curve is never trusted: it could be weak).
    public static func matching(_ parameters: EllipticCurve.DomainParameters) -> StandardCurve? {
        all.first { standard in
            guard let curve = standard.curve, let own = try? curve.domainParameters else { return false }
            return own.sameCurve(as: parameters)
        }
    }
}
