import DocumentSecurity
import Foundation

/// What a simulated chip holds: its files, the passwords that open it, and the Active
/// Authentication key when it has one. `genuine` signs one with a test PKI; the variants break
/// one thing each, as a forger or a faulty chip would.
public struct PassportImage: Sendable {
    /// The eMRTD application's files by file identifier (EF.COM 011E, EF.SOD 011D, DGn 01nn).
    public var files: [UInt16: [UInt8]]
    /// EF.CardAccess in the master file; nil for a BAC-only chip.
    public var cardAccess: [UInt8]?
    /// The MRZ key that opens the chip (BAC, and PACE with password reference 1).
    public var mrzKey: AccessKey
    /// The card access number PACE also takes (password reference 2), when the document has one.
    public var canKey: AccessKey?
    /// The key behind DG15, nil for a chip without Active Authentication.
    public var activeAuthenticationKey: DocumentSigningKey?
    /// The key pair behind DG14's Chip Authentication key, nil for a chip without Chip Authentication.
    public var chipAuthenticationKey: ChipAuthenticationKey?

    public init(files: [UInt16: [UInt8]], cardAccess: [UInt8]?, mrzKey: AccessKey, canKey: AccessKey? = nil, activeAuthenticationKey: DocumentSigningKey? = nil,
                chipAuthenticationKey: ChipAuthenticationKey? = nil) {
        self.files = files
        self.cardAccess = cardAccess
        self.mrzKey = mrzKey
        self.canKey = canKey
        self.activeAuthenticationKey = activeAuthenticationKey
        self.chipAuthenticationKey = chipAuthenticationKey
    }

    /// A passport as its issuer would write it: DG1 from `mrzLines`, DG2 with `face`, DG15
    /// (and DG14 naming ECDSA with SHA-256 for an EC key) when `activeAuthenticationKey` is
    /// given, DG14 with Chip Authentication's infos when `chipAuthenticationKey` is, EF.COM, and
    /// EF.SOD signed by `pki`'s document signer over all of them. `pace` announces PACE in
    /// EF.CardAccess (nil: BAC only); `can` adds a card access number.
    public static func genuine(mrzLines: [String], face: FaceImage, pki: TestDocumentPKI, activeAuthenticationKey: DocumentSigningKey? = nil,
                               pace: [PACEInfo] = [], can: String? = nil, chipAuthenticationKey: ChipAuthenticationKey? = nil)
        throws -> PassportImage
    {
        guard let mrzKey = AccessKey.mrz(lines: mrzLines) else { throw ChipError(.unsupported, "the MRZ lines are not a TD1 or TD3 zone") }
        var groups: [Int: [UInt8]] = [1: DataGroup1.encode(lines: mrzLines), 2: face.dataGroup2()]
        var securityInfos: [[UInt8]] = try chipAuthenticationKey?.securityInfos() ?? []
        if let key = activeAuthenticationKey {
            groups[15] = ActiveAuthentication.dataGroup15(for: key)
            if case .ecdsa = key.defaultAlgorithm() {
                securityInfos.append(DataGroup14.activeAuthenticationInfo(algorithm: "1.2.840.10045.4.3.2"))
            }
        }
        if !securityInfos.isEmpty { groups[14] = DataGroup14.encode(infos: securityInfos) }
        var files: [UInt16: [UInt8]] = [:]
        for (number, bytes) in groups {
            if let file = ChipFile.dataGroup(number) { files[file.identifier] = bytes }
        }
        files[ChipFile.common.identifier] = CommonData.encode(dataGroups: Array(groups.keys))
        files[ChipFile.securityObject.identifier] = try pki.securityObjectBuilder.build(dataGroups: groups)
        return PassportImage(files: files, cardAccess: pace.isEmpty ? nil : CardAccess.encode(offers: pace), mrzKey: mrzKey,
                             canKey: can.flatMap(AccessKey.can), activeAuthenticationKey: activeAuthenticationKey,
                             chipAuthenticationKey: chipAuthenticationKey)
    }

    /// The same chip with DG1 rewritten after EF.SOD was signed (a forger's new name or
    /// dates): access still works with the original MRZ key, passive authentication fails on DG1.
    public func alteringDataGroup1(to mrzLines: [String]) -> PassportImage {
        var altered = self
        if let file = ChipFile.dataGroup(1) { altered.files[file.identifier] = DataGroup1.encode(lines: mrzLines) }
        return altered
    }

    /// The same chip with DG15's key but another private key inside: a copy of a genuine
    /// chip's files on a chip that does not hold the original key. Active Authentication fails.
    public func cloned(withKey key: DocumentSigningKey) -> PassportImage {
        var clone = self
        clone.activeAuthenticationKey = key
        return clone
    }
}
