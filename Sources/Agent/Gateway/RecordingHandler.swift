import DeviceKit
import Logging

/// The daemon's gateway handler: a request reaches its device's driver only from an allowed
/// source, and is answered only after its readings are committed, so a device whose event could
/// not be recorded sends it again. A wrong source is 403 and logged; a malformed event 400 with
/// the reason and a (rate-limited) `device.fault`.
public struct RecordingHandler: GatewayHandler {
    private let routes: GatewayRoutes
    private let recorder: ReadingRecorder
    private let logger: Logger

    /// Most readings one request may add to the journal, so one request cannot flood it (20,000
    /// lines in one 8 MB body once made 20,000 records). A terminal's offline backlog comes in
    /// pages; a page over this is recorded up to it and the rest named in a fault.
    public static let maximumReadingsPerRequest = 500

    public init(devices: [GatewayDevice], recorder: ReadingRecorder, logger: Logger) {
        routes = GatewayRoutes(devices)
        self.recorder = recorder
        self.logger = logger
    }

    public func refusal(before request: DeviceRequest, source: String) -> EventReply? {
        if case .refused(let reply) = admit(request, source: source) { return reply }
        return nil
    }

    private enum Admission {
        case admitted(GatewayDevice)
        case refused(EventReply)
    }

    /// The request's device, when it names one, comes from its address and, if the device has
    /// credentials, presents them; otherwise the refusal. Decided from the head alone.
    private func admit(_ request: DeviceRequest, source: String) -> Admission {
        let device: GatewayDevice
        switch routes.device(for: request) {
        case .failure(let miss):
            logger.warning("refused a request for no device", metadata: ["path": "\(request.path)", "source": "\(source)", "reason": "\(miss.message)"])
            return .refused(.message(miss.status, miss.message))
        case .success(let found):
            device = found
        }
        let settings = device.settings
        guard device.allows(source) else {
            logger.warning("refused an event from a source outside the device's address list",
                           metadata: ["device": "\(settings.id)", "source": "\(source)", "allowed": "\(settings.addresses.map(\.description))"])
            return .refused(.message(403, "\(source) is not in the address list of device '\(settings.id)'"))
        }
        if let credentials = settings.credentials, case .refused(let reply, let reason) = CredentialCheck.check(request, against: credentials) {
            // A device's first request of a Digest exchange is always refused: not worth a warning.
            if reason == "no credentials" {
                logger.debug("asked a device for its credentials", metadata: ["device": "\(settings.id)", "source": "\(source)"])
            } else {
                logger.warning("refused an event with wrong credentials", metadata: ["device": "\(settings.id)", "source": "\(source)", "reason": "\(reason)"])
            }
            return .refused(reply)
        }
        return .admitted(device)
    }

    public func handle(_ request: DeviceRequest, source: String) async -> EventReply {
        let device: GatewayDevice
        switch admit(request, source: source) {
        case .refused(let reply): return reply
        case .admitted(let admitted): device = admitted
        }
        let settings = device.settings
        let outcome: EventOutcome
        do {
            outcome = try device.driver.decode(request, device: settings.id)
        } catch {
            logger.warning("malformed event", metadata: ["device": "\(settings.id)", "reason": "\(error.reason)"])
            await recorder.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: error.reason, excerpt: error.excerpt,
                                  input: request.body)
            return .message(400, error.reason)
        }
        var problems = outcome.problems
        var readings = outcome.readings
        if readings.count > Self.maximumReadingsPerRequest {
            problems.append("the event held \(readings.count) readings; the first \(Self.maximumReadingsPerRequest) were recorded, the rest were not")
            readings = Array(readings.prefix(Self.maximumReadingsPerRequest))
        }
        do {
            for reading in readings {
                let seq = try await recorder.record(reading, driver: settings.driver)
                logger.info("reading recorded", metadata: ["device": "\(settings.id)", "kind": "\(reading.kind.rawValue)", "seq": "\(seq)"])
            }
        } catch {
            logger.error("could not record a reading; the device will resend", metadata: ["device": "\(settings.id)", "error": "\(error)"])
            return .message(503, "the reading could not be recorded; send it again")
        }
        for problem in problems {
            logger.warning("part of an event was unusable", metadata: ["device": "\(settings.id)", "reason": "\(problem)"])
            await recorder.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: problem, excerpt: nil, input: request.body)
        }
        if outcome.readings.isEmpty, let note = outcome.note {
            logger.debug("event without a reading", metadata: ["device": "\(settings.id)", "note": "\(note)"])
        }
        return outcome.reply
    }
}
