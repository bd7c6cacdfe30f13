import CLibCrypto

/// PACE's standardized domain parameters (ICAO 9303 part 11, §9.5.1, table 6): the parameter
/// ids EF.CardAccess names, and the curve libcrypto knows each elliptic one by.
public enum PACEDomain {
    /// The elliptic curve of `parameter` (8–18), or nil for the modular groups (0–2) and unknown ids.
    public static func curve(ofParameter parameter: Int) -> EllipticCurve? {
        guard let entry = curves[parameter] else { return nil }
        return EllipticCurve(nid: entry.nid, name: entry.name)
    }

    /// The parameters' name for messages: "brainpoolP256r1", "2048-bit MODP with 224-bit subgroup".
    public static func name(ofParameter parameter: Int) -> String {
        if let entry = curves[parameter] { return entry.name }
        switch parameter {
        case 0: return "1024-bit MODP with 160-bit subgroup"
        case 1: return "2048-bit MODP with 224-bit subgroup"
        case 2: return "2048-bit MODP with 256-bit subgroup"
        default: return "parameter id \(parameter)"
        }
    }

    private static let curves: [Int: (nid: Int32, name: String)] = [
        8: (NID_X9_62_prime192v1, "NIST P-192"),
        9: (NID_brainpoolP192r1, "brainpoolP192r1"),
        10: (NID_secp224r1, "NIST P-224"),
        11: (NID_brainpoolP224r1, "brainpoolP224r1"),
        12: (NID_X9_62_prime256v1, "NIST P-256"),
        13: (NID_brainpoolP256r1, "brainpoolP256r1"),
        14: (NID_brainpoolP320r1, "brainpoolP320r1"),
        15: (NID_secp384r1, "NIST P-384"),
        16: (NID_brainpoolP384r1, "brainpoolP384r1"),
        17: (NID_brainpoolP512r1, "brainpoolP512r1"),
        18: (NID_secp521r1, "NIST P-521"),
    ]
}
