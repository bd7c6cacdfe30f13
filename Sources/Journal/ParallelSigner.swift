import Dispatch
import Foundation
import Records

/// Signs payloads into DSSE envelope lines using every core: Ed25519 signing is the journal's
/// dominant cost, and each envelope depends only on its own payload.
enum ParallelSigner {
    /// Below this many payloads one thread is faster than the hand-off.
    static let parallelThreshold = 8

    /// The encoded envelope of each payload, in order.
    static func envelopes(for payloads: [[UInt8]], key: DeviceKey) -> [[UInt8]] {
        let seal = { @Sendable (payload: [UInt8]) -> [UInt8] in
            let pae = Envelope.preAuthenticationEncoding(payloadType: Envelope.recordPayloadType, payload: payload)
            return Envelope(payloadType: Envelope.recordPayloadType, payload: payload,
                            signatures: [.init(keyID: key.keyID, signature: key.sign(pae))]).encoded()
        }
        if payloads.count < parallelThreshold {
            return payloads.map(seal)
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, payloads.count / 4))
        let results = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: payloads.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            // Each worker owns the indices congruent to its number: no two write one slot.
            while index < payloads.count {
                output[index] = seal(payloads[index])
                index += workers
            }
        }
        return Array(results)
    }
}
