import Biometrics
import CodeReaders
import CrossingCodes
import DeviceKit
import LaneModel
import PlateReaders
import ScaleFuzzing

/// The fuzz target libFuzzer calls with each input. The first byte picks what the rest becomes:
/// the body of a vendor push whose code tables the drivers decide (ZKTeco ATTLOG and rtlog,
/// Hikvision access-control events and ANPR alerts), a plate text, a keyboard-mode reader's
/// input events (Alt codes included) or a document reader's MRZ lines (the date windows).
/// Whatever the bytes, nothing crashes, and a ZKTeco upload is always acknowledged (a terminal
/// resends what it was not told OK for, so a refused upload would block the records after it).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let time = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000)
    switch data[0] % 8 {
    case 0, 1:
        let table = data[0] % 8 == 0 ? "ATTLOG" : "rtlog"
        let request = DeviceRequest(method: "POST", path: "/iclock/cdata", query: ["SN": "S", "table": table], body: body, time: time)
        let outcome = try? ZKTecoPushDriver(terminal: TerminalSettings(matchThreshold: 80, livenessCheck: true)).decode(request, device: "fp-1")
        precondition(outcome?.reply.status == 200, "a ZKTeco \(table) upload was not acknowledged")
        check(outcome?.readings ?? [])
    case 2, 3:
        let type = data[0] % 8 == 2 ? "application/json" : "multipart/form-data; boundary=MIME_boundary"
        let request = DeviceRequest(method: "POST", path: "/devices/face-1/events", headers: ["content-type": type], body: body, time: time)
        check((try? HikvisionAccessDriver().decode(request, device: "face-1"))?.readings ?? [])
    case 4:
        let request = DeviceRequest(method: "POST", path: "/devices/plate-1/events", headers: ["content-type": "application/xml"], body: body, time: time)
        check((try? HikvisionANPRDriver().decode(request, device: "plate-1"))?.readings ?? [])
    case 5:
        let read = PlateNormalizer.read(raw: String(decoding: body, as: UTF8.self), confidence: nil, direction: nil)
        precondition(read.colour == nil || read.country == "CN", "a colour word was taken off something that is not a Chinese plate")
    case 6:
        var decoder = EvdevKeyDecoder(eventSize: 24, maximumLength: 64)
        for case .frame(let code, _) in decoder.decode(body) { precondition(code.count <= 64, "a code longer than the limit") }
    default:
        var decoder = MRZDecoder()
        for case .frame(let document, _) in decoder.decode(body) {
            let read = document.read(at: time, utcOffsetMinutes: 420)
            precondition(read.expiryDate.isEmpty || read.expiryDate <= "2046-12-31", "an expiry beyond the 20-year window")
        }
    }
    return 0
}

/// Every reading becomes a record body that encodes.
func check(_ readings: [Reading]) {
    for reading in readings { _ = CanonicalJSON.encode(reading.jsonValue) }
}

/// SwiftPM links an executable under `<module>_main`; hand that over to libFuzzer's driver too.
@_cdecl("TerminalEventFuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
