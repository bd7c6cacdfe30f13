import DeviceKit
import Scales

/// Sends a driver's zero command and reports the indicator's answer (MT-SICS `Z A`).
enum ScaleZeroing {
    static func zero(port path: String, settings: SerialSettings, driver: ScaleDriver) async throws {
        guard let command = driver.zeroCommand else { return }
        let port = try SerialPort.open(path, settings: settings)
        try await port.write(command)
        let reply: String? = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var decoder = driver.decoder()
                for try await chunk in port.chunks() {
                    for case .frame(let frame, _) in decoder.decode(chunk) where frame.reply != nil { return frame.reply }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(3))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        // diag scale opens the port next, before this one's reader thread has let go of it.
        port.releaseExclusive()
        switch reply {
        case "Z A": Console.error("zero: done (Z A)")
        case let answer?: throw CommandFailure.fault("zero refused by the indicator (\(answer)): I = not now (load moving?), + / - = outside the zero range")
        case nil: throw CommandFailure.fault("zero: no answer from \(path) in 3 s")
        }
    }
}
