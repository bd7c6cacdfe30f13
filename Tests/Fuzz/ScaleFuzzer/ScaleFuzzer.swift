import Foundation
import ScaleFuzzing
import Scales

/// One harness for every scale driver: `LANEAGENT_FUZZ_SCALE_DRIVER` names the driver (as
/// `[[devices]]` and `diag drivers` do), so a new protocol is fuzzed without a harness of its own.
let driver: ScaleDriver = {
    let name = ProcessInfo.processInfo.environment["LANEAGENT_FUZZ_SCALE_DRIVER"] ?? ""
    guard let driver = ScaleDrivers.named(name) else {
        fatalError("set LANEAGENT_FUZZ_SCALE_DRIVER to one of \(ScaleDrivers.names.joined(separator: ", ")); it is '\(name)'")
    }
    return driver
}()

/// The fuzz target libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    // The first byte picks among the decoder settings an indicator may differ in (Toledo with and
    // without its checksum byte), so every setting is fuzzed from one corpus.
    let settings = driver.settingsToTry
    let options = size == 0 ? settings[0] : settings[Int(data[0]) % settings.count]
    ScaleFuzzCheck.check(driver.name, data, size, options: options)
    return 0
}

/// SwiftPM links an executable under `<module>_main`; hand that over to libFuzzer's driver too.
@_cdecl("ScaleFuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
