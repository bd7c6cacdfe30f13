import DeviceKit
import Scales

/// What every scale decoder must do with any bytes at all, checked on libFuzzer's inputs:
/// never crash, account for every byte it consumed as a frame or an error, give the same
/// answer however the bytes were split, and decode each frame it accepted again from its
/// bytes alone.
public enum ScaleFuzzCheck {
    public static func check(_ driverName: String, _ data: UnsafePointer<UInt8>, _ size: Int, options: ScaleOptions = ScaleOptions()) {
        guard let driver = ScaleDrivers.named(driverName) else { fatalError("no driver \(driverName)") }
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        let whole = run(driver, options, bytes, chunks: [bytes.count])
        // Split points derived from the input itself, so a crash reproduces from the file alone.
        var chunks: [Int] = []
        var left = bytes.count
        var index = 0
        while left > 0 {
            let length = min(left, Int(bytes[index % bytes.count] % 13) + 1)
            chunks.append(length)
            left -= length
            index += 1
        }
        let split = run(driver, options, bytes, chunks: chunks)
        let single = run(driver, options, bytes, chunks: Array(repeating: 1, count: bytes.count))
        precondition(whole == split && whole == single, "\(driverName): the result depends on how the bytes were split")

        var consumed: [UInt8] = []
        for step in whole {
            switch step {
            case .frame(let frame, let raw):
                consumed += raw
                if let weight = frame.weight { precondition(weight.isFinite, "\(driverName): weight \(weight)") }
                var again = driver.decoder(options)
                let alone = again.decode(raw)
                precondition(alone.count == 1 && alone[0] == step, "\(driverName): a frame does not decode alone from its bytes")
            case .error(let error):
                precondition(!error.bytes.isEmpty, "\(driverName): an error without bytes")
                consumed += error.bytes
            }
        }
        precondition(bytes.starts(with: consumed), "\(driverName): frames and errors are not the input in order")
    }

    private static func run(_ driver: ScaleDriver, _ options: ScaleOptions, _ bytes: [UInt8], chunks: [Int]) -> [DecodeStep<ScaleFrame>] {
        var decoder = driver.decoder(options)
        var steps: [DecodeStep<ScaleFrame>] = []
        var offset = 0
        for length in chunks {
            steps += decoder.decode(bytes[offset..<offset + length])
            offset += length
        }
        return steps
    }
}
