import DocumentSecurity
import EPassport
import Foundation

/// The passports the reader tests present: ICAO's specimen MRZ, a stand-in JPEG face, and a
/// test PKI made once per process (EC P-256, valid 2025–2035).
enum PassportFixtures {
    static let mrzLines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"]
    /// The same zone with another surname, as a forger would print it.
    static let forgedLines = ["P<UTOSVENSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"]
    static let readAt = Date(timeIntervalSince1970: 1_796_515_200)  // 2026-12-06

    static let pki: TestDocumentPKI = {
        do { return try TestDocumentPKI.generate(notBefore: Date(timeIntervalSince1970: 1_735_689_600)) } catch { fatalError("test PKI: \(error)") }
    }()

    static let trust: CSCATrustList = {
        do { return try pki.trustList } catch { fatalError("trust list: \(error)") }
    }()

    /// A JFIF header, a comment of `size` filler bytes and the end-of-image marker: a JPEG in structure.
    static func face(size: Int = 600) -> FaceImage {
        let filler = (0..<size).map { UInt8(0x30 + $0 % 64) }
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
            + [0xFF, 0xFE, UInt8((size + 2) >> 8), UInt8((size + 2) & 0xFF)] + filler + [0xFF, 0xD9]
        return FaceImage(mediaType: "image/jpeg", bytes: bytes)
    }

    static func key() -> AccessKey { AccessKey.mrz(lines: mrzLines)! }

    static func genuine(activeAuthentication: DocumentSigningKey? = nil, pace: [PACEInfo] = [], can: String? = nil, faceSize: Int = 600) throws -> PassportImage {
        try PassportImage.genuine(mrzLines: mrzLines, face: face(size: faceSize), pki: pki, activeAuthenticationKey: activeAuthentication, pace: pace, can: can)
    }

    static var reader: PassportReader { PassportReader(trust: trust) }
}
