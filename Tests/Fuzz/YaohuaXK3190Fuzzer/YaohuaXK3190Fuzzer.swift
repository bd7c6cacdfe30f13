import ScaleFuzzing
import Scales

/// The fuzz target libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    ScaleFuzzCheck.check("yaohua-xk3190", data, size)
    return 0
}

/// SwiftPM links an executable under `<module>_main`; hand that over to libFuzzer's driver too.
@_cdecl("YaohuaXK3190Fuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
