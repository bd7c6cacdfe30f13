/// Every kind of record a board journals, declared once: the journal's appends name these, the
/// OpenAPI contract lists them (`RecordKind` in deploy/openapi/clearance-v1.yaml) and
/// `RecordKindTests` keeps the two and the sources in step.
public enum RecordKind: String, Sendable, Hashable, CaseIterable {
    /// The daemon started: version, configuration hash, lanes.
    case agentStarted = "agent.started"
    /// The daemon stopped on a signal.
    case agentStopped = "agent.stopped"
    /// A synthetic reading written by `diag bench`, never by a running lane.
    case benchReading = "bench.reading"
    /// A lane's decision on a crossing, with the rules and evidence behind it.
    case crossingDecision = "crossing.decision"
    /// An officer's signed override of a decision.
    case crossingOverride = "crossing.override"
    /// A device came (back) online.
    case deviceConnected = "device.connected"
    /// A device failed, disconnected or sent what the driver could not read.
    case deviceFault = "device.fault"
    /// The evidence folder is over `[evidence] max_mb` with only unsent files left; none is dropped.
    case evidenceFault = "evidence.fault"
    /// The evidence folder is back under `[evidence] max_mb`.
    case evidenceFaultCleared = "evidence.fault.cleared"
    /// The journal's disk is nearly full.
    case journalFault = "journal.fault"
    /// The journal's disk has room again.
    case journalFaultCleared = "journal.fault.cleared"
    /// An output driven: barrier, lights, turnstile, and whether it succeeded.
    case laneActuation = "lane.actuation"
    /// An override refused (wrong PIN or key, unknown officer, locked out).
    case overrideRefused = "override.refused"
    /// Too many refused overrides: an officer or a lane is locked out for a while.
    case overrideLockout = "override.lockout"
    /// Readings, one kind per device family (`ReadingKind.recordKind`).
    case readingPlate = "reading.plate"
    case readingCode = "reading.code"
    case readingDocument = "reading.document"
    /// A travel document's chip: access, data groups, passive and chip authentication.
    case readingChip = "reading.document.chip"
    case readingContainer = "reading.container"
    case readingScan = "reading.scan"
    case readingFace = "reading.face"
    case readingFingerprint = "reading.fingerprint"
    /// A stable weight from a weighbridge indicator.
    case readingWeight = "reading.weight"
    /// A record whose body was over `RecordLimits.maximumBodyBytes`: its kind, size and SHA-256.
    case recordOversized = "record.oversized"
    /// The signed stand-in for a record the receiver refused even alone (`WithheldRecord`).
    case recordWithheld = "record.withheld"
    /// New reference data verified and taken.
    case referenceUpdated = "reference.updated"
    /// Reference data refused (signature, site, age); the held copy stays.
    case referenceFault = "reference.fault"
    /// The uplink hit a problem a person must see (refused batch, fork, withheld record).
    case uplinkFault = "uplink.fault"
    /// That uplink problem is over.
    case uplinkFaultCleared = "uplink.fault.cleared"
    /// Central's signed receipt for the records through a seq, verified against the pinned key.
    case uplinkReceipt = "uplink.receipt"
}
