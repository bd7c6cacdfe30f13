import Foundation
import Journal
import LaneModel

/// What the uplink remembers between runs (`state_dir/uplink-state.json`): the open fault and
/// the last successful upload, for `laneagent uplink status` (the position itself is the
/// journal's `ackedThrough`).
public struct UplinkState: Sendable, Equatable {
    public var fault: UplinkFault?
    public var lastAcceptedAt: Timestamp?
    /// The base URL of the receiver that accepted the last batch (one of `[uplink] urls`).
    public var lastReceiver: String?
    /// Seqs the receiver refused alone as too large: they go as signed stand-ins from now on.
    public var withheld: Set<Int> = []

    public init() {}

    /// The state file beside the journal.
    public static func path(stateDirectory: String) -> String { stateDirectory + "/uplink-state.json" }

    /// Reads the state; a missing file is a fresh state, a damaged one an error naming it.
    public static func load(stateDirectory: String) throws(UplinkError) -> UplinkState {
        let path = path(stateDirectory: stateDirectory)
        guard let data = FileManager.default.contents(atPath: path) else { return UplinkState() }
        guard let json = try? JSONParser.parse(Array(data)), case .object = json else {
            throw .state(path, "is not JSON; delete it to start afresh (it only holds status, no records)")
        }
        var state = UplinkState()
        if let fault = json["fault"], fault != .null {
            guard let parsed = UplinkFault(json: fault) else { throw .state(path, "its fault entry is malformed; delete the file to start afresh") }
            state.fault = parsed
        }
        if case .string(let text)? = json["lastAcceptedAt"] { state.lastAcceptedAt = Timestamp(rfc3339: text) }
        if case .string(let url)? = json["lastReceiver"] { state.lastReceiver = url }
        if let seqs = json["withheld"]?.arrayValue {
            state.withheld = Set(seqs.compactMap(\.integerValue).filter { $0 >= 1 })
        }
        return state
    }

    /// Writes the state atomically (write, fsync, rename).
    public func save(stateDirectory: String) throws(UplinkError) {
        let path = Self.path(stateDirectory: stateDirectory)
        do {
            try SyncedFileWriter.produce(path) { writer throws(JournalError) in
                try writer.writeLine(CanonicalJSON.encode(jsonValue))
            }
        } catch {
            throw .state(path, "cannot be written: \(error)")
        }
    }

    public var jsonValue: JSONValue {
        ["fault": fault?.jsonValue ?? .null, "lastAcceptedAt": lastAcceptedAt.map { .string($0.rfc3339) } ?? .null,
         "withheld": .array(withheld.sorted().map { .number(Double($0)) }), "lastReceiver": lastReceiver.map { .string($0) } ?? .null]
    }
}
