import Foundation
@testable import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// The expected bytes below were produced by an independent implementation (Python's
/// `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)` and the `cryptography`
/// package's Ed25519), not by this code.
@Suite("Record encoding against fixed vectors")
struct RecordVectorTests {
    static let expectedPayload = #"""
        {"body":{"decision":"CLEAR","grossKg":41250,"note":"Hữu Nghị \#
        \"gate\"\n","plate":"15C-123.45","reasons":[],"score":0.97,"tare":null},"clock":"synced","device":"HN1119-C03","id":"01900000-0000-7000-8000-000000000000","kind":\#
        "crossing.decision","lane":"cargo-1","prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"site":"huu-nghi-1119","time":"2026-11-23T0\#
        8:00:00.000Z","v":1}
        """#
    static let expectedEnvelope = #"""
        {"payload":"eyJib2R5Ijp7ImRlY2lzaW9uIjoiQ0xFQVIiLCJncm9zc0tnIjo0MTI1MCwibm90ZSI6Ikjhu691IE5naOG7iyBcImdhdGVcIlxuIiwicGxhdGUiOiIxNUMtMTIzLjQ1IiwicmVhc29ucyI6W10sIn\#
        Njb3JlIjowLjk3LCJ0YXJlIjpudWxsfSwiY2xvY2siOiJzeW5jZWQiLCJkZXZpY2UiOiJITjExMTktQzAzIiwiaWQiOiIwMTkwMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJraW5kIjoiY3Jvc3Np\#
        bmcuZGVjaXNpb24iLCJsYW5lIjoiY2FyZ28tMSIsInByZXYiOiIwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwIiwic2VxIjoxLCJzaXRlIjoiaH\#
        V1LW5naGktMTExOSIsInRpbWUiOiIyMDI2LTExLTIzVDA4OjAwOjAwLjAwMFoiLCJ2IjoxfQ==","payloadType":"application/vnd.laneagent.record.v1+json","signatures":[{"keyid":"56475\#
        aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c","sig":"6xvBioN3cRqLPolh2TjHRpZ4SnW6zKGn7Q/9NBG/JdDtDCNa4lXOWOyRnid685dtgWxuCfTRvNZtE6zd4MQoBQ=="}]}
        """#

    @Test("a known key and record give exactly the expected envelope bytes")
    func envelopeBytes() {
        let draft = RecordDraft(kind: "crossing.decision", lane: "cargo-1", body: [
            "decision": "CLEAR", "grossKg": 41250, "plate": "15C-123.45", "reasons": [], "score": 0.97,
            "note": "Hữu Nghị \"gate\"\n", "tare": nil,
        ])
        let sealed = RecordSealer(key: TestKeys.device).sealOne(
            draft, after: .genesis, time: Timestamp(rfc3339: "2026-11-23T08:00:00.000Z")!, clock: .synced,
            id: "01900000-0000-7000-8000-000000000000", device: "HN1119-C03", site: "huu-nghi-1119")
        #expect(String(decoding: sealed.payload, as: UTF8.self) == Self.expectedPayload)
        #expect(String(decoding: sealed.envelope, as: UTF8.self) == Self.expectedEnvelope)
        #expect(Hex.encode(sealed.payloadHash) == "86e974202042a2e692777bba47bef888cccd0c3e97e77b793fe1b1715ea29d7e")
    }

    @Test("the key id is the hex SHA-256 of the raw public key")
    func keyID() {
        #expect(Data(TestKeys.device.publicKeyBytes).base64EncodedString() == "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=")
        #expect(TestKeys.device.keyID == "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c")
    }

    @Test("the PAE is DSSE v1's: lengths in ASCII decimal, single spaces")
    func preAuthenticationEncoding() {
        let pae = Envelope.preAuthenticationEncoding(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test("the PEM key file is PKCS#8 and reads back to the same key")
    func pemRoundTrip() throws {
        let directory = TemporaryDirectory("pem")
        let path = directory.file("device.key")
        try TestKeys.device.pemRepresentation.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        #expect(try DeviceKey.load(from: path).keyID == TestKeys.device.keyID)
        #expect(TestKeys.device.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"))
    }
}
