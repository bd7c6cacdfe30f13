import EPassport
import Synchronization

/// Where a chip reader gets the key that opens the next chip. On a people lane the optical MRZ
/// reader reads the data page first and its MRZ is offered here (`offer`); a fixed test setup
/// configures one key (`mrz` or `can`) instead. An offered key serves one card presentation that
/// starts within `validity` of the offer, then is spent: a wrong key is tried once per card
/// (chips count failed attempts), and one traveller's key never opens the next one's chip.
final class AccessKeySlot: Sendable {
    private let offered = Mutex<(key: AccessKey, at: ContinuousClock.Instant)?>(nil)
    let fixed: AccessKey?
    let validity: Duration

    init(fixed: AccessKey?, validity: Duration = .seconds(60)) {
        self.fixed = fixed
        self.validity = validity
    }

    /// A key for the card about to be read.
    func offer(_ key: AccessKey) { offered.withLock { $0 = (key, .now) } }

    /// The key for the card just presented: a fresh offered one (spent by this), else the fixed
    /// one; with neither, waits up to `wait` for an offer (the MRZ read a moment after the chip
    /// was seen). Nil when none came.
    func take(waiting wait: Duration) async -> AccessKey? {
        let deadline = ContinuousClock.now + wait
        while true {
            let fresh: AccessKey? = offered.withLock { slot in
                guard let current = slot else { return nil }
                slot = nil
                return current.at.duration(to: .now) <= validity ? current.key : nil
            }
            if let key = fresh ?? fixed { return key }
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(50))) != nil else { return nil }
        }
    }
}
