import _CryptoExtras
import Crypto
import LaneModel

/// Officers' PIN hashes: PBKDF2-HMAC-SHA256 over the PIN's UTF-8 bytes with the officer's own
/// salt and iteration count, 32 bytes out. A per-officer salt means one guess tests one officer;
/// the rounds make each guess cost what enrolment chose.
public enum PINHash {
    /// What is wrong with `pin` as a PIN, or nil when it may be used: 6 to 64 characters and no
    /// control characters (a pasted newline or tab would never be typed the same way twice).
    public static func problem(with pin: String) -> String? {
        guard Officer.Bounds.pinCharacters.contains(pin.count) else {
            return "a PIN has \(Officer.Bounds.pinCharacters.lowerBound) to \(Officer.Bounds.pinCharacters.upperBound) characters, not \(pin.count)"
        }
        guard !pin.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "a PIN may not contain control characters"
        }
        return nil
    }

    /// The PIN hash for `pin` with `salt` and `iterations`.
    public static func derive(pin: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // The unchecked variant because swift-crypto's checked one insists on 210,000 rounds;
        // the reference data's own bounds (Officer.Bounds.iterations) are enforced when it is read.
        // PBKDF2 fails only for parameters BoringSSL cannot take, which those bounds exclude.
        let key = try! KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: salt, using: .sha256, outputByteCount: Officer.Bounds.hashBytes,
                                                     unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }

    /// True when `pin` hashes to the officer's `pinHash`. The comparison is SymmetricKey's `==`,
    /// which swift-crypto makes constant-time, so the time taken says nothing of how much matched.
    public static func matches(_ pin: String, _ officer: Officer) -> Bool {
        let derived = SymmetricKey(data: derive(pin: pin, salt: officer.salt, iterations: officer.iterations))
        return derived == SymmetricKey(data: officer.pinHash)
    }

    /// A new entry for `id` with a fresh random 16-byte salt.
    public static func enrol(id: String, pin: String, iterations: Int = Officer.Bounds.defaultIterations, publicKey: [UInt8]? = nil) -> Officer {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        return Officer(id: id, salt: salt, iterations: iterations, pinHash: derive(pin: pin, salt: salt, iterations: iterations), publicKey: publicKey)
    }
}
