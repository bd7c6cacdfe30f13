/// An ISO 6346 container code as a container OCR camera read it, with its check digit verified.
public struct ContainerRead: RecordObject, Hashable {
    /// Exactly what the camera reported.
    public var raw: String
    /// Spaces and separators removed, upper-cased: `CSQU3054383`.
    public var code: String
    /// True when the form is `OOOC NNNNNN D` and the check digit matches.
    public var valid: Bool
    /// Why it is not valid ("check digit 3 expected, 7 read"); nil when valid.
    public var problem: String?
    /// The camera's confidence, scaled to 0…1; nil when it sent none.
    public var confidence: Double?

    public init(raw: String, code: String, valid: Bool, problem: String?, confidence: Double?) {
        self.raw = raw
        self.code = code
        self.valid = valid
        self.problem = problem
        self.confidence = confidence
    }

    public func write(to members: inout RecordMembers) {
        members.required("raw", raw)
        members.required("code", code)
        members.required("valid", valid)
        members.required("problem", problem)
        members.required("confidence", confidence)
    }
}
