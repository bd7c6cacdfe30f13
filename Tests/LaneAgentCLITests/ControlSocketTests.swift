import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// Bytes written straight to a running daemon's control socket, as any process that can open
/// it may send them, without `laneagent lane override` checking anything first.
enum RawControlSocket {
    /// What came back: the bytes read, and whether the daemon closed the connection (EOF or
    /// reset) before the deadline.
    struct Answer: CustomStringConvertible {
        var bytes: [UInt8]
        var closed: Bool

        /// The status code of the answer's first line.
        var status: Int? {
            let line = String(decoding: bytes.prefix(64), as: UTF8.self)
            return line.firstMatch(of: /^HTTP\/1\.[01] (\d{3})/).flatMap { Int($0.1) }
        }

        /// The JSON after the head, if any.
        var body: JSONValue? {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let range = text.range(of: "\r\n\r\n") else { return nil }
            return try? JSONParser.parse(Array(text[range.upperBound...].utf8))
        }

        var description: String { "\(closed ? "closed" : "open"): \(String(decoding: bytes.prefix(600), as: UTF8.self))" }
    }

    /// An HTTP/1.1 request with `Connection: close`, its Content-Length the body's own unless given.
    static func request(_ method: String, _ path: String, body: [UInt8] = [], contentLength: Int? = nil) -> [UInt8] {
        let head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(contentLength ?? body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// Connects to `path`, sends `bytes` and reads until the daemon closes the connection or
    /// `seconds` pass (a generous deadline: only there so a hang fails instead of blocking).
    /// With `hangUp`, closes the connection right after sending and reads nothing; with
    /// `endSending`, shuts down its sending side and reads the answer.
    static func exchange(_ path: String, _ bytes: [UInt8], hangUp: Bool = false, endSending: Bool = false, seconds: Int = 20) async -> Answer {
        await DedicatedThread.run { exchangeBlocking(path, bytes, hangUp: hangUp, endSending: endSending, seconds: seconds) }
    }

    private static func exchangeBlocking(_ path: String, _ bytes: [UInt8], hangUp: Bool, endSending: Bool, seconds: Int) -> Answer {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return Answer(bytes: Array("socket: \(String(cString: strerror(errno)))".utf8), closed: false) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let name = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: name)
            raw[name.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return Answer(bytes: Array("connect: \(String(cString: strerror(errno)))".utf8), closed: false) }
        // The daemon may answer and close before taking every byte (an oversize body): a failed
        // send ends the sending, and the answer is read all the same.
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        if hangUp { return Answer(bytes: [], closed: true) }
        if endSending { shutdown(fd, Int32(SHUT_WR)) }
        var answer: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while ContinuousClock.now < deadline {
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 200) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return Answer(bytes: answer, closed: true) }
            answer += buffer[..<count]
        }
        return Answer(bytes: answer, closed: false)
    }
}

