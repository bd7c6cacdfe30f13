import Foundation
import LaneModel
import Testing

/// The chip trust list inside the signed reference data: read whole, or refused with the field named.
@Suite struct DocumentTrustTests {
    static func body(_ trust: JSONValue?) -> JSONValue {
        var object: [String: JSONValue] = ["site": "bac-luan", "version": 3, "issuedAt": "2026-12-06T08:00:00.000Z"]
        if let trust { object["documentTrust"] = trust }
        return .object(object)
    }

    @Test func certificatesMasterListsAndCRLsArriveAsBytes() throws {
        let csca: [UInt8] = [0x30, 0x82, 0x01, 0x0A, 0xFF]
        let data = try ReferenceData(json: Self.body([
            "cscas": [.string(Data(csca).base64EncodedString())], "masterLists": [.string("MAMCAQA=")], "crls": [],
        ]))
        #expect(data.documentTrust?.cscaCertificates == [csca])
        #expect(data.documentTrust?.masterLists == [[0x30, 0x03, 0x02, 0x01, 0x00]])
        #expect(data.documentTrust?.crls == [])
        #expect(data.documentTrust?.isEmpty == false)
    }

    @Test func absentTrustIsNil() throws {
        #expect(try ReferenceData(json: Self.body(nil)).documentTrust == nil)
    }

    static let malformed: [(JSONValue, String)] = [
        (JSONValue.string("x"), "documentTrust must be an object"),
        (["cscas": "MAMCAQA="], "documentTrust.cscas must be an array"),
        (["cscas": ["not base64!"]], "documentTrust.cscas[0] must be a non-empty base64 DER string"),
        (["crls": [""]], "documentTrust.crls[0]"),
        (["cscas": [1]], "documentTrust.cscas[0]"),
        (["trustMe": []], "documentTrust.trustMe is not a list this version knows"),
    ]

    @Test(arguments: malformed)
    func malformedTrustIsRefusedNamingTheField(_ trust: JSONValue, _ message: String) {
        #expect {
            try ReferenceData(json: Self.body(trust))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func tooManyItemsAreRefusedBeforeDecoding() {
        let many = JSONValue.array(Array(repeating: .string("MAMCAQA="), count: DocumentTrust.maximumItems + 1))
        #expect { try ReferenceData(json: Self.body(["cscas": many])) } throws: { "\($0)".contains("at most \(DocumentTrust.maximumItems)") }
    }
}
