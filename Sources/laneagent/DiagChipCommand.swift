import Agent
import ArgumentParser
import ChipReaders
import DocumentSecurity
import EPassport
import Foundation
import LaneModel
import Logging
import SwiftASN1

extension LaneAgentCommand {
    /// `laneagent diag chip [--reader NAME] (--mrz LINES | --can N) [--trust FILE]… [--config F] [--json]`
    struct DiagChip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chip",
            abstract: "Read a passport's chip on a PC/SC reader and print, step by step, what was proved.",
            discussion: """
                Waits for a card on the reader (through pcscd), opens the chip with the key printed on the data page \
                (--mrz, the MRZ's lines separated by spaces or |, or --can), reads EF.COM, DG1, DG2, DG14, DG15 and \
                EF.SOD, and checks passive authentication against the CSCAs of --trust (DER or PEM certificates, or an \
                ICAO master list) and, with --config, of the reference data the board holds; then Chip Authentication \
                (DG14) or Active Authentication (DG15) when the chip offers it. Prints no holder data: the steps name data groups, algorithms and certificates. \
                A wrong key is tried once (chips count failed attempts). Exit 0 when the chip was read and passive \
                authentication passed, 1 when a read or a check failed or no card came within --wait, 2 for usage, or \
                when pcscd or the reader cannot be reached.
                """)

        @Option(help: ArgumentHelp("A part of the reader's name as pcsc_scan lists it (default: pcscd's first reader).", valueName: "NAME"))
        var reader: String?
        @Option(help: ArgumentHelp("The data page's MRZ: its 2 lines of 44 or 3 of 30, separated by spaces or |.", valueName: "LINES"))
        var mrz: String?
        @Option(help: ArgumentHelp("The card access number printed on the card (PACE), instead of --mrz.", valueName: "DIGITS"))
        var can: String?
        @Option(help: ArgumentHelp("A CSCA certificate (DER or PEM) or an ICAO master list to prove the chip against; repeatable.", valueName: "FILE"))
        var trust: [String] = []
        @Option(help: ArgumentHelp("Also trust the CSCAs of the reference data this board holds.", valueName: "FILE"))
        var config: String?
        @Option(help: "Seconds to wait for a card on the reader.") var wait: Double = 30
        @Flag(help: "Print the report as one JSON object.") var json = false

        func run() async throws {
            let key = try accessKey()
            guard wait > 0, wait <= 3600 else { throw CommandFailure.usage("--wait must be from 0 to 3600 seconds") }
            let trust = try trustList()
            let context: PCSCContext
            let name: String
            do {
                context = try PCSCContext()
                guard let found = try reader.map({ try context.reader(matching: $0) }) ?? context.readers().first else {
                    throw CommandFailure.usage("pcscd lists no reader: plug one in and check it with pcsc_scan")
                }
                name = found
            } catch let error as PCSCError {
                throw CommandFailure.usage("\(error)")
            }
            if !json { Console.writeUnbuffered("reader: \(name); lay the passport on it (waiting up to \(Int(wait)) s)") }
            guard try await Self.waitForCard(reader: name, seconds: wait) else {
                throw CommandFailure.fault("no card answered on \(name) within \(Int(wait)) s: lay the passport flat on the reader, data page down")
            }
            let card: PCSCCard
            do { card = try context.connect(reader: name) } catch { throw CommandFailure.fault("\(error)") }
            defer { card.disconnect() }
            let report = await PassportReader(trust: trust).read(card, key: key, at: Date())
            if json {
                var object: [String: JSONValue] = ["reader": .string(name), "reading": report.reading.jsonValue, "trustedCSCAs": .number(Double(trust.count))]
                object["steps"] = .array(report.steps.map { ["outcome": .string($0.outcome.rawValue), "text": .string($0.text)] })
                Console.writeUnbuffered(String(decoding: CanonicalJSON.encode(.object(object)), as: UTF8.self))
            } else {
                Console.writeUnbuffered("trusted CSCAs: \(trust.count)")
                for step in report.steps { Console.writeUnbuffered("  \(step)") }
                let chip = report.reading
                Console.writeUnbuffered("read: \(chip.read ? "yes, over \(chip.access)" : "no: \(chip.failure ?? "")")")
                Console.writeUnbuffered("passive authentication: \(chip.passiveAuthentication.outcome.rawValue): \(chip.passiveAuthentication.detail)")
                Console.writeUnbuffered("chip authentication: \(chip.chipAuthentication.outcome.rawValue): \(chip.chipAuthentication.detail)")
            }
            guard report.reading.read, report.reading.passiveAuthentication.outcome == .passed else {
                throw CommandFailure(status: 1, message: "")
            }
        }

        private func accessKey() throws -> AccessKey {
            switch (mrz, can) {
            case (let mrz?, nil):
                guard let key = AccessKey.mrz(lines: ChipReaderDrivers.mrzLines(mrz)) else {
                    throw CommandFailure.usage("--mrz is not a TD3 (2 lines of 44) or TD1 (3 lines of 30) zone with valid check digits")
                }
                return key
            case (nil, let can?):
                guard let key = AccessKey.can(can) else { throw CommandFailure.usage("--can must be 1 to 12 digits") }
                return key
            default:
                throw CommandFailure.usage("give one of --mrz and --can: the chip opens only with the key printed on the document")
            }
        }

        /// The CSCAs of every --trust file and, with --config, of the held reference data.
        private func trustList() throws -> CSCATrustList {
            var list = CSCATrustList.empty
            for path in trust {
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure.usage("--trust \(path): cannot be read") }
                guard data.count <= CSCATrustList.maximumMasterListSize else { throw CommandFailure.usage("--trust \(path): \(data.count) bytes is too large") }
                let certificates = Self.pemBlocks(data) ?? [[UInt8](data)]
                if let certificateList = try? CSCATrustList(certificates: certificates) {
                    list = list.merging(certificateList)
                } else {
                    do { list = list.merging(try CSCATrustList.masterList([UInt8](data))) } catch {
                        throw CommandFailure.usage("--trust \(path): neither a CSCA certificate (DER or PEM) nor an ICAO master list: \(error)")
                    }
                }
            }
            if let config {
                let loaded: AgentConfig
                do { loaded = try AgentConfig.load(path: config) } catch { throw CommandFailure.usage("\(error)") }
                let held = try? loaded.referenceStore?.load()?.data
                list = list.merging(ChipReaderHub.trustList(held?.documentTrust, logger: Logger(label: "laneagent.diag")))
            }
            return list
        }

        /// The DER of each `CERTIFICATE` block of a PEM file; nil when `data` is not PEM.
        static func pemBlocks(_ data: Data) -> [[UInt8]]? {
            guard let text = String(data: data, encoding: .utf8), let documents = try? PEMDocument.parseMultiple(pemString: text) else { return nil }
            let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }.map(\.derBytes)
            return certificates.isEmpty ? nil : certificates
        }

        /// True once a card answers on `reader`, false when none did within `seconds`.
        static func waitForCard(reader: String, seconds: Double) async throws -> Bool {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    for try await presence in CardPresenceWatch.changes(reader: reader) {
                        if case .present = presence { return true }
                    }
                    return false
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                    return false
                }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
        }
    }
}