/// The control socket attacked from outside `laneagent lane override`: malformed, oversized,
/// truncated and garbage requests written straight to `state_dir/control.sock` of a running
/// `laneagent run` whose lane waits for an officer.
@Suite("The control socket attacked directly", .timeLimit(.minutes(3)))
struct ControlSocketTests {
    @Test("""
        the socket is 0660; oversize, malformed, non-object and incomplete bodies are 4xx, unknown lanes and paths 404, truncated requests and garbage leave the daemon \
        up, and nothing is overridden
        """)
    func hostileRequests() async throws {
        let lane = try await OfficerOverrideTests.WaitingLane([.init("BL-0042", pin: "48151623")])
        let socket = lane.agent.config.paths.stateDirectory + "/control.sock"

        var info = stat()
        #expect(stat(socket, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK && info.st_mode & 0o7777 == 0o660, "mode \(String(info.st_mode & 0o7777, radix: 8))")

        func send(_ bytes: [UInt8], hangUp: Bool = false, endSending: Bool = false) async -> RawControlSocket.Answer {
            await RawControlSocket.exchange(socket, bytes, hangUp: hangUp, endSending: endSending)
        }
        func override(_ body: String, lane id: String = "P1") async -> RawControlSocket.Answer {
            await send(RawControlSocket.request("POST", "/v1/lanes/\(id)/override", body: Array(body.utf8)))
        }
        /// The daemon still answers on its socket, with the lane still waiting.
        func stillServing(_ after: String, sourceLocation: SourceLocation = #_sourceLocation) async {
            let answer = await send(RawControlSocket.request("GET", "/v1/lanes"))
            let phase = answer.body?["lanes"]?.arrayValue?.first?["phase"]
            #expect(answer.status == 200 && phase == "waiting-for-officer", "after \(after): \(answer)", sourceLocation: sourceLocation)
        }
        await stillServing("nothing")
        let crossing = lane.crossing
        let good = #""decision":"CLEAR","officer":"BL-0042","reason":"checked","pin":"48151623""#

        // Over 64 KiB, with a Content-Length and chunked without one.
        let huge = #"{"crossing":"\#(crossing)",\#(good),"padding":"\#(String(repeating: "A", count: 70 * 1024))"}"#
        let oversize = await override(huge)
        #expect((400..<500).contains(oversize.status ?? 0) && oversize.closed, "\(oversize)")
        await stillServing("an oversize body")
        let chunk = Array(huge.utf8)
        let chunked = Array("POST /v1/lanes/P1/override HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".utf8)
            + Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n0\r\n\r\n".utf8)
        let oversizeChunked = await send(chunked)
        #expect((400..<500).contains(oversizeChunked.status ?? 0) && oversizeChunked.closed, "\(oversizeChunked)")
        await stillServing("an oversize chunked body")

        // Bodies that are not what the API takes: 400 each, before any officer is checked.
        let badRequests = [
            "", #"{"crossing":"#, "not json", "[1,2,3]", #""a string""#, "null", "42", "{}",
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"BL-0042","pin":"48151623"}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"","reason":"checked","pin":"48151623"}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":["BL-0042"],"reason":"checked","pin":"48151623"}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"BL 0042\n; rm -rf /","reason":"checked","pin":"48151623"}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"../../keys/device.key","reason":"checked","pin":"48151623"}"#,
            #"{"crossing":"\#(String(repeating: "C", count: 10 * 1024))",\#(good)}"#,
            #"{"crossing":"\#(crossing)","decision":"REFER","officer":"BL-0042","reason":"checked","pin":"48151623"}"#,
            #"{"crossing":"\#(crossing)","decision":"OPEN","officer":"BL-0042","reason":"checked","pin":"48151623"}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"BL-0042","reason":"checked","pin":48151623}"#,
            #"{"crossing":"\#(crossing)",\#(good),"signature":"also"}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"BL-0042","reason":"checked","signature":{"signedAt":"now","value":"AAAA"}}"#,
            #"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"BL-0042","reason":"checked","signature":"forged"}"#,
        ]
        for body in badRequests {
            let answer = await override(body)
            #expect(answer.status == 400 && answer.body?["code"] == "LA-LANE-004", "\(body.prefix(120)): \(answer)")
        }
        await stillServing("malformed bodies")

        // The right PIN for a lane that does not exist, and paths the API does not serve.
        let unknownLane = await override(#"{"crossing":"\#(crossing)",\#(good)}"#, lane: "P1X")
        #expect(unknownLane.status == 404 && unknownLane.body?["code"] == "LA-LANE-002", "\(unknownLane)")
        let encodedLane = await override(#"{"crossing":"\#(crossing)",\#(good)}"#, lane: "..%2FP1")
        #expect(encodedLane.status == 404, "\(encodedLane)")
        for (method, path) in [("GET", "/"), ("GET", "/v1/lanes/P1"), ("POST", "/v1/lanes/P1/override/again"), ("GET", "/../keys/device.key"),
                               ("DELETE", "/v1/lanes/P1"), ("GET", "/v1/lanes/P1/override?lane=P1")] {
            let answer = await send(RawControlSocket.request(method, path))
            #expect(answer.status == 404, "\(method) \(path): \(answer)")
        }
        // A known path with another method.
        let wrongMethod = await send(RawControlSocket.request("POST", "/v1/lanes"))
        #expect(wrongMethod.status == 404 || wrongMethod.status == 405, "\(wrongMethod)")

        // A well-formed request with a wrong PIN is refused by the officer check: recorded, without the PIN.
        let wrongPIN = await override(#"{"crossing":"\#(crossing)","decision":"CLEAR","officer":"BL-0042","reason":"checked","pin":"99887766"}"#)
        #expect(wrongPIN.status == 403 && wrongPIN.body?["code"] == "LA-LANE-006", "\(wrongPIN)")

        // A head promising 1,000 bytes, 10 sent, then the connection closed; and a head never finished.
        let truncated = RawControlSocket.request("POST", "/v1/lanes/P1/override", body: Array(#"{"crossing"#.utf8), contentLength: 1000)
        _ = await send(truncated, hangUp: true)
        await stillServing("a truncated body")
        let halfClosed = await send(truncated, endSending: true)
        #expect(halfClosed.closed && (halfClosed.status == nil || (400..<500).contains(halfClosed.status!)), "\(halfClosed)")
        await stillServing("a truncated body, the sending side shut")
        _ = await send(Array("POST /v1/lanes/P1/override HTTP/1.1\r\nContent-Le".utf8), hangUp: true)
        await stillServing("a truncated head")

        // Bytes that are not HTTP at all: the connection is closed.
        var random = SeededRandom(seed: 18)
        for garbage in [Array("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n".utf8),
                        (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) } + Array("\r\n\r\n".utf8),
                        Array("GET /v1/lanes HTTP/9.9\r\nHost: \u{0}\u{1}\r\n\r\n".utf8),
                        Array(repeating: UInt8(ascii: "A"), count: 200 * 1024) + Array("\r\n\r\n".utf8)] {
            let answer = await send(garbage)
            #expect(answer.closed && (answer.status == nil || (400..<500).contains(answer.status!)), "\(garbage.prefix(16)): \(answer)")
            await stillServing("garbage \(garbage.prefix(16))")
        }

        // The command still works, and the lane still waits for its crossing.
        let status = try await CLI.run("lane", "status", "--config", lane.agent.configPath, "--json")
        #expect(status.status == 0, "\(status.stderr)")
        let still = try #require(try JSONParser.parse(Array(status.stdout.utf8))["lanes"]?.arrayValue?.first)
        #expect(still["phase"] == "waiting-for-officer" && still["crossing"]?.stringValue == crossing, "\(still)")

        let records = try await lane.stop()
        #expect(!records.contains { $0.kind == "crossing.override" }, "\(records.map(\.kind))")
        #expect(!records.contains { $0.kind == "lane.actuation" && $0.body["action"] == "turnstile.release" })
        let refused = records.filter { $0.kind == "override.refused" }
        #expect(refused.map { $0.body["reason"]?.stringValue } == ["wrong-pin"], "only the well-formed attempt reached the officer check: \(refused.map(\.body))")
        let text = records.map { String(decoding: CanonicalJSON.encode($0.body), as: UTF8.self) }.joined() + lane.daemon.stdout + lane.daemon.stderr
        #expect(!text.contains("48151623") && !text.contains("99887766"), "no PIN in the journal or the log")
    }
}
