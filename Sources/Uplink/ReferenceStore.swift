import ClearanceProtocol
import Crypto
import Foundation
import Journal
import LaneModel

/// Verified reference data as held on the board.
public struct HeldReference: Sendable, Equatable {
    public let data: ReferenceData
    /// The envelope exactly as received.
    public let envelope: [UInt8]
    /// Where it came from: the URL or the file path.
    public let source: String
    public let receivedAt: Timestamp

    /// Seconds since the central service issued it.
    public func ageSeconds(now: Timestamp) -> Int {
        Int((now.millisecondsSinceEpoch - data.issuedAt.millisecondsSinceEpoch) / 1000)
    }

    /// `reference status --json`.
    public func statusJSON(now: Timestamp) -> JSONValue {
        ["version": .number(Double(data.version)), "issuedAt": .string(data.issuedAt.rfc3339),
         "ageSeconds": .number(Double(ageSeconds(now: now))), "source": .string(source),
         "expiresAt": data.expiresAt.map { .string($0.rfc3339) } ?? .null, "receivedAt": .string(receivedAt.rfc3339)]
    }
}

/// The last verified reference data, kept in `state_dir/reference.ndjson`: a line of where and
/// when it was received, then the envelope line as received. Replaced atomically, and only by
/// data that verifies and is newer.
public struct ReferenceStore: Sendable {
    /// How an offered copy compared with the held one.
    public enum Acceptance: Sendable, Equatable {
        case stored(HeldReference)
        /// The same envelope as the one held (a refresh with nothing new).
        case unchanged(HeldReference)
    }

    public let path: String
    public let site: String
    public let centralKey: Curve25519.Signing.PublicKey

    public init(stateDirectory: String, site: String, centralKey: Curve25519.Signing.PublicKey) {
        self.path = stateDirectory + "/reference.ndjson"
        self.site = site
        self.centralKey = centralKey
    }

    /// The held copy, re-verified against the central key; nil when none was received yet.
    public func load() throws(ReferenceError) -> HeldReference? {
        guard let contents = FileManager.default.contents(atPath: path) else { return nil }
        let lines = Array(contents).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard lines.count == 2, let meta = try? JSONParser.parse(lines[0]),
              case .string(let source)? = meta["source"], case .string(let received)? = meta["receivedAt"],
              let receivedAt = Timestamp(rfc3339: received)
        else { throw .io(path, "is damaged; delete it and let the agent fetch reference data again") }
        let envelope = Array(lines[1])
        // Verified as of its own issue time: an expired copy is still the held copy (the lanes
        // treat it as stale); only its signature and site must hold.
        let data = try ReferenceEnvelope.verify(envelope, source: path, centralKey: centralKey, site: site,
                                                now: Timestamp(millisecondsSinceEpoch: Int64.min))
        return HeldReference(data: data, envelope: envelope, source: source, receivedAt: receivedAt)
    }

    /// Verifies `envelope` and keeps it if it is newer than the held copy.
    public func accept(_ envelope: [UInt8], source: String, now: Timestamp) throws(ReferenceError) -> Acceptance {
        let held = try? load()
        if let held, held.envelope == envelope { return .unchanged(held) }
        let data = try ReferenceEnvelope.verify(envelope, source: source, centralKey: centralKey, site: site, now: now)
        try ReferenceEnvelope.checkNewer(data, than: held?.data, source: source)
        let reference = HeldReference(data: data, envelope: envelope, source: source, receivedAt: now)
        do {
            try SyncedFileWriter.produce(path) { writer throws(JournalError) in
                try writer.writeLine(CanonicalJSON.encode(["source": .string(source), "receivedAt": .string(now.rfc3339)]))
                try writer.writeLine(envelope)
            }
        } catch {
            throw .io(path, "cannot be written: \(error)")
        }
        return .stored(reference)
    }
}
