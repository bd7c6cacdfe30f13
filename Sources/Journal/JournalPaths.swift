/// Where a state directory keeps the journal and the device key.
public struct JournalPaths: Sendable, Equatable {
    public let stateDirectory: String

    public init(stateDirectory: String) { self.stateDirectory = stateDirectory }

    /// The SQLite journal.
    public var database: String { stateDirectory + "/journal.sqlite" }
    /// Held with flock by the one process that writes the journal.
    public var writerLock: String { stateDirectory + "/journal.lock" }
    /// The device's Ed25519 key.
    public var deviceKey: String { stateDirectory + "/keys/device.key" }
    /// Every file that makes up the journal on disk.
    public var databaseFiles: [String] { [database, database + "-wal", database + "-shm"] }
}
