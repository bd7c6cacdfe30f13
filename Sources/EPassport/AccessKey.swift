import CrossingCodes
import Crypto
import LaneModel

/// What opens a travel document's chip: the MRZ's document number, birth date and expiry date
/// with their check digits (BAC and PACE), or the card access number printed on the document
/// (PACE only). Its description never shows the secret.
public struct AccessKey: Sendable, Hashable, CustomStringConvertible {
    /// Which password it is; PACE sends it as its password reference.
    public enum Kind: UInt8, Sendable, Hashable {
        case mrz = 1
        case can = 2
    }

    public let kind: Kind
    /// MRZ_information (ICAO 9303 part 11, §9.7.2) for the MRZ, the digits for a CAN.
    let secret: [UInt8]

    private init(kind: Kind, secret: [UInt8]) {
        self.kind = kind
        self.secret = secret
    }

    public var description: String { kind == .mrz ? "the MRZ key" : "the CAN" }

    /// The key from the MRZ's fields: the document number (fillers `<` allowed, padded to nine),
    /// birth and expiry dates as `YYMMDD`. Nil unless each is MRZ characters of the right length.
    public static func mrz(documentNumber: String, birthDate: String, expiryDate: String) -> AccessKey? {
        var number = Array(documentNumber.uppercased().utf8)
        while number.count < 9 { number.append(UInt8(ascii: "<")) }
        let birth = Array(birthDate.utf8), expiry = Array(expiryDate.utf8)
        guard number.count <= 22, number.allSatisfy(MRZCheckDigit.isMRZCharacter), isDate(birth), isDate(expiry) else { return nil }
        func withCheck(_ field: [UInt8]) -> [UInt8] { field + [UInt8(ascii: "0") + UInt8(MRZCheckDigit.compute(field))] }
        return AccessKey(kind: .mrz, secret: withCheck(number) + withCheck(birth) + withCheck(expiry))
    }

    /// The key from a whole MRZ as printed (TD1's three lines of 30 or TD3's two of 44), or nil
    /// when the lines are not one. A TD1 number longer than nine characters continues in the
    /// optional data (ICAO 9303 part 5, note j) and is used whole.
    public static func mrz(lines: [String]) -> AccessKey? {
        let bytes = lines.map { Array($0.uppercased().utf8) }
        guard let length = bytes.first?.count, let format = MRZFormat.withLineLength(length),
            let document = MRZDocument(format: format, lines: bytes)
        else { return nil }
        let first = document.lines[0], second = document.lines[1]
        switch format {
        case .td3:
            return mrz(documentNumber: text(second[0..<9]), birthDate: text(second[13..<19]), expiryDate: text(second[21..<27]))
        case .td1:
            var number = Array(first[5..<14])
            if first[14] == UInt8(ascii: "<"), first[15] != UInt8(ascii: "<") {
                let end = first[15..<30].firstIndex(of: UInt8(ascii: "<")) ?? 30
                number += first[15..<end - 1]
            }
            return mrz(documentNumber: text(number), birthDate: text(second[0..<6]), expiryDate: text(second[8..<14]))
        }
    }

    /// The key from an MRZ already read and parsed (dates `YYYY-MM-DD`), or nil when its number or dates are missing.
    public static func mrz(document: DocumentRead) -> AccessKey? {
        func short(_ date: String) -> String? {
            let digits = date.filter { $0 != "-" }
            return digits.count == 8 ? String(digits.dropFirst(2)) : nil
        }
        guard !document.number.isEmpty, let birth = short(document.birthDate), let expiry = short(document.expiryDate) else { return nil }
        return mrz(documentNumber: document.number, birthDate: birth, expiryDate: expiry)
    }

    /// The card access number (six digits on most documents), or nil unless it is digits.
    public static func can(_ number: String) -> AccessKey? {
        let digits = Array(number.utf8)
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return AccessKey(kind: .can, secret: digits)
    }

    /// BAC's Kseed: the first 16 bytes of SHA-1 over MRZ_information; nil for a CAN.
    var basicAccessSeed: [UInt8]? {
        kind == .mrz ? Array(Insecure.SHA1.hash(data: secret).prefix(16)) : nil
    }

    /// PACE's password before derivation: SHA-1 of MRZ_information, or the CAN's bytes (part 11, §9.7.3).
    var pacePassword: [UInt8] {
        kind == .mrz ? Array(Insecure.SHA1.hash(data: secret)) : secret
    }

    private static func isDate(_ field: [UInt8]) -> Bool {
        field.count == 6 && field.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "<") }
    }

    private static func text(_ field: some Sequence<UInt8>) -> String { String(decoding: Array(field), as: UTF8.self) }
}
