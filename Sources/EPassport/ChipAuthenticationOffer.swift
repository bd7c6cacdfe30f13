/// What DG14 offers for Chip Authentication, matched up: a ChipAuthenticationInfo and the key
/// it names (by key id when there are several). A chip showing only its key offers 3DES
/// (ICAO 9303 part 11, §9.2.5).
public struct ChipAuthenticationOffer: Sendable {
    /// The protocol and cipher to run.
    public let info: ChipAuthenticationInfo
    /// The chip's public key to agree with.
    public let key: ChipAuthenticationPublicKeyInfo.Key
    /// The key id MSE names: the info's, else the matched key's own.
    public let keyId: Int?

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
        // ICAO 9303's Chip Authentication is version 1; later versions (BSI TR-03110's for
        // identity cards) derive their keys otherwise, so a genuine chip offering only those would fail.
        let versions = Set(infos.map(\.version))
        infos = infos.filter { $0.version == 1 }
        guard !infos.isEmpty else {
            return .notRun("DG14 offers Chip Authentication version \(versions.sorted().map(String.init).joined(separator: ", ")) only; this reader runs version 1")
        }
        var problems: [ChipError] = []
        var usable: [ChipAuthenticationOffer] = []
        for info in infos {
            let ofKind = keys.filter { $0.isEllipticCurve == info.isEllipticCurve }
            guard info.keyId != nil || ofKind.count <= 1 else {
                problems.append(ChipError(.garbled, "DG14 holds \(ofKind.count) keys for \(info.summary) and its info names none of them"))
                continue
            }
            // A key id on the info alone still finds a chip's only key of its kind when that key carries no id.
            let named = ofKind.filter { info.keyId == nil || $0.keyId == info.keyId } + (ofKind.count == 1 && ofKind[0].keyId == nil ? ofKind : [])
            guard let keyInfo = named.first else {
                problems.append(ChipError(.garbled, "DG14's \(info.summary) names no Chip Authentication public key of its kind" + (info.keyId.map { " with key id \($0)" } ?? "")))
                continue
            }
            switch keyInfo.key {
            case .success(let agreementKey): usable.append(ChipAuthenticationOffer(info: info, key: agreementKey, keyId: info.keyId ?? keyInfo.keyId))
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
