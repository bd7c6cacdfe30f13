import Synchronization

/// Set once a server bound its address: tells a bind failure from a later one.
final class ListeningFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
