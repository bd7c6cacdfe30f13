import CLibCrypto

/// A named elliptic curve in libcrypto, for PACE's point arithmetic: generic mapping needs
/// s·G + H on the announced curve (Brainpool ones included), which swift-crypto cannot do.
/// Points are plain affine coordinates; every point from outside is checked to be on the curve.
public final class EllipticCurve: @unchecked Sendable {
    // The group is only read after init (libcrypto's EC_GROUP is safe for concurrent reads).
    private let group: OpaquePointer
    /// libcrypto's id of the curve, which also tells whether swift-crypto has it.
    let nid: Int32
    public let name: String
    /// The size of a coordinate in bytes.
    public let coordinateSize: Int
    /// The size of the group order in bytes (a private key's length).
    public let orderSize: Int

    /// An affine point.
    public struct Point: Sendable, Hashable {
        public let x: [UInt8]
        public let y: [UInt8]

        public init(x: [UInt8], y: [UInt8]) {
            self.x = x
            self.y = y
        }
    }

    init?(nid: Int32, name: String) {
        guard let group = EC_GROUP_new_by_curve_name(nid) else { return nil }
        self.group = group
        self.nid = nid
        self.name = name
        coordinateSize = Int(EC_GROUP_get_degree(group) + 7) / 8
        orderSize = Int(BN_num_bits(EC_GROUP_get0_order(group)) + 7) / 8
    }

    deinit { EC_GROUP_free(group) }

    /// The curve's generator G.
    public var generator: Point {
        get throws(ChipError) { try point(from: EC_GROUP_get0_generator(group)) }
    }

    /// `scalar` (big-endian bytes) times `point`.
    public func multiply(_ point: Point, by scalar: [UInt8]) throws(ChipError) -> Point {
        try withContext { context throws(ChipError) in
            let input = try self.native(point, context)
            defer { EC_POINT_free(input) }
            let factor = BN_bin2bn(scalar, Int32(scalar.count), nil)
            defer { BN_clear_free(factor) }
            guard let result = EC_POINT_new(group) else { throw Self.failure("no memory for a point") }
            defer { EC_POINT_free(result) }
            guard EC_POINT_mul(group, result, nil, input, factor, context) == 1 else { throw Self.failure("point multiplication failed") }
            return try self.point(from: result)
        }
    }

    /// `scalar` times the generator: the public key of the private key `scalar`.
    public func publicKey(of scalar: [UInt8]) throws(ChipError) -> Point { try multiply(try generator, by: scalar) }

    /// `first` + `second`.
    public func add(_ first: Point, _ second: Point) throws(ChipError) -> Point {
        try withContext { context throws(ChipError) in
            let a = try self.native(first, context)
            defer { EC_POINT_free(a) }
            let b = try self.native(second, context)
            defer { EC_POINT_free(b) }
            guard let sum = EC_POINT_new(group) else { throw Self.failure("no memory for a point") }
            defer { EC_POINT_free(sum) }
            guard EC_POINT_add(group, sum, a, b, context) == 1 else { throw Self.failure("point addition failed") }
            return try self.point(from: sum)
        }
    }

    /// The uncompressed encoding 04‖x‖y.
    public func encode(_ point: Point) -> [UInt8] { [0x04] + point.x + point.y }

    /// The point an uncompressed encoding holds, or `.garbled` when it is not one on this curve.
    public func decode(_ bytes: [UInt8]) throws(ChipError) -> Point {
        guard bytes.count == 1 + 2 * coordinateSize, bytes[0] == 0x04 else {
            throw ChipError(.garbled, "a public key on \(name) is 04 and two \(coordinateSize)-byte coordinates, not \(bytes.count) bytes")
        }
        let point = Point(x: Array(bytes[1...coordinateSize]), y: Array(bytes[(1 + coordinateSize)...]))
        try withContext { context throws(ChipError) in EC_POINT_free(try self.native(point, context)) }
        return point
    }

    /// A prime curve's parameters as an explicit ECParameters structure spells them out: big-endian
    /// integers and field elements, the generator uncompressed.
    public struct DomainParameters: Sendable, Hashable {
        public var prime: [UInt8]
        public var a: [UInt8]
        public var b: [UInt8]
        public var generator: [UInt8]
        public var order: [UInt8]
        public var cofactor: [UInt8]?

        public init(prime: [UInt8], a: [UInt8], b: [UInt8], generator: [UInt8], order: [UInt8], cofactor: [UInt8]?) {
            self.prime = prime
            self.a = a
            self.b = b
            self.generator = generator
            self.order = order
            self.cofactor = cofactor
        }

