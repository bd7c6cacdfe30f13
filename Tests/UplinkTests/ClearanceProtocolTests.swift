import ClearanceProtocol
import Foundation
import LaneModel
import Testing
import Uplink

@Suite("Clearance protocol pieces")
struct ClearanceProtocolTests {
    @Test("gzip round-trips, and refuses corrupt, truncated, trailing and oversize input")
    func gzip() throws {
        let text = Array(String(repeating: "{\"seq\":1,\"kind\":\"scale.reading\"}\n", count: 2000).utf8)
        let packed = Gzip.compress(text)
        #expect(packed.count < text.count / 10)
        #expect(try Gzip.decompress(packed, limit: text.count) == text)
        #expect(throws: GzipError.tooLarge(limit: 1000)) { try Gzip.decompress(packed, limit: 1000) }
        #expect(throws: GzipError.self) { try Gzip.decompress(Array(packed.prefix(packed.count / 2)), limit: 1 << 20) }
        #expect(throws: GzipError.self) { try Gzip.decompress(packed + [1, 2, 3], limit: 1 << 20) }
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("plain".utf8), limit: 1 << 20) }
        #expect(throws: GzipError.self) { try Gzip.decompress([], limit: 1 << 20) }
    }

    @Test("Retry-After: delay-seconds and the three HTTP-date forms; junk is nil")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryAfter.delay("120", now: now) == .seconds(120))
        #expect(RetryAfter.delay("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.delay("Tuesday, 14-Nov-23 22:13:50 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.delay("Tue Nov 14 22:13:50 2023", now: now) == .seconds(30))
        #expect(RetryAfter.delay("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero, "a date in the past means now")
        #expect(RetryAfter.delay("soon", now: now) == nil)
        #expect(RetryAfter.delay("-5", now: now) == nil)
        #expect(RetryAfter.httpDate(now) == "Tue, 14 Nov 2023 22:13:20 GMT")
    }

    @Test("Idempotency-Key parses <device>:<first>-<last> and nothing else")
    func idempotencyKey() {
        #expect(IdempotencyKey("HN1119-C03:1-1000") == IdempotencyKey(device: "HN1119-C03", firstSeq: 1, lastSeq: 1000))
        #expect(IdempotencyKey("HN1119-C03:1-1000")?.description == "HN1119-C03:1-1000")
        for bad in ["HN1119-C03", "HN1119-C03:5-4", "HN1119-C03:0-4", ":1-2", "a b:1-2", "d:1-", "d:-1-2", "d:1-2-3", "d:١-٢"] {
            #expect(IdempotencyKey(bad) == nil, "\(bad)")
        }
        // The range is bounded before anything is sized by it.
        #expect(IdempotencyKey("d:1-100000")?.count == IdempotencyKey.maximumRecords)
        #expect(IdempotencyKey("d:5000000000-5000099999")?.count == IdempotencyKey.maximumRecords)
        for huge in ["d:1-100001", "d:1-1000000000000", "d:1-9223372036854775807", "d:1-99999999999999999999", "d:1-" + String(repeating: "9", count: 5000)] {
            #expect(IdempotencyKey(huge) == nil, "\(huge.prefix(40))")
        }
    }

    @Test("batch replies round-trip through their JSON")
    func replies() {
        let replies: [BatchReply] = [
            .accepted(device: "d", acceptedThrough: 7), .gap(device: "d", expectedSeq: 3), .fork(device: "d", seq: 9),
            .badBatch(reason: .badSignature, seq: 4, message: "m"), .unknownKey(device: "d", seq: 2, message: "m"),
            .unknownDevice(device: "d", message: "m"), .tooLarge(limitBytes: 1024), .unsupportedMediaType(message: "m"),
        ]
        for reply in replies {
            #expect(BatchReply(status: reply.status, body: CanonicalJSON.encode(reply.jsonValue)) == reply)
        }
        #expect(BatchReply(status: 200, body: Array("<html>".utf8)) == nil)
        #expect(BatchReply(status: 409, body: Array(#"{"error":"gap"}"#.utf8)) == nil)
    }

    @Test("backoff doubles from 0.5 s up to its cap, always in the upper half of each step")
    func backoff() {
        var backoff = RetryBackoff(cap: .seconds(4))
        var random = SystemRandomNumberGenerator()
        let ceilings: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)]
        for ceiling in ceilings {
            let delay = backoff.nextDelay(using: &random)
            #expect(delay <= ceiling && delay >= ceiling / 2)
        }
        backoff.reset()
        #expect(backoff.nextDelay(using: &random) <= .milliseconds(500))
    }
}
