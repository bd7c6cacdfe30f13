import CrossingCodes
/// ICAO's published specimen zones (ICAO 9303 parts 4 and 5, fictional holder "Anna Maria
/// Eriksson" of the fictional state Utopia): every check digit verifies. For simulators and
/// tests; they identify nobody.
public enum MRZSpecimen {
    /// The TD3 passport specimen, 2 × 44.
    public static let td3 = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]

    /// The TD1 identity card specimen, 3 × 30.
    public static let td1 = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
}

extension MRZSpecimen {
    /// A TD3 zone for a fictional holder with every check digit computed, for simulators, tests and
    /// the demo: `number` up to 9 characters, dates `YYMMDD`, names in MRZ letters.
    public static func passport(number: String, surname: String, givenNames: String, issuer: String = "UTO", nationality: String = "UTO",
                                birth: String, sex: String = "F", expiry: String) -> [String] {
        func field(_ text: String, _ length: Int) -> String {
            let cleaned = text.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "<" }.joined()
            return String((cleaned + String(repeating: "<", count: length)).prefix(length))
        }
        func digit(_ text: String) -> String { String(MRZCheckDigit.compute(Array(text.utf8))) }
        let names = field(surname + "<<" + givenNames.replacingOccurrences(of: " ", with: "<"), 39)
        let line1 = "P<" + field(issuer, 3) + names
        let documentNumber = field(number, 9)
        let optional = field("", 14)
        let upper = documentNumber + digit(documentNumber) + field(nationality, 3) + birth + digit(birth) + field(sex, 1)
            + expiry + digit(expiry) + optional + digit(optional)
        let composite = documentNumber + digit(documentNumber) + birth + digit(birth) + expiry + digit(expiry) + optional + digit(optional)
        return [line1, upper + digit(composite)]
    }
}
