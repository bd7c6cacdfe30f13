import DocumentSecurity
import Foundation
import LaneModel

/// Reads one presented passport or ID card over a `CardChannel` and proves what it can
/// (ICAO 9303 parts 10–11): PACE when EF.CardAccess offers it, else BAC; EF.COM, EF.SOD, DG1,
/// DG2, DG14 and DG15 when present; Active Authentication when DG15 is there; passive
/// authentication against the CSCA trust list.
///
/// It never throws and never retries access control: a refused BAC or PACE is "access denied"
/// for this presentation, since chips count failures and may block. A chip that leaves, answers
/// garbage or announces an oversized file ends the read with a failure naming the file.
public struct PassportReader: Sendable {
    public var trust: CSCATrustList
    /// Where BAC's nonces, PACE's keys and Active Authentication's challenge come from.
    public var random: RandomBytes
    /// The lane's offset east of UTC, for the day DG1's dates are judged on.
    public var utcOffsetMinutes: Int

    public init(trust: CSCATrustList, random: RandomBytes = .system, utcOffsetMinutes: Int = 0) {
        self.trust = trust
        self.random = random
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// The chip on `channel` read with `key` at `time`.
    public func read(_ channel: any CardChannel, key: AccessKey, at time: Date) async -> ChipReport {
        var session = PassportReadSession(reader: self, connection: ChipConnection(channel: channel), key: key, time: time)
        await session.run()
        return session.report
    }
}
