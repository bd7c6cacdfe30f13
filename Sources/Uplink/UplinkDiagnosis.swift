import ClearanceProtocol
import Foundation
import LaneModel
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// `laneagent diag uplink`: walks the path to the clearance service one layer at a time and
/// stops at the first layer that fails, so a technician knows which one to fix. With several
/// receiver URLs each is walked in turn: the board fails over between them, so one that is down
/// is redundancy lost, reported like any other fault.
public struct UplinkDiagnosis: Sendable {
    /// One checked layer.
    public struct Step: Sendable {
        public let name: String
        public let ok: Bool
        public let detail: String
        /// The clock step's local-minus-server difference in seconds, when it was measured.
        public var skewSeconds: Double? = nil
        /// The receiver base URL the step checked.
        public var url = ""

        public var jsonValue: JSONValue { ["step": .string(name), "ok": .bool(ok), "detail": .string(detail), "url": .string(url)] }
    }

    /// Largest clock difference from the server that still passes.
    public static let maxSkewSeconds = 5.0

    public let settings: UplinkSettings
    public let device: String

    public init(settings: UplinkSettings, device: String) {
        self.settings = settings
        self.device = device
    }

    /// Runs the steps in order for each receiver URL, calling `report` after each; a URL's walk
    /// stops after its first failure. True when every URL passed.
    public func run(report: (Step) -> Void) async -> Bool {
        var allOK = true
        for url in settings.baseURLs {
            let ok = await Self(settings: settings.only(url), device: device).walk { step in
                var step = step
                step.url = url
                report(step)
            }
            allOK = allOK && ok
        }
        return allOK
    }

