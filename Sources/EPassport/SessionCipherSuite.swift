/// The cipher and session key length that the last arc of a PACE or Chip Authentication OID
/// names (ICAO 9303 part 11, §9.2.1 and §9.2.5): 1 3DES, 2 AES-128, 3 AES-192, 4 AES-256. One
/// table for both protocols, since their OIDs share the scheme.
struct SessionCipherSuite: Sendable, Hashable {
    let cipher: BlockCipher
    /// The session key length in bytes: 16 for 3DES and AES-128, 24, 32.
    let keyLength: Int

    /// The suite an OID's last arc names, nil for an arc outside 1…4.
    init?(arc: Int) {
        switch arc {
        case 1: (cipher, keyLength) = (.tripleDES, 16)
        case 2: (cipher, keyLength) = (.aes, 16)
        case 3: (cipher, keyLength) = (.aes, 24)
        case 4: (cipher, keyLength) = (.aes, 32)
        default: return nil
        }
    }

    /// The arc for a suite written as simulated chips are configured: "3DES", "AES-128", "AES-192", "AES-256".
    static func arc(named name: String) -> Int? {
        ["3DES": 1, "AES-128": 2, "AES-192": 3, "AES-256": 4][name]
    }
}
