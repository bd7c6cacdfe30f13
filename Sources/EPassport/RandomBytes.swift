/// Where the reader's random numbers come from (BAC's RND.IFD and K.IFD, PACE's ephemeral
/// keys, Active Authentication's challenge): the system's generator, or fixed bytes in a test.
public struct RandomBytes: Sendable {
    private let generate: @Sendable (Int) -> [UInt8]

    public init(_ generate: @escaping @Sendable (Int) -> [UInt8]) {
        self.generate = generate
    }

    /// `count` bytes from the system's cryptographically secure generator.
    public static let system = RandomBytes { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// `count` random bytes; a source that gives the wrong number is topped up or cut by the caller's bound.
    public func callAsFunction(_ count: Int) -> [UInt8] {
        let bytes = generate(count)
        return bytes.count == count ? bytes : Array((bytes + [UInt8](repeating: 0, count: count)).prefix(count))
    }
}
