import CTimex
import Foundation
import LaneModel

/// The kernel's view of whether the system clock is synchronised, read with adjtimex(2).
public enum KernelClock {
    /// The kernel's clock state and estimated error.
    public struct Reading: Sendable, Equatable {
        public let sync: ClockSync
        /// Estimated error in microseconds, as the kernel reports it (nil if unknown).
        public let estimatedErrorMicroseconds: Int?
        /// The adjtimex return state (TIME_OK = 0 … TIME_ERROR = 5), or nil if the call failed.
        public let state: Int32?
        /// The kernel's maximum error bound in microseconds (nil if unknown).
        public let maxErrorMicroseconds: Int?
        /// The offset the kernel is still slewing away, in microseconds (nil if unknown).
        public let offsetMicroseconds: Double?

        public init(sync: ClockSync, estimatedErrorMicroseconds: Int?, state: Int32?,
                    maxErrorMicroseconds: Int? = nil, offsetMicroseconds: Double? = nil) {
            self.sync = sync
            self.estimatedErrorMicroseconds = estimatedErrorMicroseconds
            self.state = state
            self.maxErrorMicroseconds = maxErrorMicroseconds
            self.offsetMicroseconds = offsetMicroseconds
        }
    }

    /// Reads adjtimex without changing anything. Unknown counts as unsynced: a record must never
    /// claim a synchronised clock it cannot show.
    public static func read() -> Reading {
        var tx = timex()
        tx.modes = 0
        let state = adjtimex(&tx)
        guard state >= 0 else { return Reading(sync: .unsynced, estimatedErrorMicroseconds: nil, state: nil) }
        let unsynced = state == TIME_ERROR || (tx.status & Int32(STA_UNSYNC)) != 0
        // With STA_NANO the kernel reports the offset in nanoseconds.
        let offset = (tx.status & Int32(STA_NANO)) != 0 ? Double(tx.offset) / 1000 : Double(tx.offset)
        return Reading(sync: unsynced ? .unsynced : .synced, estimatedErrorMicroseconds: Int(tx.esterror), state: state,
                       maxErrorMicroseconds: Int(tx.maxerror), offsetMicroseconds: offset)
    }

    /// Just the sync state, for stamping records.
    @Sendable public static func syncState() -> ClockSync { read().sync }
}
