/// `agent.started`: the daemon's version and the hash of the configuration it runs.
public struct AgentStartedBody: RecordBody {
    public var version: String
    /// Hex SHA-256 of the configuration file's bytes.
    public var configSHA256: String

    public init(version: String, configSHA256: String) {
        self.version = version
        self.configSHA256 = configSHA256
    }

    public var recordKind: RecordKind { .agentStarted }

    public func write(to members: inout RecordMembers) {
        members.required("version", version)
        members.required("configSHA256", configSHA256)
    }
}

/// `agent.stopped`: the daemon stopped on SIGTERM or SIGINT.
public struct AgentStoppedBody: RecordBody {
    /// Always `shutdown`: the one way the daemon stops and records it.
    public var reason: String

    public init(reason: String = "shutdown") { self.reason = reason }

    public var recordKind: RecordKind { .agentStopped }

    public func write(to members: inout RecordMembers) {
        members.required("reason", reason)
    }
}