    /// The steps for the one URL of `settings`.
    private func walk(report: (Step) -> Void) async -> Bool {
        func finish(_ name: String, _ ok: Bool, _ detail: String) -> Bool {
            report(Step(name: name, ok: ok, detail: detail))
            return ok
        }
        guard let (host, port) = settings.hostAndPort else { return finish("config", false, "url \(settings.baseURL) names no host") }
        let mode = settings.isTLS ? (settings.certFile != nil ? "https with mutual TLS" : "https") : "plain http (loopback)"
        guard finish("config", true, "url \(settings.baseURL), \(mode)") else { return false }

        let addresses = Self.resolve(host: host, port: port)
        guard case .success(let list) = addresses else {
            if case .failure(let message) = addresses { return finish("dns", false, "cannot resolve \(host): \(message)") }
            return false
        }
        guard finish("dns", true, "\(host) → \(list.joined(separator: ", "))") else { return false }

        let clock = ContinuousClock()
        let started = clock.now
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5)).connect(host: host, port: port).get()
            try? await channel.close().get()
        } catch {
            return finish("tcp", false, "cannot connect to \(host):\(port): \(error)")
        }
        guard finish("tcp", true, "connected to \(host):\(port) in \((clock.now - started).formatted(.units(allowed: [.milliseconds])))") else { return false }

        if settings.isTLS {
            let tls: TLSConfiguration
            do { tls = try ClearanceClient.tlsConfiguration(settings) } catch { return finish("tls", false, error.description) }
            switch await Self.handshake(host: host, port: port, tls: tls) {
            case .failure(let message):
                return finish("tls", false, "handshake with \(host):\(port) failed: \(message)")
            case .success(let (notBefore, notAfter)):
                let now = Date()
                let from = Date(timeIntervalSince1970: TimeInterval(notBefore)), until = Date(timeIntervalSince1970: TimeInterval(notAfter))
                let dates = "server certificate valid \(Timestamp(from).rfc3339) to \(Timestamp(until).rfc3339)"
                if now < from || now > until { return finish("tls", false, "\(dates): not valid now (\(Timestamp(now).rfc3339)); check the clock or renew it") }
                let days = Int(until.timeIntervalSince(now) / 86_400)
                guard finish("tls", true, "handshake ok, \(dates) (\(days) days left)") else { return false }
            }
        }

        let client: ClearanceClient
        do { client = try ClearanceClient(settings: settings) } catch { return finish("http", false, error.description) }
        let ok = await checkService(client, finish: finish, report: report)
        await client.shutdown()
        return ok
    }

    /// The HTTP, device and clock steps, over one client.
    private func checkService(_ client: ClearanceClient, finish: (String, Bool, String) -> Bool, report: (Step) -> Void) async -> Bool {
        let health: ClearanceResponse
        do { health = try await client.get("v1/health") } catch {
            return finish("http", false, "GET \(settings.url("v1/health")) failed: \(Uploader.describe(error))")
        }
        guard finish("http", health.status == 200, "GET v1/health answered HTTP \(health.status)") else { return false }

        let known: ClearanceResponse
        do { known = try await client.get("v1/devices/\(device)") } catch {
            return finish("device", false, "GET v1/devices/\(device) failed: \(Uploader.describe(error))")
        }
        switch known.status {
        case 200:
            let state = try? JSONParser.parse(known.body)
            let through = state?["acceptedThrough"]?.integerValue.map(String.init) ?? "?"
            guard finish("device", true, "the server knows \(device) and holds its records through seq \(through)") else { return false }
        case 404:
            return finish("device", false, "the server does not know device \(device); register the line of `laneagent keys show --json`")
        default:
            return finish("device", false, "GET v1/devices/\(device) answered HTTP \(known.status)")
        }

        guard let date = known.header("Date") ?? health.header("Date"), let skew = Self.skew(serverDate: date, now: Date()) else {
            return finish("clock", false, "the server sent no usable Date header, so the clock cannot be compared")
        }
        let text = String(format: "%+.0f", skew)
        let ok = abs(skew) <= Self.maxSkewSeconds
        report(Step(name: "clock", ok: ok, detail: "local clock − server clock = \(text) s (limit ±\(Int(Self.maxSkewSeconds)) s; HTTP dates have 1 s resolution)",
                    skewSeconds: skew))
        return ok
    }

    /// Local time minus the server's `Date`, in seconds.
    static func skew(serverDate: String, now: Date) -> Double? {
        RetryAfter.date(serverDate).map { now.timeIntervalSince($0) }
    }

    private static func resolve(host: String, port: Int) -> Result<[String], ResolveFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else { return .failure(ResolveFailure(String(cString: gai_strerror(status)))) }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            cursor = entry.pointee.ai_next
        }
        return .success(addresses)
    }

    private struct ResolveFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func handshake(host: String, port: Int, tls: TLSConfiguration) async -> Result<(time_t, time_t), ResolveFailure> {
        do {
            let context = try NIOSSLContext(configuration: tls)
            let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: (time_t, time_t).self)
            let isAddress = host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        try channel.pipeline.syncOperations.addHandler(HandshakeProbe(promise: promise))
                    }
                }
                .connect(host: host, port: port).get()
            defer { channel.close(promise: nil) }
            let dates = try await promise.futureResult.get()
            return .success(dates)
        } catch {
            return .failure(ResolveFailure("\(error)"))
        }
    }
}

/// Completes with the server certificate's validity dates once the TLS handshake is done.
/// Lives on its channel's event loop, which is what makes the unchecked `Sendable` sound.
private final class HandshakeProbe: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    private let promise: EventLoopPromise<(time_t, time_t)>
    private var done = false

    init(promise: EventLoopPromise<(time_t, time_t)>) { self.promise = promise }

    private func complete(_ result: Result<(time_t, time_t), any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            if let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self),
               let certificate = handler.peerCertificate {
                complete(.success((certificate.notValidBefore, certificate.notValidAfter)))
            } else {
                complete(.failure(ChannelError.inappropriateOperationForState))
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(ChannelError.ioOnClosedChannel))
        context.fireChannelInactive()
    }
}
