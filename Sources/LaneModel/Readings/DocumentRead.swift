/// A travel document's machine-readable zone (ICAO 9303 TD1 or TD3), parsed and checked.
public struct DocumentRead: RecordObject, Hashable {
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

    public func write(to members: inout RecordMembers) {
        members.required("format", format)
        members.required("documentCode", documentCode)
        members.required("issuer", issuer)
        members.required("number", number)
        members.required("nationality", nationality)
        members.required("birthDate", birthDate)
        members.required("sex", sex)
        members.required("expiryDate", expiryDate)
        members.required("surname", surname)
        members.required("givenNames", givenNames)
        members.required("checksValid", failedChecks.isEmpty)
        members.required("failedChecks", failedChecks)
        members.required("expired", expired)
    }
}
