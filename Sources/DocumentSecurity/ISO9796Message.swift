/// A message representative recovered from an ISO/IEC 9796-2 scheme 1 signature (partial
/// recovery, as Active Authentication chips make them): header 0x6A, the recoverable part M1,
/// the hash of M1 || M2, and the trailer naming the hash (0xBC alone for SHA-1).
struct ISO9796Message {
    let recoverable: [UInt8]
    let hash: [UInt8]
    let digest: DigestAlgorithm

    struct Problem: Error { let text: String }

    /// ISO/IEC 10118-3 hash identifiers as they appear before a 0xCC trailer.
    static let hashIdentifiers: [UInt8: DigestAlgorithm] = [0x33: .sha1, 0x34: .sha256, 0x35: .sha512, 0x36: .sha384, 0x38: .sha224]

    static func make(representative: [UInt8]) -> Result<ISO9796Message, Problem> {
        guard let last = representative.last, representative.count >= 64 else { return .failure(Problem(text: "the recovered block is too short")) }
        let digest: DigestAlgorithm
        let trailerLength: Int
        if last == 0xBC {
            (digest, trailerLength) = (.sha1, 1)
        } else if last == 0xCC, let found = hashIdentifiers[representative[representative.count - 2]] {
            (digest, trailerLength) = (found, 2)
        } else {
            let shown = representative.suffix(2).map { String(format: "%02X", $0) }.joined()
            return .failure(Problem(text: "the trailer \(shown) is neither 0xBC nor a known hash's 0x..CC: a wrong key or a damaged answer"))
        }
        guard representative[0] == 0x6A else {
            let header = String(format: "%02X", representative[0])
            return .failure(Problem(text: "the header 0x\(header) is not 0x6A (partial recovery): a wrong key or a damaged answer"))
        }
        let hashEnd = representative.count - trailerLength
        let hashStart = hashEnd - digest.length
        guard hashStart > 1 else { return .failure(Problem(text: "the key is too small for \(digest.rawValue)")) }
        return .success(ISO9796Message(recoverable: Array(representative[1..<hashStart]), hash: Array(representative[hashStart..<hashEnd]), digest: digest))
    }
}
