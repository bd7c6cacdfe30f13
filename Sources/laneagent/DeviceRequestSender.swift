import AsyncHTTPClient
import DeviceKit
import Foundation
import NIOCore

/// Sends simulated device requests over real HTTP, as the camera or terminal would.
struct DeviceRequestSender {
    /// What the gateway answered.
    struct Answer {
        let status: Int
        let body: String
    }

    let base: URL

    /// `target` is the URL the device is configured with; requests whose path is `/` go to it
    /// as it is, others (ZKTeco's fixed /iclock paths) to their path on its host.
    init(target: String) throws {
        guard let url = URL(string: target), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw CommandFailure.usage("--target \"\(target)\" is not an http:// or https:// URL")
        }
        base = url
    }

    func send(_ request: DeviceRequest) async throws -> Answer {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        if request.path != "/" { components.path = request.path }
        if !request.query.isEmpty {
            components.queryItems = request.query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        }
        var outgoing = HTTPClientRequest(url: components.url!.absoluteString)
        outgoing.method = .init(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if request.method != "GET" { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await HTTPClient.shared.execute(outgoing, timeout: .seconds(15))
            let body = try await response.body.collect(upTo: 1_048_576)
            return Answer(status: Int(response.status.code), body: String(decoding: body.readableBytesView, as: UTF8.self))
        } catch {
            throw CommandFailure.fault("cannot reach \(components.url!.absoluteString): \(error)")
        }
    }

    /// Sends each request in order, printing what came back; fails when any was refused.
    func sendAll(_ requests: [DeviceRequest], interval: Duration) async throws {
        var refused = 0
        for (index, request) in requests.enumerated() {
            if index > 0 { try await Task.sleep(for: interval) }
            let answer = try await send(request)
            let reply = answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
            print("\(request.method) \(request.path == "/" ? base.path : request.path) → \(answer.status)\(reply.isEmpty ? "" : " \(reply.prefix(200))")")
            if !(200..<300).contains(answer.status) { refused += 1 }
        }
        if refused > 0 { throw CommandFailure.fault("\(refused) of \(requests.count) requests were refused") }
    }

    /// Sends `requests` from `concurrency` connections at once as fast as they are answered, and
    /// prints the rate and latency (request sent to reply, which the gateway gives only once the
    /// reading is committed); fails when any was refused.
    func load(count: Int, concurrency: Int, _ make: @escaping @Sendable (Int) -> DeviceRequest) async throws {
        let start = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: [(status: Int, seconds: Double)].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var results: [(status: Int, seconds: Double)] = []
                    for index in stride(from: worker, to: count, by: concurrency) {
                        let request = make(index)
                        let sent = ContinuousClock.now
                        let answer = try await send(request)
                        let elapsed = ContinuousClock.now - sent
                        results.append((answer.status, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
                    }
                    return results
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let total = ContinuousClock.now - start
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        let latencies = results.map(\.seconds).sorted()
        func percentile(_ fraction: Double) -> String {
            String(format: "%.1f ms", latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))] * 1000)
        }
        let refused = results.filter { !(200..<300).contains($0.status) }.count
        print(String(format: "%d events in %.2f s from %d connections: %.0f events/s; latency p50 %@, p99 %@, max %@; %d refused",
                     results.count, seconds, concurrency, Double(results.count) / seconds, percentile(0.5), percentile(0.99),
                     percentile(1.0), refused))
        if refused > 0 { throw CommandFailure.fault("\(refused) of \(count) requests were refused") }
    }
}
