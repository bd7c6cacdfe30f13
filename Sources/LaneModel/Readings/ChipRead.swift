/// A travel document's chip, read by a contactless reader (ICAO 9303 parts 10–11): how the
/// reader got in, what it read, and what it proved. Journalled as `reading.document.chip`; the
/// face image (DG2) travels as sealed evidence, never in the record.
public struct ChipRead: RecordObject, Hashable {
    /// How the reader got in: `PACE`, `BAC`, or `none` when it could not.
    public var access: String
    /// True when access succeeded and every data group the checks need was read.
    public var read: Bool
    /// What stopped the read ("access denied: the MRZ key does not open this chip", "the card
    /// left the field while DG2 was read"); nil when `read` is true.
    public var failure: String?
    /// The data groups read, by number (1 for DG1 …), ascending.
    public var dataGroups: [Int]
    /// DG1's machine-readable zone, parsed and checked; nil when DG1 was not read.
    public var document: DocumentRead?
    /// Passive authentication: EF.SOD's signature, the document signer's chain to a trusted
    /// CSCA, and every read data group's hash.
    public var passiveAuthentication: ChipCheck
    /// Active Authentication (DG15) or Chip Authentication (DG14).
    public var chipAuthentication: ChipCheck

    public init(access: String, read: Bool, failure: String?, dataGroups: [Int], document: DocumentRead?,
                passiveAuthentication: ChipCheck, chipAuthentication: ChipCheck) {
        self.access = access
        self.read = read
        self.failure = failure
        self.dataGroups = dataGroups
        self.document = document
        self.passiveAuthentication = passiveAuthentication
        self.chipAuthentication = chipAuthentication
    }

    public func write(to members: inout RecordMembers) {
        members.required("access", access)
        members.required("read", read)
        members.required("failure", failure)
        members.required("dataGroups", dataGroups)
        members.required("document", document)
        members.required("passiveAuthentication", passiveAuthentication)
        members.required("chipAuthentication", chipAuthentication)
    }
}
