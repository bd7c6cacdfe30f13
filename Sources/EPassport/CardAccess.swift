/// EF.CardAccess (file 011C, ICAO 9303 part 10, §3.11.3): the SecurityInfos a chip shows
/// before access control, among them its PACE offers.
public struct CardAccess: Sendable, Hashable {
    public let securityInfos: [SecurityInfo]
    public let paceOffers: [PACEInfo]

    /// EF.CardAccess's bytes parsed; malformed ones are an error naming what broke.
    public init(_ bytes: [UInt8]) throws(TLVError) {
        securityInfos = try SecurityInfo.parseSet(bytes)
        paceOffers = PACEInfo.offers(in: securityInfos)
    }

    /// The offer this reader runs: generic or chip-authentication mapping on an elliptic curve
    /// it knows, or generic mapping on a standardized DH group; elliptic before DH, AES before
    /// 3DES, the first announced among equals. Nil when there is none.
    public var preferredOffer: PACEInfo? {
        let usable = paceOffers.filter { PACEKeyAgreement(offer: $0) != nil }
        return usable.first { $0.isEllipticCurve && $0.cipher == .aes } ?? usable.first { $0.isEllipticCurve } ?? usable.first { $0.cipher == .aes } ?? usable.first
    }

    /// EF.CardAccess's bytes announcing `offers` (PACEInfo version 2 with their parameter ids).
    public static func encode(offers: [PACEInfo]) -> [UInt8] {
        let infos = offers.map { offer in
            TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: offer.protocolBytes) + TLV.encode(tag: 0x02, value: [UInt8(offer.version)])
                       + (offer.parameterId.map { TLV.encode(tag: 0x02, value: [UInt8($0)]) } ?? []))
        }
        return TLV.encode(tag: 0x31, value: infos.flatMap { $0 })
    }
}
