import LaneModel

/// One document's machine-readable zone as the reader sent it: lines of the right length and
/// alphabet (`MRZDecoder` checked that), not yet interpreted. `read(at:)` parses every field
/// and verifies every check digit.
public struct MRZDocument: Sendable, Hashable {
    public let format: MRZFormat
    /// The lines, each `format.lineLength` MRZ characters.
    public let lines: [[UInt8]]

    /// The document, or nil unless `lines` are `format.lineCount` lines of `format.lineLength`
    /// MRZ characters each: `read(at:)` takes its fields at fixed columns.
    public init?(format: MRZFormat, lines: [[UInt8]]) {
        guard lines.count == format.lineCount,
            lines.allSatisfy({ $0.count == format.lineLength && $0.allSatisfy(MRZCheckDigit.isMRZCharacter) })
        else { return nil }
        self.format = format
        self.lines = lines
    }

    /// The document as read at `time` on a lane `utcOffsetMinutes` east of UTC: the day decides
    /// a birth date's century and whether the document has expired.
    public func read(at time: Timestamp, utcOffsetMinutes: Int = 0) -> DocumentRead {
        let today = MRZDate.day(of: time, utcOffsetMinutes: utcOffsetMinutes)
        switch format {
        case .td3: return readTD3(today: today)
        case .td1: return readTD1(today: today)
        }
    }

    /// ICAO 9303 part 4, §4.2.2: line 1 code, issuer, names; line 2 number, nationality,
    /// birth, sex, expiry, personal number, each with its check digit, then the composite.
    private func readTD3(today: String) -> DocumentRead {
        let first = lines[0], second = lines[1]
        var failed: [String] = []
        if !MRZCheckDigit.verifies(second[0..<9], digit: second[9]) { failed.append("number") }
        if !MRZCheckDigit.verifies(second[13..<19], digit: second[19]) { failed.append("birthDate") }
        if !MRZCheckDigit.verifies(second[21..<27], digit: second[27]) { failed.append("expiryDate") }
        // An unused personal number may have a filler for its check digit (part 4, §4.2.2.3).
        let personal = second[28..<42]
        let unusedPersonal = personal.allSatisfy { $0 == Self.filler } && second[42] == Self.filler
        if !unusedPersonal && !MRZCheckDigit.verifies(personal, digit: second[42]) { failed.append("optional") }
        if !MRZCheckDigit.verifies(Array(second[0..<10]) + second[13..<20] + second[21..<43], digit: second[43]) {
            failed.append("composite")
        }
        return document(code: first[0..<2], issuer: first[2..<5], number: Self.text(second[0..<9]), nationality: second[10..<13],
                        birth: second[13..<19], sex: second[20], expiry: second[21..<27], names: first[5..<44],
                        failed: failed, today: today)
    }

    /// ICAO 9303 part 5, §4.2.2: line 1 code, issuer, number, optional data; line 2 birth, sex,
    /// expiry, nationality, optional data, composite; line 3 names. A number longer than nine
    /// characters puts `<` in its check digit's place and continues in the optional data, its
    /// last character there being the check digit (part 5, note j).
    private func readTD1(today: String) -> DocumentRead {
        let first = lines[0], second = lines[1], third = lines[2]
        var failed: [String] = []
        var number = Array(first[5..<14])
        var numberCheck = first[14]
        if first[14] == Self.filler, first[15] != Self.filler {
            let extensionEnd = first[15..<30].firstIndex(of: Self.filler) ?? 30
            number += first[15..<extensionEnd - 1]
            numberCheck = first[extensionEnd - 1]
        }
        if !MRZCheckDigit.verifies(number, digit: numberCheck) { failed.append("number") }
        if !MRZCheckDigit.verifies(second[0..<6], digit: second[6]) { failed.append("birthDate") }
        if !MRZCheckDigit.verifies(second[8..<14], digit: second[14]) { failed.append("expiryDate") }
        if !MRZCheckDigit.verifies(Array(first[5..<30]) + second[0..<7] + second[8..<15] + second[18..<29], digit: second[29]) {
            failed.append("composite")
        }
        return document(code: first[0..<2], issuer: first[2..<5], number: Self.text(number), nationality: second[15..<18],
                        birth: second[0..<6], sex: second[7], expiry: second[8..<14], names: third[0..<30],
                        failed: failed, today: today)
    }

    private func document(code: ArraySlice<UInt8>, issuer: ArraySlice<UInt8>, number: String, nationality: ArraySlice<UInt8>,
                          birth: ArraySlice<UInt8>, sex: UInt8, expiry: ArraySlice<UInt8>, names: ArraySlice<UInt8>,
                          failed: [String], today: String) -> DocumentRead {
        let (surname, givenNames) = Self.names(names)
        let expiryDate = MRZDate.expiry(expiry, today: today)
        return DocumentRead(
            format: format.rawValue, documentCode: Self.text(code), issuer: Self.text(issuer), number: number,
            nationality: Self.text(nationality), birthDate: MRZDate.birth(birth, today: today) ?? "",
            sex: sex == Self.filler ? "X" : String(UnicodeScalar(sex)), expiryDate: expiryDate ?? "",
            surname: surname, givenNames: givenNames, failedChecks: failed, expired: expiryDate.map { $0 < today } ?? false)
    }

    static let filler = UInt8(ascii: "<")

    /// A field without its fillers; fillers inside it (`D<<` for Germany) are dropped too.
    static func text(_ field: some Sequence<UInt8>) -> String {
        String(decoding: field.filter { $0 != filler }, as: UTF8.self)
    }

    /// Surname before the first `<<`, given names after it; `<` between name parts is a space.
    static func names(_ field: ArraySlice<UInt8>) -> (surname: String, givenNames: String) {
        func words(_ part: ArraySlice<UInt8>) -> String {
            String(decoding: part, as: UTF8.self).split(separator: "<").joined(separator: " ")
        }
        var index = field.startIndex
        while index + 1 < field.endIndex {
            if field[index] == filler && field[index + 1] == filler {
                return (words(field[field.startIndex..<index]), words(field[(index + 2)...]))
            }
            index += 1
        }
        return (words(field), "")
    }
}
