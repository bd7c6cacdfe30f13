import ClearanceProtocol
import Foundation
import Journal
import LaneModel
import Records

/// Published reference data: one signed envelope per site in `DATA/reference/SITE.dsse.json`.
public struct ReferenceDirectory: Sendable {
    public let directory: String

    public init(dataDirectory: String) { directory = dataDirectory + "/reference" }

    public func path(site: String) -> String { "\(directory)/\(site).dsse.json" }

    /// The envelope currently served for `site`.
    public func envelope(site: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(site: site)).map { Array($0).filter { $0 != UInt8(ascii: "\n") } }
    }

    /// Signs `data` with the central key and publishes it, refusing a version not newer than
    /// the one published. Returns the path written.
    public func publish(_ data: ReferenceData, key: DeviceKey) throws(ReceiverError) -> String {
        let target = path(site: data.site)
        if let current = envelope(site: data.site),
           let previous = try? ReferenceEnvelope.verify(current, source: target, centralKey: key.privateKey.publicKey,
                                                        site: data.site, now: Timestamp(millisecondsSinceEpoch: Int64.min)),
           data.version <= previous.version {
            throw .publish("version \(data.version) is not newer than the published version \(previous.version) for site \(data.site); raise \"version\"")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try SyncedFileWriter.produce(target) { writer throws(JournalError) in
                try writer.writeLine(ReferenceEnvelope.sign(data, key: key))
            }
        } catch {
            throw .publish("cannot write \(target): \(error)")
        }
        return target
    }
}
