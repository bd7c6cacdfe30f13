import Records

/// Fixed keys, so tests and vectors are reproducible.
public enum TestKeys {
    /// The key from seed 0x00, 0x01, … 0x1f (used by the fixed record vector).
    public static let device = try! DeviceKey(seed: Array(0..<32))
    /// A different key, for "signed by someone else".
    public static let other = try! DeviceKey(seed: Array(repeating: 0x42, count: 32))
}
