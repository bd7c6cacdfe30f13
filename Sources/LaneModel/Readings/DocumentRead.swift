/// A travel document's machine-readable zone (ICAO 9303 TD1 or TD3), parsed and checked.
public struct DocumentRead: Sendable, Hashable {
    /// `TD1` (ID card, 3 × 30) or `TD3` (passport, 2 × 44).
    public var format: String
    /// The document code, such as `P` or `ID`.
    public var documentCode: String
    public var issuer: String
    public var number: String
    public var nationality: String
    /// `YYYY-MM-DD`.
    public var birthDate: String
    /// `M`, `F` or `X`.
    public var sex: String
    /// `YYYY-MM-DD`.
    public var expiryDate: String
    public var surname: String
    public var givenNames: String
    /// The check digits that failed, by field (`number`, `birthDate`, `expiryDate`, `optional`, `composite`); empty when all verify.
    public var failedChecks: [String]
    /// True when the expiry date is before the reading's day.
    public var expired: Bool

    public init(format: String, documentCode: String, issuer: String, number: String, nationality: String, birthDate: String,
                sex: String, expiryDate: String, surname: String, givenNames: String, failedChecks: [String], expired: Bool) {
        self.format = format
        self.documentCode = documentCode
        self.issuer = issuer
        self.number = number
        self.nationality = nationality
        self.birthDate = birthDate
        self.sex = sex
        self.expiryDate = expiryDate
        self.surname = surname
        self.givenNames = givenNames
        self.failedChecks = failedChecks
        self.expired = expired
    }

    var members: [String: JSONValue] {
        ["format": .string(format), "documentCode": .string(documentCode), "issuer": .string(issuer), "number": .string(number),
         "nationality": .string(nationality), "birthDate": .string(birthDate), "sex": .string(sex), "expiryDate": .string(expiryDate),
         "surname": .string(surname), "givenNames": .string(givenNames), "checksValid": .bool(failedChecks.isEmpty),
         "failedChecks": .array(failedChecks.map(JSONValue.string)), "expired": .bool(expired)]
    }
}
