import DocumentSecurity
import Foundation
import LaneAgentTesting
import Testing

/// EF.SOD bytes that are damaged, truncated, oversized or name the wrong thing: each a failed
/// report saying what, never a trap (the third-party BSI specimen, altered here).
@Suite("EF.SOD that is not what it should be")
struct MalformedSecurityObjectTests {
    static let specimen = SpecimenFixtures.specimens[0]

    /// `bytes` with the last occurrence of `old` replaced by `new` (same length).
    static func replacingLast(_ old: [UInt8], with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for start in stride(from: bytes.count - old.count, through: 0, by: -1) where Array(bytes[start..<start + old.count]) == old {
            bytes.replaceSubrange(start..<start + old.count, with: new)
            return bytes
        }
        Issue.record("the pattern is not in the bytes")
        return bytes
    }

    /// `bytes` with the first occurrence of `old` replaced by `new` (same length).
    static func replacingFirst(_ old: [UInt8], with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for start in 0...(bytes.count - old.count) where Array(bytes[start..<start + old.count]) == old {
            bytes.replaceSubrange(start..<start + old.count, with: new)
            return bytes
        }
        Issue.record("the pattern is not in the bytes")
        return bytes
    }

    static func verify(_ sod: [UInt8]) throws -> PassiveAuthenticationReport {
        PassiveAuthentication.verify(sodBytes: sod, dataGroups: try specimen.groups(), trust: .empty, at: specimen.day)
    }

    @Test("The specimen with one byte flipped in DG1 fails, naming DG1")
    func flippedDataGroup() throws {
        var groups = try Self.specimen.groups()
        groups[1]![10] ^= 0x01
        let report = PassiveAuthentication.verify(sodBytes: try Self.specimen.sod(), dataGroups: groups, trust: .empty, at: Self.specimen.day)
        #expect(report.outcome == .failed)
        #expect(report.failedDataGroups == [1])
        #expect(report.failures == ["DG1's hash does not match EF.SOD: the data group was altered or misread"])
    }

    @Test("The specimen with one byte flipped in its signature fails on the signature")
    func flippedSignature() throws {
        var sod = try Self.specimen.sod()
        sod[sod.count - 20] ^= 0x01
        let report = try Self.verify(sod)
        #expect(report.outcome == .failed)
        #expect(report.failures == ["EF.SOD's signature (RSASSA-PSS with SHA-256 (MGF1 SHA-256, salt 32), RSA 2048): the signature does not verify"])
    }

    @Test("The specimen with a DG hash changed inside the signed content fails on the message digest")
    func alteredContent() throws {
        let sod = try Self.specimen.sod()
        // DG1's hash in the LDS security object begins 41 70 CA 87.
        let altered = Self.replacingLast([0x41, 0x70, 0xCA, 0x87], with: [0x41, 0x70, 0xCA, 0x88], in: sod)
        let report = try Self.verify(altered)
        #expect(report.failures.first == "EF.SOD's signed message digest does not match the SHA-256 of its content: the content was altered")
        #expect(report.failedDataGroups == [1])
    }

    @Test("Truncated at any point, the specimen is refused as malformed, saying EF.SOD")
    func truncated() throws {
        let sod = try Self.specimen.sod()
        for length in [0, 1, 2, 4, 10, 100, 500, 1000, sod.count - 300, sod.count - 1] {
            let report = try Self.verify(Array(sod.prefix(length)))
            #expect(report.outcome == .failed)
            #expect(report.failures.count == 1)
            #expect(report.failures[0].hasPrefix("EF.SOD cannot be read: EF.SOD is malformed"), "\(length): \(report.failures)")
        }
    }

    @Test("A length field far past the end, or bytes after the end, are refused")
    func lengths() throws {
        var sod = try Self.specimen.sod()
        #expect(sod.prefix(4) == [0x77, 0x82, 0x07, 0x8A])
        var oversized = sod
        oversized.replaceSubrange(1..<4, with: [0x84, 0x7F, 0xFF, 0xFF, 0xFF])
        #expect(try Self.verify(oversized).failures.first?.hasPrefix("EF.SOD cannot be read: EF.SOD is malformed") == true)
        sod.append(0x00)
        #expect(try Self.verify(sod).failures.first?.hasPrefix("EF.SOD cannot be read: EF.SOD is malformed") == true)
        let huge = [UInt8](repeating: 0x30, count: SecurityObject.maximumSize + 1)
        let tooLarge = "EF.SOD cannot be read: EF.SOD is malformed: it is 65537 bytes, more than 65536; the chip or the file holds something other than ICAO 9303 data"
        #expect(try Self.verify(huge).failures == [tooLarge])
    }

