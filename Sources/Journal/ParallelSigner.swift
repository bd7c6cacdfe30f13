import Dispatch
import Foundation

/// Signs many messages using every core: Ed25519 signing is the journal's dominant cost.
enum ParallelSigner {
    /// Below this many messages one thread is faster than the hand-off.
    static let parallelThreshold = 8

    static func sign(_ messages: [[UInt8]], key: DeviceKey) -> [[UInt8]] {
        let pae = { @Sendable (payload: [UInt8]) in
            Envelope.preAuthenticationEncoding(payloadType: Envelope.recordPayloadType, payload: payload)
        }
        if messages.count < parallelThreshold {
            return messages.map { key.sign(pae($0)) }
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, messages.count / 4))
        let results = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: messages.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            // Each worker owns the indices congruent to its number: no two write one slot.
            while index < messages.count {
                output[index] = key.sign(pae(messages[index]))
                index += workers
            }
        }
        return Array(results)
    }
}
