import ScaleFuzzing
import Scales

/// The fuzz target libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    // Half the inputs with the checksum byte, half without (the indicator setting).
    var options = ScaleOptions()
    options.checksum = size == 0 || data[0] & 1 == 0
    ScaleFuzzCheck.check("toledo-continuous", data, size, options: options)
    return 0
}

/// SwiftPM links an executable under `<module>_main`; hand that over to libFuzzer's driver too.
@_cdecl("ToledoContinuousFuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
