import Agent
import ClearanceProtocol
import ClearanceReceiver
import ChipReaders
import CodeReaders
import Crypto
import DeviceKit
import DocumentSecurity
import EPassport
import Foundation
import Journal
import LaneIO
import LaneModel
import Logging
import Records
import Scales
import ServiceLifecycle
import Uplink

/// The demo's whole checkpoint on one machine: a temporary state directory and keys, an
/// embedded clearance-receiver on a loopback port, the agent's real services (devices, lanes,
/// uplink) and simulated devices on the real transports (ptys, HTTP, the simulated GPIO chip).
final class DemoCheckpoint: @unchecked Sendable {
    let directory: String
    let config: AgentConfig
    let journal: Journal
    let deviceKey: DeviceKey
    let chips = LaneChips()
    /// The board's chip readers; the demo lays its simulated passports on `chip-1`.
    let chipReaders: ChipReaderHub
    /// The demo state's CSCA and document signer, which sign every passport the demo makes.
    let passportIssuer: TestDocumentPKI
    let lanes: LaneService
    let logger: Logger
    let gatewayPort: Int
    /// The admin server's port: the status page, /metrics, /healthz and /readyz.
    let adminPort: Int
    let receiverPort: Int
    /// The weighbridge indicator's simulator, nil while its cable is pulled.
    private(set) var scale: ScaleRig?
    /// The scale's driver, whose indicator the rig plays.
    let scaleDriver: ScaleDriver
    let qr: (simulator: CodeReaderSimulator, terminal: LinkedTerminal)
    let mrz: (simulator: MRZReaderSimulator, terminal: LinkedTerminal)
    private var receiverTask: Task<Void, Never>?
    private let agentGroup: ServiceGroup
    private let agentTask: Task<Void, Never>
    private let receiverOptions: ReceiverOptions

