/// What DG14 offers for Chip Authentication, matched up: a ChipAuthenticationInfo and the key
/// it names (by key id when there are several). A chip showing only its key offers 3DES
/// (ICAO 9303 part 11, §9.2.5).
public struct ChipAuthenticationOffer: Sendable {
    public let info: ChipAuthenticationInfo
    public let key: ChipAuthenticationPublicKeyInfo.Key

    /// What a reader can do with a DG14.
    public enum Choice: Sendable {
        /// Run this offer.
        case run(ChipAuthenticationOffer)
        /// The chip offers Chip Authentication only in a way this reader does not run (an unknown protocol, curve or cipher).
        case notRun(String)
        /// What DG14 says about Chip Authentication does not hold together: a malformed key, a key id naming no key.
        case malformed(String)
        /// DG14 offers no Chip Authentication.
        case notOffered
    }

    /// The offer to run from `securityInfos`: AES before 3DES, longer keys first, elliptic before DH among equals.
    public static func choose(from securityInfos: [SecurityInfo]) -> Choice {
        let announced = securityInfos.filter { $0.protocolIdentifier.hasPrefix(ChipAuthenticationInfo.prefix) }
        let keys = securityInfos.compactMap(ChipAuthenticationPublicKeyInfo.init)
        if announced.isEmpty && keys.isEmpty { return .notOffered }
        guard !keys.isEmpty else { return .malformed("DG14 offers Chip Authentication but holds no Chip Authentication public key") }
        var infos = announced.compactMap(ChipAuthenticationInfo.init)
        if announced.isEmpty { infos = keys.compactMap { ChipAuthenticationInfo.implied(elliptic: $0.isEllipticCurve, keyId: $0.keyId) } }
        guard !infos.isEmpty else {
            return .notRun("DG14 offers Chip Authentication as \(announced.map(\.protocolIdentifier).joined(separator: ", ")), which this reader does not know")
        }
        var problems: [ChipError] = []
        var usable: [ChipAuthenticationOffer] = []
        for info in infos {
            let ofKind = keys.filter { $0.isEllipticCurve == info.isEllipticCurve }
            // A key id on the info alone still finds a chip's only key of its kind when that key carries no id.
            let named = ofKind.filter { info.keyId == nil || $0.keyId == info.keyId } + (ofKind.count == 1 && ofKind[0].keyId == nil ? ofKind : [])
            guard let key = named.first else {
                problems.append(ChipError(.garbled, "DG14's \(info.summary) names no Chip Authentication public key of its kind" + (info.keyId.map { " with key id \($0)" } ?? "")))
                continue
            }
            switch key.key {
            case .success(let agreementKey): usable.append(ChipAuthenticationOffer(info: info, key: agreementKey))
            case .failure(let error): problems.append(error)
            }
        }
        if let best = usable.max(by: { rank($0.info) < rank($1.info) }) { return .run(best) }
        if let malformed = problems.first(where: { $0.kind == .garbled }) { return .malformed(malformed.message) }
        return .notRun(problems.first?.message ?? "DG14's Chip Authentication offer cannot be run")
    }

    /// AES above 3DES, longer keys above shorter, elliptic above DH.
    private static func rank(_ info: ChipAuthenticationInfo) -> Int { (info.cipher == .aes ? 1000 : 0) + info.keyLength * 10 + (info.isEllipticCurve ? 1 : 0) }
}
