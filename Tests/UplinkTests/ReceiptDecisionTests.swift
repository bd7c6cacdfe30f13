import ClearanceProtocol
import Crypto
import LaneAgentTesting
import LaneModel
import Records
import Testing
import Uplink

/// Central's receipts without a server or a clock: what a receipt is, when a `200` counts for a
/// board that pins the central key, and which receipts the board journals.
@Suite("Receipts: the signed value, the uplink's decision and the ledger")
struct ReceiptDecisionTests {
    static let device = "HN1119-C03"
    static let hash = Array(SHA256.hash(data: Array("record 400".utf8)))
    static let time = Timestamp(millisecondsSinceEpoch: 1_796_000_000_123)
    static let batch = BatchAnswer.Sent(device: device, firstSeq: 201, lastSeq: 400, lastPayloadHash: hash)
    static var central: Curve25519.Signing.PublicKey { TestKeys.central.privateKey.publicKey }

    static func receipt(device: String = device, through: Int = 400, hash: [UInt8] = hash, key: DeviceKey = TestKeys.central) -> BatchReceipt {
        BatchReceipt.sign(device: device, acceptedThrough: through, sha256: hash, time: time, instance: "central-a.example", key: key)
    }

    static func decide(_ body: JSONValue, centralKey: Curve25519.Signing.PublicKey? = central) -> BatchAnswer {
        BatchAnswer.decide(status: 200, body: CanonicalJSON.encode(body), retryAfter: nil, batch: batch, journalFirst: 1, journalLast: 1000,
                           ackedThrough: 200, centralKey: centralKey)
    }

    static func reply(_ receipt: BatchReceipt?) -> JSONValue {
        BatchReply.accepted(device: device, acceptedThrough: 400, receipt: receipt).jsonValue
    }