    /// Builds and starts everything; `logger` is quiet unless --verbose.
    init(logger: Logger) async throws {
        self.logger = logger
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("laneagent-demo-\(UUID().uuidString.prefix(8))").path
        let devices = directory + "/dev"
        try FileManager.default.createDirectory(atPath: devices, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(atPath: directory + "/central", withIntermediateDirectories: true)

        // Keys: the board's signing key, central's key (reference data, receipts) and evidence-sealing key.
        deviceKey = try DeviceKey.create(at: JournalPaths(stateDirectory: directory + "/state").deviceKey)
        let centralKey = try DeviceKey.create(at: directory + "/central/central.key")
        let sealing = Curve25519.KeyAgreement.PrivateKey()
        try Data(sealing.rawRepresentation).write(to: URL(fileURLWithPath: directory + "/central/evidence.key"))
        let registry: JSONValue = ["device": .string(DemoSite.device), "publicKey": .string(Data(deviceKey.publicKeyBytes).base64EncodedString()),
                                   "keyid": .string(deviceKey.keyID)]
        try Data(CanonicalJSON.encode(registry) + [0x0A]).write(to: URL(fileURLWithPath: directory + "/central/registry.ndjson"))

        // Central: the receiver, and the site's reference data published on it.
        receiverOptions = ReceiverOptions(host: "127.0.0.1", port: 0, dataDirectory: directory + "/central/data",
                                          registryPath: directory + "/central/registry.ndjson", receiptKey: centralKey)
        passportIssuer = try TestDocumentPKI.generate(country: "VNM", notBefore: Date(timeIntervalSinceNow: -86_400))
        let reference = try ReferenceData(json: DemoSite.reference(issuedAt: .now(), csca: passportIssuer.csca))
        _ = try ReferenceDirectory(dataDirectory: receiverOptions.dataDirectory).publish(reference, key: centralKey)
        let (receiverTask, port) = try await Self.startReceiver(receiverOptions, port: 0, logger: logger)
        self.receiverTask = receiverTask
        receiverPort = port

        try DemoRulePacks.cargo.write(toFile: directory + "/cargo-rules.toml", atomically: true, encoding: .utf8)
        try DemoRulePacks.people.write(toFile: directory + "/people-rules.toml", atomically: true, encoding: .utf8)
        let configPath = directory + "/agent.toml"
        try Self.configText(directory: directory, receiverPort: port, centralKey: centralKey.publicKeyBytes,
                            sealTo: Array(sealing.publicKey.rawRepresentation)).write(toFile: configPath, atomically: true, encoding: .utf8)
        config = try AgentConfig.load(path: configPath)

        // The board's clock is simulated as NTP-synchronised: a real board reads adjtimex.
        var options = config.journalOptions
        options.clockSync = { .synced }
        journal = try config.openJournal(options: options)
        if let store = config.referenceStore, let envelope = ReferenceDirectory(dataDirectory: receiverOptions.dataDirectory).envelope(site: DemoSite.site) {
            _ = try store.accept(envelope, source: "demo", now: .now())
        }

        // Simulated serial devices, linked where the config expects them (as udev would).
        // Each simulator is the one the configured device's driver declares.
        scaleDriver = try Self.simulator(of: "scale-1", in: config, as: ScaleDriver.self)
        scale = try ScaleRig(link: devices + "/scale-1", driver: scaleDriver)
        let qrTerminal = try LinkedTerminal(link: devices + "/qr-1")
        qr = (try Self.simulator(of: "qr-1", in: config, as: CodeReaderSimulator.Type.self).init(terminal: qrTerminal.terminal), qrTerminal)
        let mrzTerminal = try LinkedTerminal(link: devices + "/mrz-1")
        mrz = (try Self.simulator(of: "mrz-1", in: config, as: MRZReaderSimulator.Type.self).init(terminal: mrzTerminal.terminal), mrzTerminal)

        // The agent: exactly the services `laneagent run` starts.
        lanes = try LaneService(config: config, journal: journal, logger: logger, chips: chips, clockSync: { .synced })
        chipReaders = config.chipReaderHub(logger: logger)
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let (adminStream, adminContinuation) = AsyncStream.makeStream(of: Int.self)
        let services = try config.daemonServices(journal: journal, logger: logger, lanes: lanes, chipReaders: chipReaders,
                                                 onGatewayListening: { portContinuation.yield($0) },
                                                 onAdminListening: { adminContinuation.yield($0) })
        let group = ServiceGroup(services: services, logger: logger)
        agentGroup = group
        agentTask = Task {
            do { try await group.run() } catch { logger.error("the agent stopped", metadata: ["error": "\(error)"]) }
        }
        var iterator = portStream.makeAsyncIterator()
        guard let gateway = await iterator.next() else { throw CommandFailure.fault("demo: the device gateway did not start") }
        gatewayPort = gateway
        var admin = adminStream.makeAsyncIterator()
        guard let adminPort = await admin.next() else { throw CommandFailure.fault("demo: the admin server did not start") }
        self.adminPort = adminPort
    }

    private static func startReceiver(_ options: ReceiverOptions, port: Int, logger: Logger) async throws -> (Task<Void, Never>, Int) {
        var options = options
        options.port = port
        let server = try ReceiverServer(options: options, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            do { try await server.run(onListening: { continuation.yield($0) }) } catch {
                logger.error("the demo receiver stopped", metadata: ["error": "\(error)"])
            }
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw CommandFailure.fault("demo: the embedded clearance-receiver did not start") }
        return (task, bound)
    }

    /// The central service goes away (the board's link is down).
    func stopReceiver() async {
        receiverTask?.cancel()
        await receiverTask?.value
        receiverTask = nil
    }

    /// The link is back: the receiver listens again on its port, with everything it held.
    func startReceiver() async throws {
        let (task, _) = try await Self.startReceiver(receiverOptions, port: receiverPort, logger: logger)
        receiverTask = task
    }

    var receiverUp: Bool { receiverTask != nil }

    /// Pulls the scale's cable: its pseudo-terminal goes away, as a USB-serial adapter would.
    func unplugScale() async {
        await scale?.stop()
        scale = nil
    }

    /// Plugs a scale back in at the same udev path.
    func plugScaleBackIn() throws {
        scale = try ScaleRig(link: directory + "/dev/scale-1", driver: scaleDriver)
    }

    /// The simulator of the driver the demo's configuration gives `device`, as the family's `type`.
    func simulator<Simulator>(of device: String, as type: Simulator.Type) throws -> Simulator {
        try Self.simulator(of: device, in: config, as: type)
    }

    private static func simulator<Simulator>(of device: String, in config: AgentConfig, as type: Simulator.Type) throws -> Simulator {
        guard let driver = config.devices.first(where: { $0.id == device })?.driver,
              let simulator = DriverCatalogue.simulator(named: driver, as: type)
        else { throw CommandFailure.fault("demo: \(device)'s driver has no \(type) simulator in the driver catalogue") }
        return simulator
    }

    /// Lays `person`'s passport on the chip reader: a chip the demo state's document signer
    /// signed, with a Chip Authentication key (brainpoolP256r1, AES) as many states' chips have;
    /// DG1 rewritten afterwards when the scenario alters it, the key missing when it is a copy.
    func presentPassport(_ person: DemoScenario.Person) throws {
        guard let reader = chipReaders.reader("chip-1") else { throw CommandFailure.fault("demo: the chip reader chip-1 is not running") }
        let face = FaceImage(mediaType: "image/jpeg", bytes: SyntheticJPEG.make(size: 4_000, seed: UInt64(person.employeeNo) ?? 1))
        guard let curve = StandardCurve.named("1.3.36.3.3.2.8.1.1.7") else { throw CommandFailure.fault("demo: libcrypto lacks brainpoolP256r1") }
        let chipKey = try ChipAuthenticationKey.generate(curve: curve, cipher: "AES-128")
        var image = try PassportImage.genuine(mrzLines: person.mrz, face: face, pki: passportIssuer, chipAuthenticationKey: chipKey)
        var faults: [SimulatedPassportFault] = []
        switch person.chip {
        case .genuine: break
        case .altered(let lines): image = image.alteringDataGroup1(to: lines)
        case .copied: faults.append(.lacksChipAuthenticationKey)
        }
        reader.present(SimulatedPassport(image: image, faults: faults))
    }

    /// Shuts the agent down (lanes to their safe state, agent.stopped recorded).
    func stopAgent() async {
        await agentGroup.triggerGracefulShutdown()
        await agentTask.value
    }

    /// Stops what is left and removes the directory unless `keep`.
    func tearDown(keep: Bool) async {
        await stopReceiver()
        await scale?.stop()
        journal.close()
        qr.terminal.unlink()
        mrz.terminal.unlink()
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
    }

    static func configText(directory: String, receiverPort: Int, centralKey: [UInt8], sealTo: [UInt8]) -> String {
        """
        # The demo's board: a Huu Nghi-style cargo lane (C1) and a Bac Luan-style people lane (P1).
        [agent]
        device = "\(DemoSite.device)"
        site = "\(DemoSite.site)"
        state_dir = "\(directory)/state"

        [journal]
        min_free_mb = 16

        [uplink]
        url = "http://127.0.0.1:\(receiverPort)/"
        central_key = "\(Data(centralKey).base64EncodedString())"
        retry_max_seconds = 1

        [http]
        listen = "127.0.0.1:0"
        # A port the kernel picks, so the demo runs beside a real daemon on 9108.
        admin_listen = "127.0.0.1:0"

        [evidence]
        seal_to = "\(Data(sealTo).base64EncodedString())"

        [[devices]]
        id = "scale-1"
        kind = "scale"
        driver = "yaohua-xk3190"
        port = "\(directory)/dev/scale-1"
        baud = 9600
        stable_ms = 600

        [[devices]]
        id = "anpr-1"
        kind = "plate-reader"
        driver = "hikvision-anpr"
        address = "127.0.0.1"

        [[devices]]
        id = "qr-1"
        kind = "code-reader"
        driver = "serial-code"
        port = "\(directory)/dev/qr-1"

        [[devices]]
        id = "ocr-1"
        kind = "container-ocr"
        driver = "generic-container-json"
        address = "127.0.0.1"

        [[devices]]
        id = "xray-1"
        kind = "xray"
        driver = "generic-scan-json"
        address = "127.0.0.1"

        [[devices]]
        id = "mrz-1"
        kind = "document-reader"
        driver = "serial-mrz"
        port = "\(directory)/dev/mrz-1"

        [[devices]]
        id = "chip-1"
        kind = "chip-reader"
        driver = "pcsc-passport"
        # Passports from EPassport's simulated chip, laid on the reader by the demo: no pcscd.
        transport = "simulated"

        [[devices]]
        id = "face-1"
        kind = "face-terminal"
        driver = "hikvision-access"
        address = "127.0.0.1"
        match_threshold = 85
        liveness_check = true

        [[lanes]]
        id = "C1"
        kind = "cargo"
        devices = ["scale-1", "anpr-1", "qr-1", "ocr-1", "xray-1"]
        rules = "cargo-rules.toml"
        [lanes.gpio]
        chip = "simulated"
        entry_loop = "C1_LOOP_ENTRY"
        exit_loop = "C1_LOOP_EXIT"
        barrier = "C1_BARRIER"
        green = "C1_GREEN"
        red = "C1_RED"
        debounce_ms = 20

        [[lanes]]
        id = "P1"
        kind = "people"
        devices = ["mrz-1", "chip-1", "face-1"]
        rules = "people-rules.toml"
        [lanes.gpio]
        chip = "simulated"
        passage = "P1_PASSAGE"
        turnstile = "P1_TURNSTILE"
        green = "P1_GREEN"
        red = "P1_RED"
        debounce_ms = 20

        """
    }
}

/// A simulated XK3190 indicator on a pseudo-terminal linked at the scale's udev path.
final class ScaleRig: Sendable {
    let simulator: ScaleSimulator
    let terminal: LinkedTerminal
    private let task: Task<Void, Never>

    init(link: String, driver: ScaleDriver) throws {
        terminal = try LinkedTerminal(link: link)
        let simulator = ScaleSimulator(driver: driver, terminal: terminal.terminal, initial: IndicatorState(weightKg: 0))
        self.simulator = simulator
        task = Task { await simulator.run() }
    }

    /// The load on the platform.
    func load(_ kilograms: Double) { simulator.update { $0.weightKg = kilograms } }

    /// Stops sending and removes the link; the pty closes when the rig is released.
    func stop() async {
        task.cancel()
        await task.value
        terminal.unlink()
    }
}
