/// PACE's standardized domain parameters (ICAO 9303 part 11, §9.5.1, table 6): the parameter
/// ids EF.CardAccess names, and the curve libcrypto knows each elliptic one by.
public enum PACEDomain {
    /// The elliptic curve of `parameter` (8–18), or nil for the modular groups (0–2) and unknown ids.
    public static func curve(ofParameter parameter: Int) -> EllipticCurve? {
        StandardCurve.withParameter(parameter)?.curve
    }

    /// The parameters' name for messages: "brainpoolP256r1", "2048-bit MODP with 224-bit subgroup".
    public static func name(ofParameter parameter: Int) -> String {
        if let curve = StandardCurve.withParameter(parameter) { return curve.name }
        switch parameter {
        case 0: return "1024-bit MODP with 160-bit subgroup"
        case 1: return "2048-bit MODP with 224-bit subgroup"
        case 2: return "2048-bit MODP with 256-bit subgroup"
        default: return "parameter id \(parameter)"
        }
    }
}
