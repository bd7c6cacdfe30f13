import Crypto
import LaneModel

/// The signed stand-in for a stored record the receiver will not take (a `413` for that record
/// alone): a record of kind `record.withheld` at the same seq, with the same id, time and
/// `prev`, whose body names the withheld record's kind, size and payload SHA-256. The receiver
/// links the next record to that hash, so the chain stays whole and the upload goes on; the
/// record itself stays in the board's journal (`journal export`) for whoever needs it.
public enum WithheldRecord {
    /// The stand-in's record kind.
    public static let kind = RecordKind.recordWithheld.rawValue

    /// The stand-in envelope for `stored`, signed with the device's key.
    public static func envelope(for stored: StoredEnvelope, key: DeviceKey, reason: String) throws(EnvelopeError) -> [UInt8] {
        let original: Record
        let payload: [UInt8]
        do {
            let envelope = try Envelope(parsing: stored.bytes)
            payload = envelope.payload
            original = try Record(parsing: try JSONParser.parse(payload))
        } catch {
            throw EnvelopeError("\(error)")
        }
        let body = WithheldRecordBody(kind: original.kind, sha256: Hex.encode(SHA256.hash(data: payload)), envelopeBytes: stored.bytes.count, reason: reason)
        let stand = Record(id: original.id, device: original.device, site: original.site, lane: original.lane, seq: original.seq,
                           prev: original.prev, time: original.time, clock: original.clock, kind: body.recordKind.rawValue, body: body.jsonValue)
        let standPayload = stand.canonicalBytes()
        let pae = Envelope.preAuthenticationEncoding(payloadType: Envelope.recordPayloadType, payload: standPayload)
        return Envelope(payloadType: Envelope.recordPayloadType, payload: standPayload,
                        signatures: [.init(keyID: key.keyID, signature: key.sign(pae))]).encoded()
    }

    /// The payload hash a well-formed stand-in links the chain with (the withheld record's),
    /// or nil when `record` is not one.
    public static func linkHash(of record: Record) -> [UInt8]? {
        guard record.kind == kind, let text = record.body["sha256"]?.stringValue, text.utf8.count == 64,
              text.utf8.allSatisfy({ Hex.isLowercaseDigit($0) }) else { return nil }
        return Hex.decode(text)
    }
}
