import ClearanceProtocol
import LaneAgentTesting
import LaneModel
import Testing
import Uplink

/// The uploader's decision on each answer the contract allows, and on the ones it does not,
/// without a server or a clock: the table the end-to-end tests (`UplinkFaultTests`,
/// `UplinkLookaheadTests`, `UplinkWithheldTests`) prove through real processes.
@Suite("The uplink's decision on a batch's answer")
struct BatchAnswerTests {
    static let device = "HN1119-C03"
    /// Records 201-400 sent; the journal holds 1-1000 and had 200 acknowledged.
    static let batch = BatchAnswer.Sent(device: device, firstSeq: 201, lastSeq: 400)

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        let body: [UInt8]
        var retryAfter: String? = nil
        var batch = BatchAnswerTests.batch
        var ackedThrough = 200
        let expected: BatchAnswer
        var testDescription: String { name }
    }

    static func reply(_ reply: BatchReply) -> [UInt8] { CanonicalJSON.encode(reply.jsonValue) }

    static let rows: [Row] = [
        Row(name: "200 for the whole batch: acknowledged through its last seq", status: 200,
            body: reply(.accepted(device: device, acceptedThrough: 400)), expected: .acknowledge(through: 400, resendFrom: nil)),
        Row(name: "200 for part of the batch: acknowledged through what was accepted", status: 200,
            body: reply(.accepted(device: device, acceptedThrough: 300)), expected: .acknowledge(through: 300, resendFrom: nil)),
        Row(name: "200 beyond the batch counts only through the batch", status: 200,
            body: reply(.accepted(device: device, acceptedThrough: 900)), expected: .acknowledge(through: 400, resendFrom: nil)),
        Row(name: "200 below what the journal had acknowledged: resend from after it", status: 200,
            body: reply(.accepted(device: device, acceptedThrough: 250)), ackedThrough: 300, expected: .acknowledge(through: 250, resendFrom: 251)),
        Row(name: "200 before the batch is no acknowledgement", status: 200,
            body: reply(.accepted(device: device, acceptedThrough: 100)),
            expected: .retry(problem: "batch \(device):201-400: 200 with acceptedThrough 100 before the batch")),
        Row(name: "200 for another device is not an acknowledgement", status: 200,
            body: reply(.accepted(device: "HN1119-C04", acceptedThrough: 400)),
            expected: .retry(problem: #"batch HN1119-C03:201-400: unexpected HTTP 200 answer: {"acceptedThrough":400,"device":"HN1119-C04"}"#)),
        Row(name: "409 gap: resend from the seq the receiver expects", status: 409,
            body: reply(.gap(device: device, expectedSeq: 101)), expected: .resend(from: 101)),
        Row(name: "409 gap past the journal's end: the receiver holds records this board does not", status: 409,
            body: reply(.gap(device: device, expectedSeq: 2000)),
            expected: .fault(code: "uplink.fork", status: 409, error: "gap", seq: 2000,
                             message: "the receiver expects seq 2000 but this journal ends at 1000: it holds records this journal does not")),
        Row(name: "409 gap before the journal's first record: lost", status: 409,
            body: reply(.gap(device: device, expectedSeq: 3)),
            expected: .fault(code: "uplink.lost", status: 409, error: "gap", seq: 3,
                             message: "the receiver expects seq 3 but this journal keeps records from 5 only")),
        Row(name: "409 fork: a fault naming the seq", status: 409,
            body: reply(.fork(device: device, seq: 250)),
            expected: .fault(code: "uplink.fork", status: 409, error: "fork", seq: 250,
                             message: "record 250 differs from the one the clearance service holds")),
        Row(name: "413 for a batch: halved, from the same seq", status: 413,
            body: reply(.tooLarge(limitBytes: 1000)), expected: .shrink(maxRecords: 100, from: 201)),
        Row(name: "413 for one record: its stand-in goes instead", status: 413,
            body: reply(.tooLarge(limitBytes: 1000)), batch: .init(device: device, firstSeq: 201, lastSeq: 201),
            expected: .withhold(seq: 201, limitBytes: 1000)),
        Row(name: "413 for a stand-in: refused, a person must look", status: 413,
            body: reply(.tooLarge(limitBytes: 1000)), batch: .init(device: device, firstSeq: 201, lastSeq: 201, firstWithheld: true),
            expected: .fault(code: "uplink.rejected", status: 413, error: "too-large", seq: 201,
                             message: "record 201 alone is over the receiver's limit of 1000 bytes")),
        Row(name: "503 with Retry-After: wait as told", status: 503, body: [], retryAfter: "7",
            expected: .wait(.seconds(7), problem: "batch \(device):201-400: HTTP 503 (Retry-After 7)")),
        Row(name: "429 with a Retry-After of a day: an hour at most", status: 429, body: [], retryAfter: "86400",
            expected: .wait(.seconds(3600), problem: "batch \(device):201-400: HTTP 429 (Retry-After 86400)")),
        Row(name: "503 without Retry-After: the backoff", status: 503, body: [],
            expected: .retry(problem: "batch \(device):201-400: HTTP 503")),
        Row(name: "400 bad signature: rejected at the seq named", status: 400,
            body: reply(.badBatch(reason: .badSignature, seq: 230, message: "signature does not verify")),
            expected: .fault(code: "uplink.rejected", status: 400, error: "bad-signature", seq: 230, message: "signature does not verify")),
        Row(name: "401 unknown key", status: 401,
            body: reply(.unknownKey(device: device, seq: 201, message: "key not registered")),
            expected: .fault(code: "uplink.rejected", status: 401, error: "unknown-key", seq: 201, message: "key not registered")),
        Row(name: "403 unknown device", status: 403,
            body: reply(.unknownDevice(device: device, message: "not registered")),
            expected: .fault(code: "uplink.rejected", status: 403, error: "unknown-device", seq: 201, message: "not registered")),
        Row(name: "a 4xx outside the contract: rejected with the body", status: 404, body: Array("no route".utf8),
            expected: .fault(code: "uplink.rejected", status: 404, error: "http-404", seq: 201, message: "no route")),
        Row(name: "408 is transient", status: 408, body: [],
            expected: .retry(problem: "batch \(device):201-400: unexpected HTTP 408 answer: ")),
        Row(name: "500 is transient", status: 500, body: Array("oops".utf8),
            expected: .retry(problem: "batch \(device):201-400: unexpected HTTP 500 answer: oops")),
        Row(name: "409 that is neither gap nor fork is transient", status: 409, body: Array("{}".utf8),
            expected: .retry(problem: "batch \(device):201-400: unexpected HTTP 409 answer: {}")),
    ]

    @Test("each answer gets its decision", arguments: rows)
    func decision(_ row: Row) {
        let answer = BatchAnswer.decide(status: row.status, body: row.body, retryAfter: row.retryAfter, batch: row.batch,
                                        journalFirst: 5, journalLast: 1000, ackedThrough: row.ackedThrough)
        #expect(answer == row.expected)
    }

    @Test("a body of garbage never acknowledges, whatever the status")
    func garbageNeverAcknowledges() {
        var random = SeededRandom(seed: 19)
        for _ in 0..<2000 {
            let status = [200, 409, 413, 429, 503, 400, 500].randomElement(using: &random)!
            let body = (0..<Int.random(in: 0..<64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let answer = BatchAnswer.decide(status: status, body: body, retryAfter: nil, batch: Self.batch,
                                            journalFirst: 5, journalLast: 1000, ackedThrough: 200)
            if case .acknowledge = answer { Issue.record("status \(status) with \(body) acknowledged") }
        }
    }
}
