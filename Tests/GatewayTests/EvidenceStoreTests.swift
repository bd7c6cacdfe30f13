import Agent
import ClearanceProtocol
import Crypto
import Foundation
import LaneAgentTesting
import LaneModel
import Synchronization
import Testing

/// The evidence folder: content addressing, sealing, upload bookkeeping and the cap.
@Suite("Evidence store")
struct EvidenceStoreTests {
    static let picture: [UInt8] = [0xFF, 0xD8] + Array("a face, or what stands for one in a test".utf8) + [0xFF, 0xD9]

    @Test("personal evidence is sealed: it opens with central's private key, not with another, and the plaintext never touches the disk")
    func sealing() throws {
        let directory = TemporaryDirectory("evidence")
        let store = try EvidenceStore(stateDirectory: directory.path, sealTo: Array(CentralEvidenceKey.privateKey.publicKey.rawRepresentation))
        let reference = try store.store(EvidenceItem(role: "face", mediaType: "image/jpeg", bytes: Self.picture, personal: true), now: .now())
        let stored = try #require(store.contents(reference.sha256))
        #expect(reference.sealed && reference.size == stored.count && Hex.encode(SHA256.hash(data: stored)) == reference.sha256)
        #expect(try EvidenceSeal.open(stored, with: Array(CentralEvidenceKey.privateKey.rawRepresentation)) == Self.picture)
        let stranger = Curve25519.KeyAgreement.PrivateKey()
        #expect(throws: EvidenceSeal.Failure.self) { try EvidenceSeal.open(stored, with: Array(stranger.rawRepresentation)) }
        #expect(stored.firstRange(of: Array("a face".utf8)) == nil)
        // Sealing is randomised (a fresh encapsulated key each time): the same face twice is two files.
        let again = try store.store(EvidenceItem(role: "face", mediaType: "image/jpeg", bytes: Self.picture, personal: true), now: .now())
        #expect(again.sha256 != reference.sha256)
    }

    @Test("without a seal key, personal evidence is refused and nothing is written")
    func noSealKey() throws {
        let directory = TemporaryDirectory("evidence")
        let store = try EvidenceStore(stateDirectory: directory.path, sealTo: nil)
        #expect(throws: EvidenceError.self) {
            try store.store(EvidenceItem(role: "fingerprint", mediaType: "application/octet-stream", bytes: [1, 2, 3], personal: true), now: .now())
        }
        #expect(try store.usage().files == 0)
    }

    @Test("upload waits for the record's acknowledgement; the cap drops the oldest uploaded files, never unsent ones")
    func uploadAndCap() throws {
        let directory = TemporaryDirectory("evidence")
        let store = try EvidenceStore(stateDirectory: directory.path, sealTo: nil)
        var references: [EvidenceReference] = []
        for index in 1...4 {
            let item = EvidenceItem(role: "scene", mediaType: "image/jpeg", bytes: Array(repeating: UInt8(index), count: 1000), personal: false)
            let reference = try store.store(item, now: .now())
            try store.attach([reference], to: index)
            references.append(reference)
        }
        // The same bytes again keep one file.
        _ = try store.store(EvidenceItem(role: "scene", mediaType: "image/jpeg", bytes: Array(repeating: 1, count: 1000), personal: false), now: .now())
        #expect(try store.usage() == EvidenceStore.Usage(files: 4, bytes: 4000, unsent: 4))
        #expect(try store.pendingUploads(ackedThrough: 2, limit: 10).map(\.reference.sha256) == references.prefix(2).map(\.sha256))
        try store.markUploaded(references[0].sha256, now: Timestamp(millisecondsSinceEpoch: 1_000))
        try store.markUploaded(references[1].sha256, now: Timestamp(millisecondsSinceEpoch: 2_000))
        // Over a 2500-byte cap: the two uploaded files go, oldest first, and the unsent stay.
        #expect(try store.prune(firstSeq: 1, capBytes: 2500, now: .now()) == false)
        #expect(store.contents(references[0].sha256) == nil && store.contents(references[1].sha256) == nil)
        #expect(store.contents(references[2].sha256) != nil && store.contents(references[3].sha256) != nil)
        // Only unsent files left over a smaller cap: nothing is dropped, and the store says so.
        #expect(try store.prune(firstSeq: 1, capBytes: 1000, now: .now()) == true)
        #expect(try store.usage() == EvidenceStore.Usage(files: 2, bytes: 2000, unsent: 2))
    }

    @Test("a file whose record never committed (a crash in between) is removed after an hour; retention follows the journal")
    func orphansAndRetention() throws {
        let directory = TemporaryDirectory("evidence")
        let store = try EvidenceStore(stateDirectory: directory.path, sealTo: nil)
        let start = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        let orphan = try store.store(EvidenceItem(role: "scene", mediaType: "image/jpeg", bytes: [1], personal: false), now: start)
        let kept = try store.store(EvidenceItem(role: "scene", mediaType: "image/jpeg", bytes: [2], personal: false), now: start)
        try store.attach([kept], to: 5)
        try store.markUploaded(kept.sha256, now: start)
        let later = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 3_600_001)
        _ = try store.prune(firstSeq: 5, capBytes: 1 << 30, now: later)
        #expect(store.contents(orphan.sha256) == nil && store.contents(kept.sha256) != nil)
        // The journal pruned record 5: its uploaded evidence goes with it.
        _ = try store.prune(firstSeq: 6, capBytes: 1 << 30, now: later)
        #expect(store.contents(kept.sha256) == nil)
    }

    @Test("writers storing the same picture at the same moment all succeed: one file with its bytes, no temporary file left")
    func concurrentSameEvidence() async throws {
        let directory = TemporaryDirectory("evidence")
        let store = try EvidenceStore(stateDirectory: directory.path, sealTo: nil)
        // 2 MiB: each write and fsync lasts long enough for the writers to overlap.
        let bytes = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let item = EvidenceItem(role: "scene", mediaType: "image/jpeg", bytes: bytes, personal: false)
        let writers = 16
        // Threads of their own, released together, so every writer finds the file missing and writes it.
        let outcomes = await DedicatedThread.run { () -> [Result<String, EvidenceError>] in
            let gate = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            let results = Mutex<[Result<String, EvidenceError>]>([])
            for _ in 0..<writers {
                done.enter()
                Thread {
                    gate.wait()
                    let result = Result { () throws(EvidenceError) -> String in try store.store(item, now: .now()).sha256 }
                    results.withLock { $0.append(result) }
                    done.leave()
                }.start()
            }
            for _ in 0..<writers { gate.signal() }
            done.wait()
            return results.withLock { $0 }
        }
        let sha256 = Hex.encode(SHA256.hash(data: bytes))
        #expect(outcomes.count == writers)
        for outcome in outcomes {
            switch outcome {
            case .success(let stored): #expect(stored == sha256)
            case .failure(let error): Issue.record("a writer failed: \(error)")
            }
        }
        #expect(store.contents(sha256) == bytes)
        #expect(try store.usage() == EvidenceStore.Usage(files: 1, bytes: Int64(bytes.count), unsent: 1))
        let folder = directory.file("evidence/\(sha256.prefix(2))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [sha256], "no temporary file remains")
    }
}