    @Test("a signed receipt reads back from its JSON and verifies under the central key alone")
    func roundTrip() throws {
        let signed = Self.receipt()
        let read = try BatchReceipt(json: JSONParser.parse(CanonicalJSON.encode(signed.jsonValue)))
        #expect(read == signed)
        try read.verify(centralKey: Self.central)
        try read.check(device: Self.device, seq: 400, sha256: Self.hash)
        #expect(throws: ReceiptProblem.foreignKey(keyID: signed.keyID, pinned: TestKeys.other.keyID)) {
            try read.verify(centralKey: TestKeys.other.privateKey.publicKey)
        }
    }

    @Test("changing any signed member breaks the signature", arguments: ["device", "acceptedThrough", "sha256", "time", "instance"])
    func tamperedMember(member: String) throws {
        guard case .object(var members) = Self.receipt().jsonValue else { Issue.record("not an object"); return }
        members[member] = switch member {
        case "device": "HN1119-C04"
        case "acceptedThrough": 401
        case "sha256": .string(String(repeating: "0", count: 64))
        case "time": "2026-12-06T10:00:00.000Z"
        default: "central-b.example"
        }
        let tampered = try BatchReceipt(json: .object(members))
        #expect(throws: ReceiptProblem.badSignature) { try tampered.verify(centralKey: Self.central) }
    }

    @Test("hostile members are refused as malformed before they are used", arguments: [
        ("acceptedThrough", JSONValue.number(1e300)), ("acceptedThrough", -1), ("acceptedThrough", 0), ("acceptedThrough", .number(1.5)),
        ("sha256", "ABCD"), ("time", "2026-12-06T10:00:00Z"), ("instance", .string(String(repeating: "x", count: 256))),
        ("instance", "a b"), ("sig", .string(String(repeating: "A", count: 5000))), ("keyid", 7), ("device", "../etc"),
    ])
    func hostile(member: String, value: JSONValue) throws {
        guard case .object(var members) = Self.receipt().jsonValue else { Issue.record("not an object"); return }
        members[member] = value
        do {
            _ = try BatchReceipt(json: .object(members))
            Issue.record("\(member) = \(value) was taken")
        } catch {
            guard case .malformed = error else { Issue.record("\(error)"); return }
        }
    }

    @Test("with the central key pinned, a 200 counts only with a receipt for the batch's last record")
    func decisions() {
        let good = Self.receipt()
        #expect(Self.decide(Self.reply(good)) == .acknowledge(through: 400, resendFrom: nil, receipt: good))
        func fault(_ error: String) -> (BatchAnswer) -> Bool {
            { if case .fault("uplink.receipt", 200, error, 400, _) = $0 { true } else { false } }
        }
        #expect(fault("no-receipt")(Self.decide(Self.reply(nil))))
        #expect(fault("foreign-receipt-key")(Self.decide(Self.reply(Self.receipt(key: TestKeys.other)))))
        #expect(fault("receipt-mismatch")(Self.decide(Self.reply(Self.receipt(hash: Array(repeating: 7, count: 32))))))
        #expect(fault("receipt-mismatch")(Self.decide(Self.reply(Self.receipt(through: 399)))))
        #expect(fault("receipt-mismatch")(Self.decide(Self.reply(Self.receipt(device: "HN1119-C04")))))
        var forged = good.jsonValue
        if case .object(var members) = forged { members["sig"] = .string(String(repeating: "A", count: 86) + "=="); forged = .object(members) }
        #expect(fault("bad-receipt-signature")(Self.decide(["device": .string(Self.device), "acceptedThrough": 400, "receipt": forged])))
        #expect(fault("malformed-receipt")(Self.decide(["device": .string(Self.device), "acceptedThrough": 400, "receipt": "yes"])))
    }

    @Test("without a pinned central key the board cannot check receipts: a 200 is taken as before and no receipt is kept")
    func noCentralKey() {
        #expect(Self.decide(Self.reply(nil), centralKey: nil) == .acknowledge(through: 400, resendFrom: nil, receipt: nil))
        #expect(Self.decide(Self.reply(Self.receipt(key: TestKeys.other)), centralKey: nil) == .acknowledge(through: 400, resendFrom: nil, receipt: nil))
    }

    @Test("small batches are coalesced: one receipt record a minute while records come, the newest after the backlog drains")
    func coalescing() {
        var ledger = ReceiptLedger(lastRecordSeq: 0, lastCovered: 0, now: .zero)
        for (index, through) in stride(from: 5, through: 50, by: 5).enumerated() {
            #expect(ledger.received(Self.receipt(through: through), now: .seconds(index)) == nil, "batch through \(through) within the minute")
        }
        #expect(ledger.pending?.acceptedThrough == 50)
        #expect(ledger.idle(now: .seconds(30), flush: false) == nil, "drained, but within the minute")
        #expect(ledger.idle(now: .seconds(60), flush: false)?.acceptedThrough == 50, "drained and a minute on")
        ledger.written(Self.receipt(through: 50), seq: 51, now: .seconds(60))
        #expect(ledger.pending == nil)

        // The receipt for the batch that carried the receipt record covers nothing new.
        #expect(ledger.received(Self.receipt(through: 51), now: .seconds(200)) == nil)
        #expect(ledger.pending == nil)
        #expect(ledger.idle(now: .seconds(300), flush: true) == nil)

        // A record written between the covered one and the receipt record (a fault cleared) is
        // new: the receipt covering it and the receipt record is worth one.
        var between = ReceiptLedger(lastRecordSeq: 14, lastCovered: 12, now: .zero)
        #expect(between.received(Self.receipt(through: 14), now: .seconds(1)) == nil)
        #expect(between.pending?.acceptedThrough == 14)

        // A minute on, the next receipt that covers new records is due at once.
        #expect(ledger.received(Self.receipt(through: 55), now: .seconds(200))?.acceptedThrough == 55)
    }

    @Test("a large backlog gets a receipt record every thousand records, and a push ends with the newest")
    func backlog() {
        var ledger = ReceiptLedger(lastRecordSeq: 10, lastCovered: 9, now: .zero)
        #expect(ledger.received(Self.receipt(through: 500), now: .seconds(1)) == nil)
        let due = ledger.received(Self.receipt(through: 1009), now: .seconds(2))
        #expect(due?.acceptedThrough == 1009)
        ledger.written(due!, seq: 1500, now: .seconds(2))
        #expect(ledger.received(Self.receipt(through: 1400), now: .seconds(3)) == nil, "covers only up to the receipt record")
        #expect(ledger.received(Self.receipt(through: 1600), now: .seconds(3)) == nil)
        #expect(ledger.idle(now: .seconds(4), flush: true)?.acceptedThrough == 1600)
    }
}
