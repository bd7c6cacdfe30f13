import ConfigFile
import LaneModel
import Rules
import ScaleFuzzing

/// The fuzz target for what reaches the board as files and lines rather than device bytes. The
/// first byte picks what the rest becomes: a TOML file (the agent's configuration and rule packs
/// share the parser; a file that parses is then read as a rule pack), JSON (reference data, and
/// a record payload as `journal verify` reads each export line), or an RFC 3339 time (records,
/// reference data and terminals all send them). Whatever the bytes: a thrown error, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let text = String(decoding: body, as: UTF8.self)
    switch data[0] % 4 {
    case 0:
        if (try? TOMLParser.parse(text)) != nil { _ = try? RulePack.parse(text, path: "fuzz.toml") }
    case 1:
        if let json = try? JSONParser.parse(body) {
            _ = try? ReferenceData(json: json)
            if let record = try? Record(parsing: json) { _ = record.canonicalBytes() }
            _ = CanonicalJSON.encode(json)
        }
    case 2:
        if let time = Timestamp(rfc3339: text) {
            precondition(Timestamp(rfc3339: time.rfc3339) == time, "a parsed time does not survive formatting: \(text)")
        }
    default:
        for line in body.split(separator: UInt8(ascii: "\n")) { _ = try? JSONParser.parse(line) }
    }
    return 0
}

/// SwiftPM links an executable under `<module>_main`; hand that over to libFuzzer's driver too.
@_cdecl("BoardFilesFuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
