import LaneModel

/// Everything a lane collected for one vehicle or person, in arrival order.
public struct CrossingEvidence: Sendable, Hashable {
    public var plates: [PlateRead] = []
    public var weights: [WeightReading] = []
    public var containers: [ContainerRead] = []
    public var scans: [ScanResult] = []
    /// QR and barcode texts: the declaration QR on a cargo lane, a border pass on a people lane.
    public var codes: [CodeRead] = []
    public var documents: [DocumentRead] = []
    /// Travel-document chips read by a contactless reader.
    public var chips: [ChipRead] = []
    public var faces: [BiometricMatch] = []
    public var fingerprints: [BiometricMatch] = []
    /// Faults of the lane's devices seen while the crossing was open.
    public var faults: [DeviceFault] = []

    public init() {}
}
