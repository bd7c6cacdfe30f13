import DeviceKit
import DocumentSecurity
import EPassport
import Foundation
import LaneModel
import Synchronization

/// One passport chip reader: each card presented is read once (PACE or BAC with the key the
/// lane offers, the data groups, passive authentication, chip or active authentication) and becomes one
/// `document.chip` reading with the face as sealed evidence. Over PC/SC it opens pcscd and the
/// configured reader, watches for cards and reopens with backoff when the reader or pcscd goes
/// (health and faults as every device reports them); simulated, cards are `present`ed to it.
public final class ChipReaderDevice: Sendable {
    /// Where the cards come from.
    public enum Source: Sendable, Hashable {
        /// A PC/SC reader whose name contains `reader`; nil takes pcscd's first reader.
        case pcsc(reader: String?)
        /// Cards handed to `present(_:)`, such as EPassport's `SimulatedPassport`: no pcscd.
        case simulated
    }

    public let id: String
    public let source: Source
    private let feed: DeviceFeed<Reading>
    private let backoff: ReconnectBackoff?
    private let keys: AccessKeySlot
    private let keyWait: Duration
    private let trustList: Mutex<CSCATrustList>
    private let utcOffsetMinutes: Int
    private let random: RandomBytes
    private let cards: (stream: AsyncStream<any CardChannel>, continuation: AsyncStream<any CardChannel>.Continuation)

    /// `key` opens every chip when set (a fixed test setup); otherwise each card waits up to
    /// `keyWait` for a key `offer`ed by the lane. `backoff` nil makes one attempt (diagnostics).
    public init(id: String, source: Source, key: AccessKey? = nil, keyWait: Duration = .seconds(5), trust: CSCATrustList = .empty,
                utcOffsetMinutes: Int = 420, random: RandomBytes = .system, backoff: ReconnectBackoff? = ReconnectBackoff(),
                bufferingNewest: Int? = nil) {
        self.id = id
        self.source = source
        self.backoff = backoff
        self.keyWait = keyWait
        self.utcOffsetMinutes = utcOffsetMinutes
        self.random = random
        keys = AccessKeySlot(fixed: key)
        trustList = Mutex(trust)
        feed = DeviceFeed(device: id, bufferingNewest: bufferingNewest)
        cards = AsyncStream.makeStream(of: (any CardChannel).self)
    }

    /// Readings (one per card presented) and health changes, until `run()` returns.
    public var events: AsyncStream<DeviceEvent<Reading>> { feed.events }

    /// The device's health now.
    public var health: DeviceHealth { feed.health }

    /// The key for the next card: the MRZ the lane's optical reader just read, or a CAN.
    public func offer(_ key: AccessKey) { keys.offer(key) }

    /// The CSCAs passive authentication trusts from now on (the reference data's list).
    public func trust(_ list: CSCATrustList) { trustList.withLock { $0 = list } }

    /// A card put on a simulated reader; ignored by a PC/SC one.
    public func present(_ card: any CardChannel) { cards.continuation.yield(card) }

    /// Reads cards until the task is cancelled (or, without backoff, until the first connection
    /// ends); then finishes `events`.
    public func run() async {
        switch source {
        case .pcsc(let name):
            await feed.keepOpen(backoff: backoff,
                                open: { () throws(PCSCError) in try Self.open(name) },
                                read: { await self.readPresentations(context: $0.context, reader: $0.reader) },
                                lost: { PCSCError(kind: .readerUnavailable, reader: name ?? "", operation: "watch for cards") },
                                report: { self.feed.failed($0.description, failure: $0.serialPortError) })
        case .simulated:
            await feed.keepOpen(backoff: nil, open: { () throws(PCSCError) in () },
                                read: { _ in
                                    for await card in self.cards.stream { await self.deliver(card) }
                                    return nil
                                },
                                lost: { PCSCError(kind: .readerUnavailable, reader: "simulated", operation: "present cards") },
                                report: { self.feed.failed($0.description, failure: $0.serialPortError) })
        }
    }

    /// pcscd and the reader: the named one, or the first there is.
    private static func open(_ name: String?) throws(PCSCError) -> (context: PCSCContext, reader: String) {
        let context = try PCSCContext()
        if let name { return (context, try context.reader(matching: name)) }
        guard let first = try context.readers().first else { throw PCSCError(kind: .noReaders, reader: "", operation: "find a reader") }
        return (context, first)
    }

    /// Reads each card presented on `reader` until the reader or pcscd fails (returned) or the task is cancelled (nil).
    private func readPresentations(context: PCSCContext, reader: String) async -> PCSCError? {
        do {
            for try await change in CardPresenceWatch.changes(reader: reader) {
                guard case .present = change else { continue }
                let card: PCSCCard
                do {
                    card = try await Self.connect(context, reader)
                } catch {
                    // Gone before it could be read, or mute: a presentation that read nothing, said so.
                    feed.delivered(reading(Self.unread(error.description)))
                    continue
                }
                await deliver(card)
                card.disconnect(reset: true)
            }
            return nil
        } catch let error as PCSCError {
            return error
        } catch {
            return PCSCError(kind: .communication, reader: reader, operation: "watch for cards (\(error))")
        }
    }

    /// `SCardConnect` off the tasks' threads: it blocks while the card powers up and answers.
    private static func connect(_ context: PCSCContext, _ reader: String) async throws(PCSCError) -> PCSCCard {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<PCSCCard, PCSCError>, Never>) in
            DispatchQueue.global().async {
                do throws(PCSCError) {
                    continuation.resume(returning: .success(try context.connect(reader: reader)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Reads the card on `channel` and reports the reading.
    private func deliver(_ channel: any CardChannel) async {
        guard let key = await keys.take(waiting: keyWait) else {
            let wait = keyWait.components.seconds
            feed.delivered(reading(Self.unread("no MRZ or CAN came to open the chip within \(wait) s of the card: read the data page first")))
            return
        }
        let reader = PassportReader(trust: trustList.withLock { $0 }, random: random, utcOffsetMinutes: utcOffsetMinutes)
        let report = await reader.read(channel, key: key, at: Date())
        feed.delivered(reading(report.reading, face: report.face))
    }

    private func reading(_ chip: ChipRead, face: EvidenceItem? = nil) -> Reading {
        Reading(device: id, time: .now(), detail: .chip(chip), evidence: face.map { [$0] } ?? [])
    }

    /// A presentation that read nothing, with why.
    static func unread(_ failure: String) -> ChipRead {
        let notChecked = ChipCheck(outcome: .notChecked, method: nil, detail: "the chip was not read")
        return ChipRead(access: "none", read: false, failure: failure, dataGroups: [], document: nil, passiveAuthentication: notChecked,
                        chipAuthentication: notChecked)
    }
}
