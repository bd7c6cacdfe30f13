import DeviceKit
import LaneModel

/// Builds the request a plate camera of one protocol would post for a read, for
/// `laneagent diag simulate anpr`, tests and benchmarks. The request's `path` is `/`: the
/// caller sets it to the device's `/devices/<id>/events`.
public protocol PlateEventSimulator: Sendable {
    /// A POST carrying `plate` as read, `confidence` in 0…1, `direction` `approach`/`leave`/nil,
    /// the event `time`, and the pictures the protocol can carry.
    func request(plate: String, confidence: Double?, direction: String?, time: Timestamp, platePicture: [UInt8]?,
                 scenePicture: [UInt8]?) -> DeviceRequest
}
