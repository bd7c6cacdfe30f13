/// What LaneAgent makes of one USB device: who would serve it and what it is.
public struct USBMatch: Sendable, Hashable {
    /// Driver names (`[[devices]] driver`) that can read this device, in table order; for a
    /// USB fingerprint reader, `USBFingerprintReaders.claimant`. Empty when nothing claims it.
    public let claimedBy: [String]
    /// What the device is, from the tables or its interfaces ("FTDI FT232R USB-serial bridge",
    /// "CDC-ACM serial"); nil when unknown.
    public let what: String?

    public init(claimedBy: [String], what: String?) {
        self.claimedBy = claimedBy
        self.what = what
    }
}
