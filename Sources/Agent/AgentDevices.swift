import CodeReaders
import DeviceKit
import Journal
import LaneModel
import Logging
import Scales
import ServiceLifecycle
import Uplink

extension AgentConfig {
    /// The evidence folder of this board.
    public func openEvidenceStore() throws(EvidenceError) -> EvidenceStore {
        try EvidenceStore(stateDirectory: agent.stateDirectory, sealTo: evidence.sealTo)
    }

    /// The services that read this board's devices, for `laneagent run`: one per serial, input
    /// or folder device, the device gateway when network devices are configured, and the
    /// evidence uploader. Readings and faults of a lane's devices go to `lanes`.
    /// `devices` counts what each device does; `onGatewayListening` gets the gateway's bound port;
    /// evidence goes to the receiver `route` chooses (the uplink's, when shared).
    /// `chipReaders` are the board's chip readers (`chipReaderHub`): run here, given the lane's
    /// MRZ reads and each new copy of the reference data's CSCAs.
    public func deviceServices(journal: Journal, logger: Logger, lanes: LaneHub = .none, devices monitor: DeviceMonitor? = nil,
                               route: ReceiverRoute? = nil, chipReaders: ChipReaderHub? = nil,
                               onGatewayListening: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [any Service] {
        let store = try openEvidenceStore()
        let chipReaders = chipReaders ?? chipReaderHub(logger: logger)
        if !chipReaders.isEmpty { lanes.observeReference { chipReaders.trust($0) } }
        let recorder = ReadingRecorder(journal: journal, evidence: store, logger: logger, lanes: lanes, devices: monitor, chipReaders: chipReaders)
        var services: [any Service] = []
        var networked: [GatewayDevice] = []
        for device in devices {
            switch device.transport {
            case .http:
                // The configuration was validated: the driver exists.
                if let driver = DriverCatalogue.eventDriver(for: device) { networked.append(GatewayDevice(settings: device, driver: driver)) }
            case .serial where device.kind == .scale:
                if let driver = ScaleDrivers.named(device.driver) {
                    // Nobody consumes readings but the service's loop; keep the newest if it ever falls behind.
                    let scale = SerialDevice(id: device.id, path: device.port, settings: device.serial, bufferingNewest: 1024) {
                        driver.session(device: device.id, options: device.scale)
                    }
                    let handling = ScaleReadings(settings: device, recorder: recorder)
                    services.append(DeviceService(settings: device, events: scale.events, start: { await scale.run() }, handling: handling,
                                                  journal: journal, logger: logger, lanes: lanes, devices: monitor))
                }
            case .pcsc:
                if let reader = chipReaders.reader(device.id) {
                    services.append(streamingService(device, events: reader.events, start: { await reader.run() }, recorder: recorder, journal: journal,
                                                     logger: logger))
                }
            case .serial, .evdev, .folder:
                if let service = readerService(device, recorder: recorder, journal: journal, logger: logger) { services.append(service) }
            }
        }
        if !networked.isEmpty {
            services.append(DeviceGateway(settings: http, handler: RecordingHandler(devices: networked, recorder: recorder, logger: logger),
                                          logger: logger, onListening: onGatewayListening))
        }
        let client = try uplink.map { settings throws(UplinkError) in try ClearanceClient(settings: settings, route: route) }
        services.append(EvidenceService(store: store, journal: journal, client: client, device: agent.device, capMB: evidence.maxMB, logger: logger))
        return services
    }
}

extension AgentConfig {
    /// The service reading a serial code or document reader, a USB HID reader or a drop folder.
    func readerService(_ device: DeviceSettings, recorder: ReadingRecorder, journal: Journal, logger: Logger) -> (any Service)? {
        switch device.transport {
        case .serial:
            guard let driver = DriverCatalogue.named(device.driver), driver.hasReadingSession else { return nil }
            let reader = SerialDevice(id: device.id, path: device.port, settings: device.serial, bufferingNewest: 1024) {
                driver.readingSession(device: device.id, options: device.options)!
            }
            return streamingService(device, events: reader.events, start: { await reader.run() }, recorder: recorder, journal: journal, logger: logger)
        case .evdev:
            let reader = CodeReaderDrivers.hidDevice(id: device.id, path: device.port, grab: device.grab, bufferingNewest: 1024)
            return streamingService(device, events: reader.events, start: { await reader.run() }, recorder: recorder, journal: journal, logger: logger)
        case .folder:
            return ScanFolderService(settings: device, recorder: recorder, journal: journal, logger: logger)
        case .http, .pcsc:
            return nil
        }
    }

    private func streamingService(_ device: DeviceSettings, events: AsyncStream<DeviceEvent<Reading>>, start: @escaping @Sendable () async -> Void,
                                  recorder: ReadingRecorder, journal: Journal, logger: Logger) -> any Service {
        DeviceService(settings: device, events: events, start: start, handling: ReaderReadings(settings: device, recorder: recorder),
                      journal: journal, logger: logger, lanes: recorder.lanes, devices: recorder.devices)
    }
}