        /// True when both describe one curve: the same numbers, leading zeros aside; a missing cofactor matches any.
        public func sameCurve(as other: DomainParameters) -> Bool {
            func number(_ bytes: [UInt8]) -> ArraySlice<UInt8> { bytes.drop { $0 == 0 } }
            let cofactorsAgree = cofactor == nil || other.cofactor == nil || number(cofactor!) == number(other.cofactor!)
            return number(prime) == number(other.prime) && number(a) == number(other.a) && number(b) == number(other.b)
                && generator == other.generator && number(order) == number(other.order) && cofactorsAgree
        }
    }

    /// This curve's parameters, to match a chip's explicit ones against and to write them out.
    public var domainParameters: DomainParameters {
        get throws(ChipError) {
            try withContext { context throws(ChipError) in
                let p = BN_new(), a = BN_new(), b = BN_new()
                defer {
                    BN_free(p)
                    BN_free(a)
                    BN_free(b)
                }
                guard EC_GROUP_get_curve(group, p, a, b, context) == 1 else { throw Self.failure("the curve's parameters are unreadable") }
                let cofactor = EC_GROUP_get0_cofactor(group)
                return DomainParameters(prime: Self.bytes(p, size: coordinateSize), a: Self.bytes(a, size: coordinateSize), b: Self.bytes(b, size: coordinateSize),
                                        generator: encode(try generator), order: Self.bytes(EC_GROUP_get0_order(group), size: orderSize),
                                        cofactor: cofactor.map { Self.bytes($0, size: max(1, Int(BN_num_bits($0) + 7) / 8)) })
            }
        }
    }

    private static func bytes(_ number: OpaquePointer?, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        _ = BN_bn2binpad(number, &bytes, Int32(size))
        return bytes
    }

    /// A private key from `random`: order-sized bytes, reduced into 1…n−1.
    public func privateKey(from random: RandomBytes) throws(ChipError) -> [UInt8] {
        let order = EC_GROUP_get0_order(group)
        // Bits above the order's length are cleared (P-521's order has 521 bits in 66 bytes), so
        // a candidate is below the order at least half the time.
        let excessBits = orderSize * 8 - Int(BN_num_bits(order))
        for _ in 0..<16 {
            var candidate = random(orderSize)
            if !candidate.isEmpty { candidate[0] &= UInt8(0xFF >> excessBits) }
            let value = BN_bin2bn(candidate, Int32(candidate.count), nil)
            defer { BN_clear_free(value) }
            if BN_is_zero(value) == 0 && BN_cmp(value, order) < 0 { return candidate }
        }
        throw ChipError(.unsupported, "the random source gave no usable private key on \(name)")
    }

    private func withContext<T>(_ body: (OpaquePointer) throws(ChipError) -> T) throws(ChipError) -> T {
        guard let context = BN_CTX_new() else { throw Self.failure("no memory for a context") }
        defer { BN_CTX_free(context) }
        return try body(context)
    }

    /// A libcrypto point for `point`, refused unless it is on the curve (and not infinity).
    private func native(_ point: Point, _ context: OpaquePointer) throws(ChipError) -> OpaquePointer {
        guard let native = EC_POINT_new(group) else { throw Self.failure("no memory for a point") }
        let x = BN_bin2bn(point.x, Int32(point.x.count), nil), y = BN_bin2bn(point.y, Int32(point.y.count), nil)
        defer {
            BN_free(x)
            BN_free(y)
        }
        guard EC_POINT_set_affine_coordinates(group, native, x, y, context) == 1, EC_POINT_is_on_curve(group, native, context) == 1 else {
            EC_POINT_free(native)
            ERR_clear_error()
            throw ChipError(.garbled, "a point that is not on \(name)")
        }
        return native
    }

    private func point(from native: OpaquePointer?) throws(ChipError) -> Point {
        guard let native, EC_POINT_is_at_infinity(group, native) == 0 else { throw ChipError(.garbled, "the point at infinity on \(name)") }
        let x = BN_new(), y = BN_new()
        defer {
            BN_free(x)
            BN_free(y)
        }
        guard EC_POINT_get_affine_coordinates(group, native, x, y, nil) == 1 else { throw Self.failure("coordinates unreadable") }
        var xBytes = [UInt8](repeating: 0, count: coordinateSize), yBytes = [UInt8](repeating: 0, count: coordinateSize)
        guard BN_bn2binpad(x, &xBytes, Int32(coordinateSize)) == Int32(coordinateSize), BN_bn2binpad(y, &yBytes, Int32(coordinateSize)) == Int32(coordinateSize) else {
            throw Self.failure("coordinates too long")
        }
        return Point(x: xBytes, y: yBytes)
    }

    private static func failure(_ what: String) -> ChipError { ChipError(.unsupported, "libcrypto: \(what) (\(LibCryptoError.last()))") }
}