    @Test("A content type other than SignedData, or content other than an LDS security object, is named")
    func contentTypes() throws {
        let sod = try Self.specimen.sod()
        let signedDataOID: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]
        let outer = try Self.verify(Self.replacingLast(signedDataOID, with: [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01], in: sod))
        #expect(outer.failures.first?.contains("content type 1.2.840.113549.1.7.1 (expected CMS SignedData 1.2.840.113549.1.7.2)") == true)
        let lds: [UInt8] = [0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x01]
        let masterList: [UInt8] = [0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x02]
        // The first occurrence is the encapsulated content's type, the last the signed content-type attribute.
        let inner = try Self.verify(Self.replacingFirst(lds, with: masterList, in: sod))
        #expect(inner.failures.first?.contains("encapsulated content type 2.23.136.1.1.2 (expected ldsSecurityObject 2.23.136.1.1.1)") == true)
        let attribute = try Self.verify(Self.replacingLast(lds, with: masterList, in: sod))
        #expect(attribute.failures == ["EF.SOD's signed content-type attribute is 2.23.136.1.1.2, not the content's type 2.23.136.1.1.1"])
    }

    @Test("An unknown signature algorithm is named in a failed report; an unknown hash algorithm makes EF.SOD unreadable, naming it")
    func unknownAlgorithms() throws {
        let sod = try Self.specimen.sod()
        let pss: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]
        let signature = try Self.verify(Self.replacingLast(pss, with: [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0F], in: sod))
        #expect(signature.outcome == .failed)
        #expect(signature.failures.first?.hasPrefix("EF.SOD's signature algorithm: EF.SOD SignerInfo is not supported: signature algorithm 1.2.840.113549.1.1.15") == true)
        // The LDS security object's hash algorithm (SHA-256, the first one after the content type).
        var hash = sod
        let sha256: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
        let contentStart = 60
        if let start = (contentStart..<hash.count - sha256.count).first(where: { Array(hash[$0..<$0 + sha256.count]) == sha256 }) {
            hash[start + 8] = 0x09
        }
        let report = try Self.verify(hash)
        #expect(report.failures.first?.contains("digest algorithm 2.16.840.1.101.3.4.2.9") == true, "\(report.failures)")
    }

    @Test("Thousands of random mutations of the specimen and random bytes never trap, and none passes")
    func fuzz() throws {
        var random = SeededRandom(seed: 2026)
        let sod = try Self.specimen.sod()
        let groups = try Self.specimen.groups()
        var outcomes: [PassiveAuthenticationReport.Outcome: Int] = [:]
        for round in 0..<6000 {
            var bytes = sod
            switch round % 6 {
            case 0, 1:
                for _ in 0..<Int.random(in: 1...4, using: &random) { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            case 2: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 3:
                let at = Int.random(in: 0..<bytes.count, using: &random)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
            case 4:
                // Lengths: a byte after a tag set to a long-form or large value.
                let at = Int.random(in: 1..<bytes.count, using: &random)
                bytes[at] = [0x80, 0x81, 0x82, 0x83, 0x84, 0xFF, 0x7F][Int.random(in: 0..<7, using: &random)]
            default:
                bytes = (0..<Int.random(in: 0...400, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                if round % 12 == 5 { bytes.insert(contentsOf: [0x77, 0x82, 0x01, 0x00, 0x30, 0x82], at: 0) }
            }
            let report = PassiveAuthentication.verify(sodBytes: bytes, dataGroups: groups, trust: .empty, at: Self.specimen.day)
            outcomes[report.outcome, default: 0] += 1
            #expect(report.outcome != .passed)
            if report.outcome == .failed { #expect(!report.failures.isEmpty && !report.check.detail.isEmpty) }
        }
        // Most mutations are caught; the rest touch bytes no signature covers (the SignedData
        // version, the digest algorithm set, the DS certificate's own fields when no CSCA checks it).
        #expect((outcomes[.failed] ?? 0) > 5000, "\(outcomes)")
    }
}
