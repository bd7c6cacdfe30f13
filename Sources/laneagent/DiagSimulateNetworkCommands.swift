import Agent
import ArgumentParser
import Biometrics
import CodeReaders
import ContainerScanners
import DeviceKit
import Foundation
import LaneModel
import PlateReaders

/// What every network simulator takes: where to post, how many and how fast.
struct SimulatedTraffic: ParsableArguments {
    @Option(help: ArgumentHelp("The URL the device is configured to post to, such as http://127.0.0.1:8088/devices/plate-1/events.", valueName: "URL"))
    var target: String
    @Option(help: "How many events to send.") var count = 1
    @Option(name: .customLong("interval-ms"), help: "Milliseconds between events.") var intervalMilliseconds = 200
    @Option(help: ArgumentHelp("Load test: send from this many connections at once, as fast as answered, and print events/s and latency.",
                               valueName: "N"))
    var concurrency: Int?

    func validate() throws {
        guard count >= 1, intervalMilliseconds >= 0 else { throw ValidationError("--count must be ≥ 1 and --interval-ms ≥ 0") }
        if let concurrency, !(1...256).contains(concurrency) { throw ValidationError("--concurrency must be within 1…256") }
    }

    /// Sends `count` requests made by `make` (given each one's index).
    func send(_ make: @escaping @Sendable (Int) -> DeviceRequest) async throws {
        let sender = try DeviceRequestSender(target: target)
        if let concurrency {
            try await sender.load(count: count, concurrency: concurrency, make)
        } else {
            try await sender.sendAll((0..<count).map(make), interval: .milliseconds(intervalMilliseconds))
        }
    }
}

