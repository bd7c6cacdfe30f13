/// The group PACE's two Diffie-Hellmans run in (ICAO 9303 part 11, §4.4.3): an elliptic curve
/// or a prime-field group, with what generic mapping needs over public keys as the chip sends
/// them (an uncompressed point, or a big-endian number as long as the prime). Keys from the
/// chip go through `checked` before anything else touches them.
enum PACEKeyAgreement: Sendable {
    case elliptic(EllipticCurve)
    case modular(ModularGroup)

    /// The agreement `offer` runs on: generic or chip-authentication mapping on a standardized
    /// curve, generic mapping on a standardized DH group; nil for anything else.
    init?(offer: PACEInfo) {
        guard offer.mapping != .integrated, let parameter = offer.parameterId else { return nil }
        if offer.isEllipticCurve, let curve = PACEDomain.curve(ofParameter: parameter) {
            self = .elliptic(curve)
        } else if !offer.isEllipticCurve, offer.mapping == .generic, let group = PACEDomain.group(ofParameter: parameter) {
            self = .modular(group)
        } else {
            return nil
        }
    }

    func privateKey(from random: RandomBytes) throws(ChipError) -> [UInt8] {
        switch self {
        case .elliptic(let curve): try curve.privateKey(from: random)
        case .modular(let group): try group.privateKey(from: random)
        }
    }

    /// `generator`·`key` (or `generator`^`key`), encoded; the domain's own generator when `generator` is nil.
    func publicKey(of key: [UInt8], generator: [UInt8]? = nil) throws(ChipError) -> [UInt8] {
        switch self {
        case .elliptic(let curve):
            let base = if let generator { try curve.decode(generator) } else { try curve.generator }
            return curve.encode(try curve.multiply(base, by: key))
        case .modular(let group):
            return try group.power(generator ?? group.generator, key)
        }
    }

    /// The chip's public key checked (on the curve; 1 < y < p−1 and y^q = 1) and written canonically.
    func checked(_ publicKey: [UInt8]) throws(ChipError) -> [UInt8] {
        switch self {
        case .elliptic(let curve):
            return curve.encode(try curve.decode(publicKey))
        case .modular(let group):
            try group.validate(publicKey: publicKey)
            let digits = publicKey.drop { $0 == 0 }
            return [UInt8](repeating: 0, count: group.size - digits.count) + digits
        }
    }

    /// The shared element of a Diffie-Hellman: the checked `peer` times (to the power) `key`, encoded.
    func agree(_ peer: [UInt8], key: [UInt8]) throws(ChipError) -> [UInt8] {
        switch self {
        case .elliptic(let curve): curve.encode(try curve.multiply(try curve.decode(peer), by: key))
        case .modular(let group): try group.power(peer, key)
        }
    }

    /// Generic mapping's generator from the nonce and the first Diffie-Hellman's shared element.
    func mappedGenerator(nonce: [UInt8], shared: [UInt8]) throws(ChipError) -> [UInt8] {
        switch self {
        case .elliptic(let curve): curve.encode(try PACE.mappedGenerator(curve: curve, nonce: nonce, shared: try curve.decode(shared)))
        case .modular(let group): try PACE.mappedGenerator(group: group, nonce: nonce, shared: shared)
        }
    }

    /// The second Diffie-Hellman's shared secret, as the KDF takes it: the point's x, or the whole value.
    func secret(of shared: [UInt8]) throws(ChipError) -> [UInt8] {
        switch self {
        case .elliptic(let curve): try curve.decode(shared).x
        case .modular: shared
        }
    }
}
