import CLibCrypto

/// A prime-field Diffie-Hellman group (ICAO 9303 part 11, §9.7.4 with DH keys): the prime p,
/// the generator g and, when the key gives it, the subgroup order q. Arithmetic is libcrypto's;
/// every number from a chip is bounded (1024–4096-bit primes) and checked before use.
public struct ModularGroup: Sendable, Hashable {
    /// Big-endian, without leading zeros.
    public let prime: [UInt8]
    public let generator: [UInt8]
    public let order: [UInt8]?

    static let bitRange = 1024...4096

    /// The group, refused when p is outside 1024–4096 bits or even, g is not in 2…p−2, or q is not below p.
    public init(prime: [UInt8], generator: [UInt8], order: [UInt8]?) throws(ChipError) {
        self.prime = Array(prime.drop { $0 == 0 })
        self.generator = Array(generator.drop { $0 == 0 })
        self.order = order.map { Array($0.drop { $0 == 0 }) }
        let bits = self.prime.first.map { self.prime.count * 8 - $0.leadingZeroBitCount } ?? 0
        guard Self.bitRange.contains(bits), self.prime.last.map({ $0 & 1 == 1 }) == true else {
            throw ChipError(.garbled, "a DH prime of \(bits) bits is outside the 1024–4096 this reader accepts, or even")
        }
        guard try compare(self.generator, 1) > 0, try compare(self.generator, self.prime, minusOne: true) < 0 else {
            throw ChipError(.garbled, "the DH generator is not between 2 and p−2")
        }
        if let order = self.order {
            guard !order.isEmpty, try compare(order, self.prime) < 0 else { throw ChipError(.garbled, "the DH subgroup order is not below p") }
        }
    }

    /// RFC 3526's 2048-bit MODP group (g = 2, q = (p−1)/2), for simulated chips.
    public static func rfc3526Group2048() throws(ChipError) -> ModularGroup {
        guard let p = BN_get_rfc3526_prime_2048(nil) else { throw ChipError(.unsupported, "libcrypto lacks RFC 3526's 2048-bit group") }
        defer { BN_free(p) }
        guard let q = BN_dup(p) else { throw ChipError(.unsupported, "libcrypto: no memory") }
        defer { BN_free(q) }
        BN_rshift1(q, p)
        return try ModularGroup(prime: bytes(p), generator: [2], order: bytes(q))
    }

    /// The prime's length in bytes: public keys and the shared secret are this long.
    public var size: Int { prime.count }

    /// "2048-bit MODP", for messages.
    public var name: String { "\(prime.count * 8 - (prime.first?.leadingZeroBitCount ?? 0))-bit MODP" }

    /// A private exponent from `random`: as long as q (or 256 bits without q), reduced below q, never zero.
    public func privateKey(from random: RandomBytes) throws(ChipError) -> [UInt8] {
        let length = order?.count ?? 32
        for _ in 0..<16 {
            var candidate = random(length)
            guard candidate.count == length, length > 0 else { continue }
            // Bits above q's length cleared, so a candidate is below q at least half the time.
            if let top = order?.first { candidate[0] &= UInt8(0xFF >> top.leadingZeroBitCount) }
            guard candidate.contains(where: { $0 != 0 }) else { continue }
            if let order, try compare(candidate, order) >= 0 { continue }
            return candidate
        }
        throw ChipError(.unsupported, "the random source gave no usable DH exponent")
    }

    /// g^x mod p, padded to the prime's length.
    public func publicKey(of exponent: [UInt8]) throws(ChipError) -> [UInt8] { try power(generator, exponent) }

    /// `base`^`exponent` mod p, padded to the prime's length.
    public func power(_ base: [UInt8], _ exponent: [UInt8]) throws(ChipError) -> [UInt8] {
        try withNumbers([base, exponent, prime]) { numbers, context throws(ChipError) in
            guard let result = BN_new() else { throw ChipError(.unsupported, "libcrypto: no memory") }
            defer { BN_clear_free(result) }
            guard BN_mod_exp(result, numbers[0], numbers[1], numbers[2], context) == 1 else { throw ChipError(.unsupported, "libcrypto: modular exponentiation failed") }
            return Self.bytes(result, size: size)
        }
    }

    /// `a`·`b` mod p, padded to the prime's length (PACE's generic mapping: g' = g^s·h).
    public func multiply(_ a: [UInt8], _ b: [UInt8]) throws(ChipError) -> [UInt8] {
        try withNumbers([a, b, prime]) { numbers, context throws(ChipError) in
            guard let result = BN_new() else { throw ChipError(.unsupported, "libcrypto: no memory") }
            defer { BN_clear_free(result) }
            guard BN_mod_mul(result, numbers[0], numbers[1], numbers[2], context) == 1 else { throw ChipError(.unsupported, "libcrypto: modular multiplication failed") }
            return Self.bytes(result, size: size)
        }
    }

    /// The same prime and subgroup with `generator` instead (PACE's mapped generator), refused outside 2…p−2.
    public func with(generator: [UInt8]) throws(ChipError) -> ModularGroup {
        try ModularGroup(prime: prime, generator: generator, order: order)
    }

    /// `publicKey` (big-endian) checked: 1 < y < p−1, and y^q = 1 when q is known (in the subgroup).
    public func validate(publicKey: [UInt8]) throws(ChipError) {
        guard publicKey.count <= size + 1, try compare(publicKey, 1) > 0, try compare(publicKey, prime, minusOne: true) < 0 else {
            throw ChipError(.garbled, "a DH public key that is not between 2 and p−2")
        }
        if let order, try power(publicKey, order) != Self.bytes(one: size) {
            throw ChipError(.garbled, "a DH public key outside the group's subgroup")
        }
    }

    private func compare(_ a: [UInt8], _ b: [UInt8], minusOne: Bool = false) throws(ChipError) -> Int {
        try withNumbers([a, b]) { numbers, _ throws(ChipError) in
            if minusOne { BN_sub_word(numbers[1], 1) }
            return Int(BN_cmp(numbers[0], numbers[1]))
        }
    }

    private func compare(_ a: [UInt8], _ small: UInt8) throws(ChipError) -> Int { try compare(a, [small]) }

    private func withNumbers<T>(_ values: [[UInt8]], _ body: ([OpaquePointer], OpaquePointer) throws(ChipError) -> T) throws(ChipError) -> T {
        guard let context = BN_CTX_new() else { throw ChipError(.unsupported, "libcrypto: no memory for a context") }
        defer { BN_CTX_free(context) }
        var numbers: [OpaquePointer] = []
        defer {
            for number in numbers { BN_clear_free(number) }
        }
        for value in values {
            guard let number = BN_bin2bn(value, Int32(value.count), nil) else { throw ChipError(.unsupported, "libcrypto: no memory for a number") }
            numbers.append(number)
        }
        return try body(numbers, context)
    }

    private static func bytes(_ number: OpaquePointer, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        _ = BN_bn2binpad(number, &bytes, Int32(size))
        return bytes
    }

    private static func bytes(_ number: OpaquePointer) -> [UInt8] { bytes(number, size: Int(BN_num_bits(number) + 7) / 8) }

    private static func bytes(one size: Int) -> [UInt8] { [UInt8](repeating: 0, count: max(0, size - 1)) + [1] }
}
