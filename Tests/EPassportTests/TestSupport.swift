import EPassport
import Foundation
import LaneModel

/// Bytes from hex written as the standards print it: spaces allowed, either case.
func hex(_ text: String) -> [UInt8] {
    guard let bytes = Hex.decode(text.filter { !$0.isWhitespace }) else { fatalError("not hex: \(text)") }
    return bytes
}

/// A card that answers from a script: each command it receives is recorded, and answered by the
/// next scripted answer (or by a throw, for a card that leaves the field).
actor ScriptedCard: CardChannel {
    enum Answer {
        case bytes([UInt8])
        case gone
    }

    private var answers: [Answer]
    private(set) var received: [[UInt8]] = []

    init(_ answers: [Answer]) {
        self.answers = answers
    }

    struct Gone: Error {}

    func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        received.append(command)
        guard !answers.isEmpty else { throw Gone() }
        switch answers.removeFirst() {
        case .bytes(let bytes): return bytes
        case .gone: throw Gone()
        }
    }
}

/// Random bytes handed out in a fixed order, as a worked example fixes them.
final class FixedRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [[UInt8]]

    init(_ chunks: [[UInt8]]) {
        self.chunks = chunks
    }

    var source: RandomBytes {
        RandomBytes { count in
            self.lock.withLock {
                guard !self.chunks.isEmpty else { return [UInt8](repeating: 0x5A, count: count) }
                return self.chunks.removeFirst()
            }
        }
    }
}
