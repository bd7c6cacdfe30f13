import ChipReaders
import DocumentSecurity
import EPassport
import LaneModel
import Logging

/// The board's chip readers and what they need from the rest of the daemon: the MRZ the lane's
/// optical reader read (a passport's chip opens only with it, BAC), and the CSCAs of the signed
/// reference data (passive authentication proves nothing without them).
public final class ChipReaderHub: Sendable {
    /// A configured reader and the lane it serves.
    private struct Member: Sendable {
        let reader: ChipReaderDevice
        let lane: String?
    }

    private let members: [Member]
    private let logger: Logger

    /// No chip readers.
    public static let none = ChipReaderHub(readers: [], logger: Logger(label: "laneagent.chips"))

    init(readers: [(ChipReaderDevice, lane: String?)], logger: Logger) {
        members = readers.map { Member(reader: $0.0, lane: $0.lane) }
        self.logger = logger
    }

    /// The reader configured as `id`, or nil; the demo lays its simulated passports on it.
    public func reader(_ id: String) -> ChipReaderDevice? { members.first { $0.reader.id == id }?.reader }

    /// True when the board has a chip reader.
    public var isEmpty: Bool { members.isEmpty }

    /// Hands the MRZ that `lane`'s document reader read to that lane's chip readers: the
    /// passport on the reader is the one whose printed page was just read.
    func offer(_ document: DocumentRead, lane: String?) {
        guard let lane, document.failedChecks.isEmpty else { return }
        let readers = members.filter { $0.lane == lane }
        guard !readers.isEmpty, let key = AccessKey.mrz(document: document) else { return }
        for member in readers { member.reader.offer(key) }
    }

    /// Gives every reader the trust list of `reference`'s `documentTrust` (empty without one).
    func trust(_ reference: ReferenceData?) {
        guard !members.isEmpty else { return }
        let list = Self.trustList(reference?.documentTrust, logger: logger)
        for member in members { member.reader.trust(list) }
    }

    /// The CSCAs of `trust`: its certificates and CRLs, and each master list's CSCAs. A part that
    /// cannot be read is logged and left out, so one bad master list does not void the rest.
    public static func trustList(_ trust: DocumentTrust?, logger: Logger) -> CSCATrustList {
        guard let trust else { return .empty }
        var list = CSCATrustList.empty
        do {
            list = try CSCATrustList(certificates: trust.cscaCertificates, crls: trust.crls)
        } catch {
            logger.error("the reference data's CSCA certificates cannot be used; chips will not pass passive authentication",
                         metadata: ["error": "\(error)"])
        }
        for (index, masterList) in trust.masterLists.enumerated() {
            do {
                list = list.merging(try CSCATrustList.masterList(masterList))
            } catch {
                logger.error("a master list of the reference data cannot be used", metadata: ["index": "\(index)", "error": "\(error)"])
            }
        }
        for skipped in list.skipped { logger.warning("a CSCA of the reference data was skipped", metadata: ["reason": "\(skipped)"]) }
        return list
    }
}

extension AgentConfig {
    /// The chip readers of this board's `[[devices]]`, each with the lane it serves and the trust
    /// list of the reference data held now; `deviceServices` runs them.
    public func chipReaderHub(logger: Logger) -> ChipReaderHub {
        let chipDevices = devices.filter { $0.transport == .pcsc }
        guard !chipDevices.isEmpty else { return .none }
        var reference: ReferenceData?
        do { reference = try referenceStore?.load()?.data } catch {
            logger.error("the held reference data cannot be read; chips are read without CSCAs", metadata: ["error": "\(error)"])
        }
        let trust = ChipReaderHub.trustList(reference?.documentTrust, logger: logger)
        let readers = chipDevices.map { device in
            (ChipReaderDrivers.device(id: device.id, options: device.options, trust: trust), lane: lanes.first { $0.devices.contains(device.id) }?.id)
        }
        return ChipReaderHub(readers: readers, logger: logger)
    }
}
