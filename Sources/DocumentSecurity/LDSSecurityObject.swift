/// EF.SOD's signed content (ICAO 9303 part 10, 4.6.2): the hash of every data group on the chip.
struct LDSSecurityObject: Sendable, Hashable {
    let version: Int
    let hashAlgorithm: DigestAlgorithm
    let dataGroupHashes: [Int: [UInt8]]
    /// LDS and Unicode versions (version 1 objects only), e.g. "0108" and "040000".
    let ldsVersion: String?
    let unicodeVersion: String?

    init(der: [UInt8]) throws {
        let context = "EF.SOD's LDS security object"
        let parts = try DERNode.parse(der[...], context).children()
        version = try parts.element(0, "the version").smallInteger()
        guard version <= 1 else { throw DocumentSecurityError.unsupported(context, "version \(version)") }
        hashAlgorithm = try DigestAlgorithm.parse(try parts.element(1, "the hash algorithm"))
        let entries = try parts.element(2, "the data group hashes").children()
        guard !entries.isEmpty, entries.count <= 16 else {
            throw DocumentSecurityError.malformed(context, "it lists \(entries.count) data groups (1 to 16 expected)")
        }
        var hashes: [Int: [UInt8]] = [:]
        for entry in entries {
            let fields = try entry.children()
            let number = try fields.element(0, "a data group number").smallInteger()
            let hash = try fields.element(1, "a data group hash").octets()
            guard (1...16).contains(number) else { throw DocumentSecurityError.malformed(context, "data group number \(number) is not 1 to 16") }
            guard hashes[number] == nil else { throw DocumentSecurityError.malformed(context, "DG\(number) is listed twice") }
            guard hash.count == hashAlgorithm.length else {
                throw DocumentSecurityError.malformed(context, "DG\(number)'s hash is \(hash.count) bytes, not \(hashAlgorithm.length) for \(hashAlgorithm.rawValue)")
            }
            hashes[number] = hash
        }
        dataGroupHashes = hashes
        if version == 1, parts.count > 3 {
            let info = try parts[3].children()
            ldsVersion = String(decoding: try info.element(0, "the LDS version").primitive(.printableString), as: UTF8.self)
            unicodeVersion = String(decoding: try info.element(1, "the Unicode version").primitive(.printableString), as: UTF8.self)
        } else {
            (ldsVersion, unicodeVersion) = (nil, nil)
        }
    }
}
