import DeviceKit
import LaneModel
import Synchronization

/// Counts what every configured device does, as the device services see it: frames, rejected
/// frames, reconnects, the last reading and the open fault. Updating it is a lock and a few
/// integer writes, cheap enough for a scale's ten frames a second.
public final class DeviceMonitor: Sendable {
    private let activity: Mutex<[String: DeviceActivity]>
    /// Configuration order, which the status page keeps.
    private let order: [String]

    /// Starts a row for each of `devices`, tagged with the lane it feeds in `lanes`.
    public init(devices: [DeviceSettings], lanes: [LaneSettings]) {
        var rows: [String: DeviceActivity] = [:]
        for device in devices {
            let lane = lanes.first { $0.devices.contains(device.id) }?.id
            rows[device.id] = DeviceActivity(device: device.id, kind: device.kind.rawValue, driver: device.driver,
                                             location: device.location, lane: lane)
        }
        activity = Mutex(rows)
        order = devices.map(\.id)
    }

    /// A valid frame or event of `device` arrived.
    public func frame(device: String, at time: Timestamp = .now()) {
        activity.withLock { rows in
            rows[device]?.frames += 1
            rows[device]?.lastReadingAt = time
        }
    }

    /// `device` sent something its driver rejected.
    public func frameError(device: String, reason: String) {
        activity.withLock { rows in
            rows[device]?.frameErrors += 1
            rows[device]?.lastError = reason
        }
    }

    /// `device` connected (`failure` nil) or failed, as its health recorder saw it.
    public func health(device: String, _ health: DeviceHealth, failure: String?, at time: Timestamp = .now()) {
        activity.withLock { rows in
            guard var row = rows[device] else { return }
            // Folder devices report a fresh DeviceHealth each time: never count backwards.
            row.reconnects = max(row.reconnects, health.reconnects)
            row.connected = failure == nil
            if let failure {
                row.lastError = failure
                if row.faultSince == nil { row.faultSince = time }
            } else {
                row.faultSince = nil
            }
            rows[device] = row
        }
    }

    /// Every device's row, in configuration order.
    public var snapshot: [DeviceActivity] {
        activity.withLock { rows in order.compactMap { rows[$0] } }
    }
}