extension LaneAgentCommand.DiagSimulate {
    /// `laneagent diag simulate anpr --target URL [--driver NAME] [--plate TEXT] …`
    struct ANPR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "anpr", abstract: "Post plate reads as a camera would (Hikvision ISAPI multipart, or generic JSON).")

        @OptionGroup var traffic: SimulatedTraffic
        @Option(help: "hikvision-anpr or generic-plate-json.") var driver = "hikvision-anpr"
        @Option(help: "The plate as read, such as 12C-123.45 or 桂A12345.") var plate = "12C-123.45"
        @Option(help: "Confidence, 0…1.") var confidence = 0.93
        @Option(help: "approach or leave.") var direction = "approach"
        @Option(name: .customLong("image-kb"), help: "Size of the plate and scene pictures, in KB (0: none).") var imageKB = 200

        func run() async throws {
            guard let simulator = DriverCatalogue.simulator(named: driver, as: (any PlateEventSimulator).self) else {
                let names = DriverCatalogue.simulated(by: "anpr").map(\.name)
                throw CommandFailure.usage("unknown plate driver '\(driver)'; expected one of: \(names.joined(separator: ", "))")
            }
            guard (0...1).contains(confidence) else { throw CommandFailure.usage("--confidence must be within 0…1") }
            let (plate, confidence, direction, imageKB) = (self.plate, self.confidence, self.direction, self.imageKB)
            // Every event's pictures differ, as a real camera's do (equal bytes would be stored once).
            // A plate crop is a small part of the scene picture.
            try await traffic.send { index in
                let scene = imageKB > 0 ? SyntheticJPEG.make(size: imageKB * 1024, seed: UInt64(2 * index)) : nil
                let crop = imageKB > 0 ? SyntheticJPEG.make(size: max(SyntheticJPEG.minimumSize, imageKB * 128), seed: UInt64(2 * index + 1)) : nil
                return simulator.request(plate: plate, confidence: confidence, direction: direction, time: .now(), platePicture: crop, scenePicture: scene)
            }
        }
    }

    /// `laneagent diag simulate face --target URL [--event …]`
    struct Face: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "face", abstract: "Post Hikvision access-control verification events (face or fingerprint) as a terminal would.")

        @OptionGroup var traffic: SimulatedTraffic
        @Option(help: "face-pass, face-fail, face-not-live (the terminal's liveness check refused it), fingerprint-pass or fingerprint-fail.")
        var event = "face-pass"
        @Option(help: "The enrolled person's employee number on the terminal.") var employee = "1001"
        @Option(name: .customLong("picture-kb"), help: "Face events: size of the face picture, in KB (0: JSON without picture).") var pictureKB = 30

        func run() async throws {
            let events: [String: HikvisionVerification] = [
                "face-pass": .facePassed, "face-fail": .faceFailed, "face-not-live": .faceNotLive, "fingerprint-pass": .fingerprintPassed, "fingerprint-fail": .fingerprintFailed,
            ]
            guard let verification = events[event] else {
                throw CommandFailure.usage("--event \(event) is not one of: \(events.keys.sorted().joined(separator: ", "))")
            }
            let terminal = try LaneAgentCommand.DiagSimulate.simulator(for: "face", as: HikvisionAccessSimulator.Type.self)
            let (employee, pictureKB) = (self.employee, self.pictureKB)
            try await traffic.send { _ in
                var request = verification.isFace && pictureKB > 0
                    ? terminal.multipartRequest(device: "-", verification, employeeNo: employee, picture: SyntheticJPEG.make(size: pictureKB * 1024))
                    : terminal.jsonRequest(device: "-", verification, employeeNo: employee)
                request.path = "/"
                return request
            }
        }
    }

    /// `laneagent diag simulate zkteco --target URL --serial SN …`
    struct ZKTeco: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zkteco",
            abstract: "Act as a ZKTeco terminal: attendance firmware's options, command poll and ATTLOG upload, " +
                "or access-control firmware's registration and rtlog upload.",
            discussion: """
                --target is the server address the terminal is configured with (http://HOST:8088); it uses the fixed /iclock paths (with --aspx, eSSL's \
                /iclock/cdata.aspx …).
                """)

        @OptionGroup var traffic: SimulatedTraffic
        @Option(help: "The terminal's serial number (the device's serial = in [[devices]]).") var serial: String
        @Option(help: "The user PIN in each record.") var pin = "1001"
        @Option(help: "fingerprint or face.") var verify = "fingerprint"
        @Option(help: "attendance (push 2.x, ATTLOG) or security (access-control push 3.x, rtlog).") var push = "attendance"
        @Option(help: "security: the rtlog event code (0 a verified open, 27 an unregistered person).") var event = 0
        @Flag(help: "attendance: use the .aspx paths eSSL firmware posts to.") var aspx = false

        func run() async throws {
            let modes = ["fingerprint": 1, "face": 15]
            guard let mode = modes[verify] else { throw CommandFailure.usage("--verify must be fingerprint or face") }
            guard push == "attendance" || push == "security" else { throw CommandFailure.usage("--push must be attendance or security") }
            guard (0...255).contains(event) || (4000..<7000).contains(event) else { throw CommandFailure.usage("--event \(event) is not an access event code (0-255, 4000-6999)") }
            let terminal = try LaneAgentCommand.DiagSimulate.simulator(for: "zkteco", as: ZKTecoPushSimulator.Type.self)
            let records = (0..<traffic.count).map {
                ZKTecoPushSimulator.Attendance(pin: pin, time: Timestamp(millisecondsSinceEpoch: Timestamp.now().millisecondsSinceEpoch + Int64($0) * 1000), verifyMode: mode)
            }
            var session = push == "security" ? terminal.securitySession(serial: serial, records: records, event: event)
                : terminal.session(serial: serial, records: records)
            if aspx { session = terminal.withASPXPaths(session) }
            let sender = try DeviceRequestSender(target: traffic.target)
            try await sender.sendAll(session, interval: .milliseconds(traffic.intervalMilliseconds))
        }
    }

    /// `laneagent diag simulate container --target URL --code CODE …`
    struct Container: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "container", abstract: "Post container codes as a container OCR camera would (generic JSON).")

        @OptionGroup var traffic: SimulatedTraffic
        @Option(name: .customLong("code"), help: "A container code as read (repeat for several).") var codes: [String] = ["CSQU3054383"]
        @Option(help: "Confidence, 0…1.") var confidence = 0.9

        func run() async throws {
            let camera = try LaneAgentCommand.DiagSimulate.simulator(for: "container", as: ContainerEventBuilder.Type.self)
            let (codes, confidence) = (self.codes, self.confidence)
            try await traffic.send { _ in
                var request = camera.request(device: "-", containers: codes.map { .init(code: $0, confidence: confidence) })
                request.path = "/"
                return request
            }
        }
    }

    /// `laneagent diag simulate scan --target URL …`
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan", abstract: "Post X-ray scan results as a scanner would (generic JSON).")

        @OptionGroup var traffic: SimulatedTraffic
        @Option(name: .customLong("scan-id"), help: "The scan's id; a counter is appended when --count > 1.") var scanID = "SCAN-0001"
        @Option(help: "clear, suspect or inconclusive.") var verdict = "clear"
        @Option(name: .customLong("container"), help: "A container code the scan covered (repeat for several).") var containers: [String] = ["CSQU3054383"]
        @Option(name: .customLong("operator"), help: "The analyst's name.") var operatorName: String?
        @Option(name: .customLong("image-kb"), help: "Size of the scan image, in KB (0: none).") var imageKB = 200

        func run() async throws {
            guard let verdict = ScanResult.Verdict(rawValue: verdict) else {
                throw CommandFailure.usage("--verdict must be one of: \(ScanResult.Verdict.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let scanner = try LaneAgentCommand.DiagSimulate.simulator(for: "scan", as: ScanResultSimulator.Type.self)
            let (count, scanID, containers, operatorName, imageKB) = (traffic.count, self.scanID, self.containers, self.operatorName, self.imageKB)
            try await traffic.send { index in
                var request = scanner.request(device: "-", scanId: count > 1 ? "\(scanID)-\(index + 1)" : scanID, verdict: verdict,
                                              containers: containers, operatorName: operatorName,
                                              imageSize: imageKB > 0 ? imageKB * 1024 : nil)
                request.path = "/"
                return request
            }
        }
    }
}
