import LaneModel
import Records

/// The answers to `POST /v1/records:batch` (deploy/openapi/clearance-v1.yaml), as the receiver
/// writes them and the uplink reads them.
public enum BatchReply: Error, Sendable, Equatable {
    /// 200: every record through `acceptedThrough` is durably stored; `receipt` is central's
    /// signature on it (the receiver always sends one; nil only while a reply is being built).
    case accepted(device: String, acceptedThrough: Int, receipt: BatchReceipt? = nil)
    /// 409: the batch starts after the next seq the receiver expects; resend from `expectedSeq`.
    case gap(device: String, expectedSeq: Int)
    /// 409: the record at `seq` differs from the one held; nothing from the batch was stored.
    case fork(device: String, seq: Int)
    /// 400: a record or the body is unusable; a person must look.
    case badBatch(reason: BadBatchReason, seq: Int, message: String)
    /// 401: the envelope is signed by a key not registered for the device.
    case unknownKey(device: String, seq: Int, message: String)
    /// 403: the device is not registered.
    case unknownDevice(device: String, message: String)
    /// 413: the body (compressed or not) is over the receiver's limit.
    case tooLarge(limitBytes: Int)
    /// 415: the body is not gzip NDJSON.
    case unsupportedMediaType(message: String)

    /// The HTTP status the reply is sent with.
    public var status: Int {
        switch self {
        case .accepted: 200
        case .gap, .fork: 409
        case .badBatch: 400
        case .unknownKey: 401
        case .unknownDevice: 403
        case .tooLarge: 413
        case .unsupportedMediaType: 415
        }
    }

    /// The reply body.
    public var jsonValue: JSONValue {
        switch self {
        case .accepted(let device, let through, let receipt?):
            ["device": .string(device), "acceptedThrough": .number(Double(through)), "receipt": receipt.jsonValue]
        case .accepted(let device, let through, nil):
            ["device": .string(device), "acceptedThrough": .number(Double(through))]
        case .gap(let device, let expected):
            ["error": "gap", "device": .string(device), "expectedSeq": .number(Double(expected)),
             "message": .string("the receiver holds records of \(device) through seq \(expected - 1); send from seq \(expected)")]
        case .fork(let device, let seq):
            ["error": "fork", "device": .string(device), "seq": .number(Double(seq)),
             "message": .string("record \(seq) of \(device) differs from the one already held; nothing from this batch was stored")]
        case .badBatch(let reason, let seq, let message):
            ["error": .string(reason.rawValue), "seq": .number(Double(seq)), "message": .string(message)]
        case .unknownKey(let device, let seq, let message):
            ["error": "unknown-key", "device": .string(device), "seq": .number(Double(seq)), "message": .string(message)]
        case .unknownDevice(let device, let message):
            ["error": "unknown-device", "device": .string(device), "message": .string(message)]
        case .tooLarge(let limit):
            ["error": "too-large", "limitBytes": .number(Double(limit)),
             "message": .string("the body is over the receiver's limit of \(limit) bytes; send smaller batches")]
        case .unsupportedMediaType(let message):
            ["error": "unsupported-media-type", "message": .string(message)]
        }
    }

    /// Reads a reply the contract defines for `status`; nil when the body does not match it.
    public init?(status: Int, body: [UInt8]) {
        guard case .object(let object)? = try? JSONParser.parse(body) else { return nil }
        func int(_ key: String) -> Int? { object[key]?.integerValue }
        func string(_ key: String) -> String? { if case .string(let text)? = object[key] { text } else { nil } }
        let message = string("message") ?? ""
        switch (status, string("error")) {
        case (200, _):
            guard let device = string("device"), let through = int("acceptedThrough"), through >= 0 else { return nil }
            self = .accepted(device: device, acceptedThrough: through, receipt: try? Self.receipt(in: object["receipt"]).get())
        case (409, "gap"):
            guard let device = string("device"), let expected = int("expectedSeq"), expected >= 1 else { return nil }
            self = .gap(device: device, expectedSeq: expected)
        case (409, "fork"):
            guard let device = string("device"), let seq = int("seq") else { return nil }
            self = .fork(device: device, seq: seq)
        case (400, let error?):
            guard let reason = BadBatchReason(rawValue: error) else { return nil }
            self = .badBatch(reason: reason, seq: int("seq") ?? 0, message: message)
        case (401, "unknown-key"):
            self = .unknownKey(device: string("device") ?? "", seq: int("seq") ?? 0, message: message)
        case (403, "unknown-device"):
            self = .unknownDevice(device: string("device") ?? "", message: message)
        case (413, _):
            self = .tooLarge(limitBytes: int("limitBytes") ?? 0)
        case (415, _):
            self = .unsupportedMediaType(message: message)
        default:
            return nil
        }
    }
}

extension BatchReply {
    /// The receipt in a `200`'s `receipt` member, or why there is none to use.
    public static func receipt(in member: JSONValue?) -> Result<BatchReceipt, ReceiptProblem> {
        guard let member, member != .null else { return .failure(.missing) }
        return Result { () throws(ReceiptProblem) in try BatchReceipt(json: member) }
    }
}

/// Why a batch was refused with 400.
public enum BadBatchReason: String, Sendable, Equatable {
    case badSignature = "bad-signature"
    case badChain = "bad-chain"
    case malformedEnvelope = "malformed-envelope"
    case badGzip = "bad-gzip"
    case badRequest = "bad-request"
}
