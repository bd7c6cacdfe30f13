/// PACE's standardized domain parameters (ICAO 9303 part 11, §9.5.1, table 6): the parameter
/// ids EF.CardAccess names, the curve libcrypto knows each elliptic one by, and RFC 5114's
/// groups for the modular ones.
public enum PACEDomain {
    /// The elliptic curve of `parameter` (8–18), or nil for the modular groups (0–2) and unknown ids.
    public static func curve(ofParameter parameter: Int) -> EllipticCurve? {
        StandardCurve.withParameter(parameter)?.curve
    }

    /// The Diffie-Hellman group of `parameter` (0–2), or nil for the curves and unknown ids.
    public static func group(ofParameter parameter: Int) -> ModularGroup? {
        StandardModularGroup.withParameter(parameter)?.group
    }

    /// The parameters' name for messages: "brainpoolP256r1", "2048-bit MODP with 224-bit subgroup".
    public static func name(ofParameter parameter: Int) -> String {
        if let curve = StandardCurve.withParameter(parameter) { return curve.name }
        return StandardModularGroup.withParameter(parameter)?.name ?? "parameter id \(parameter)"
    }
}
