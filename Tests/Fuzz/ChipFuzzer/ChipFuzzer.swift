import DocumentSecurity
import EPassport
import Foundation
import ScaleFuzzing

/// The fuzz target for what a passport chip and the trust list hand the board: the first byte
/// picks what the rest becomes: BER-TLV (every data group and every secure-messaging response
/// is TLV, walked here as deep as it nests; read as DG14 too, down to its Chip Authentication
/// key's curve and point, and as EF.CardAccess, down to the PACE offer taken), EF.SOD (parsed, then passive authentication against
/// no trust with the bytes themselves as DG1), a CSCA certificate, an ICAO master list. Whatever
/// the chip answers: a thrown error or a failed report, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 4 {
    case 0:
        if let objects = try? TLV.parseAll(body) { walk(objects, depth: 0) }
        if let group = try? DataGroup14(body), case .run(let offer) = group.chipAuthentication {
            switch offer.key {
            case .elliptic(let key): precondition(key.curve.coordinateSize <= 66, "a Chip Authentication key on a curve past P-521's size")
            case .modular(let key): precondition(key.group.size <= 512, "a Chip Authentication key in a group past 4096 bits")
            }
        }
        // Read as EF.CardAccess too: the PACE offer the reader would run, and the bytes as the chip's DH key in that group.
        if let offer = try? CardAccess(body).preferredOffer, let parameter = offer.parameterId {
            precondition(PACEDomain.curve(ofParameter: parameter) != nil || PACEDomain.group(ofParameter: parameter) != nil, "a PACE offer on unknown parameters")
            if let group = PACEDomain.group(ofParameter: parameter) { _ = try? group.validate(publicKey: body) }
        }
    case 1:
        let report = PassiveAuthentication.verify(sodBytes: body, dataGroups: [1: body], trust: .empty, at: Date(timeIntervalSince1970: 1_780_000_000))
        precondition(report.outcome != .passed, "passive authentication passed with no trust anchor")
    case 2:
        _ = try? CSCATrustList(certificates: [body], crls: [body])
    default:
        _ = try? CSCATrustList.masterList(body)
    }
    return 0
}

/// Every constructed object's children, recursively, as a reader descending into a data group does.
func walk(_ objects: [TLV], depth: Int) {
    guard depth < 32 else { return }
    for object in objects where object.isConstructed {
        if let children = try? object.children() { walk(children, depth: depth + 1) }
    }
}

/// SwiftPM links an executable under `<module>_main`; hand that over to libFuzzer's driver too.
@_cdecl("ChipFuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
