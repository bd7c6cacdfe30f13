import ArgumentParser
import Crypto
import Foundation
import Journal
import LaneModel

extension ReceiverCommand {
    /// `clearance-receiver diag verify-rate`: single-core Ed25519 verification speed, the unit
    /// the drain benchmark reports its rate against.
    struct VerifyRate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-rate", abstract: "Measure Ed25519 signature verifications per second on one core.")

        @Option(help: "How long to measure.") var seconds = 2.0
        @Flag(help: "Print {\"verifiesPerSecond\"} as JSON.") var json = false

        func run() async throws {
            let key = Curve25519.Signing.PrivateKey()
            let message = Array(repeating: UInt8(ascii: "x"), count: 400)
            let signature = try key.signature(for: message)
            let publicKey = key.publicKey
            let clock = ContinuousClock()
            let start = clock.now
            var count = 0
            while clock.now - start < .seconds(seconds) {
                for _ in 0..<200 where publicKey.isValidSignature(signature, for: message) { count += 1 }
            }
            let elapsed = clock.now - start
            let rate = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            if json { printJSON(["verifiesPerSecond": .number(rate.rounded())]) } else { print("\(Int(rate)) verifications/s on one core") }
        }
    }
}
