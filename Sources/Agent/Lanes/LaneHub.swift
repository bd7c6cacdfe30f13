import LaneModel
import Lanes
import Logging
import Synchronization

/// Routes what the devices report to the lane each device feeds, and officers' requests to
/// the lane they name. Devices that feed no lane are only recorded.
public final class LaneHub: Sendable {
    public let runners: [LaneRunner]
    /// Decisions, overrides and actuations as they happen.
    public let activity: LaneActivityFeed
    private let laneOfDevice: [String: LaneRunner]
    /// Who may override: checked before a request reaches its lane.
    private let officers: OfficerAuthenticator
    /// Told each time the held reference data changes, as the lanes are (the chip readers' CSCAs).
    private let referenceObservers = Mutex<[@Sendable (ReferenceData?) -> Void]>([])

    init(runners: [LaneRunner], activity: LaneActivityFeed = LaneActivityFeed(), officers: OfficerAuthenticator) {
        self.runners = runners
        self.activity = activity
        self.officers = officers
        var map: [String: LaneRunner] = [:]
        for runner in runners {
            for device in runner.settings.devices { map[device] = runner }
        }
        laneOfDevice = map
    }

    /// A hub with no lanes, for boards that only record readings.
    public static let none = LaneHub(runners: [], officers: OfficerAuthenticator(store: nil, journal: nil, logger: Logger(label: "laneagent.officers")))

    /// The lane `device` feeds, if any (its readings' records carry it).
    public func lane(of device: String) -> String? { laneOfDevice[device]?.settings.id }

    /// A recorded reading of `device`.
    public func reading(_ observation: LaneObservation, device: String, reference: ReadingReference?) {
        laneOfDevice[device]?.send(.reading(observation, device: device, reference: reference))
    }

    /// A device stopped working.
    public func fault(device: String, reason: String) {
        laneOfDevice[device]?.send(.fault(device: device, reason: reason))
    }

    /// A device works again.
    public func recovered(device: String) {
        laneOfDevice[device]?.send(.recovered(device: device))
    }

    /// Every lane gets `input` (clock and reference changes); reference changes also go to the observers.
    public func broadcast(_ input: LaneInput) {
        for runner in runners { runner.send(input) }
        if case .reference(let reference) = input {
            for observer in referenceObservers.withLock({ $0 }) { observer(reference) }
        }
    }

    /// Calls `observer` with the reference data each time the lanes are given a new copy.
    public func observeReference(_ observer: @escaping @Sendable (ReferenceData?) -> Void) {
        referenceObservers.withLock { $0.append(observer) }
    }

    /// An officer's override, committed by the lane before this returns. The officer is
    /// authenticated first: a refused attempt never reaches the lane.
    public func override(_ request: OverrideRequest) async -> Result<OverrideReceipt, LaneControlError> {
        guard let runner = runners.first(where: { $0.settings.id == request.lane }) else {
            return .failure(.unknownLane(request.lane, known: runners.map(\.settings.id)))
        }
        switch await officers.authenticate(request) {
        case .success(let method): return await runner.override(request, authenticated: method)
        case .failure(let error): return .failure(error)
        }
    }

    /// `{"lanes":[…]}`: each lane's phase, crossing and recent decisions.
    public var status: JSONValue { ["lanes": .array(runners.map(\.status))] }
}

extension LaneObservation {
    /// The lane's view of a driver's reading.
    public init(_ detail: ReadingDetail) {
        switch detail {
        case .plate(let read): self = .plate(read)
        case .code(let read): self = .code(read)
        case .document(let read): self = .document(read)
        case .chip(let read): self = .chip(read)
        case .container(let read): self = .container(read)
        case .scan(let result): self = .scan(result)
        case .face(let match): self = .face(match)
        case .fingerprint(let match): self = .fingerprint(match)
        }
    }
}
