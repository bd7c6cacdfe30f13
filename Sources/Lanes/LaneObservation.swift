import LaneModel

/// A device reading as a lane sees it.
public enum LaneObservation: Sendable, Hashable {
    case plate(PlateRead)
    case weight(WeightReading)
    case container(ContainerRead)
    case scan(ScanResult)
    case code(CodeRead)
    case document(DocumentRead)
    case chip(ChipRead)
    case face(BiometricMatch)
    case fingerprint(BiometricMatch)
}
