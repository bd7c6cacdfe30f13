/// A card's APDU channel: one command out (ISO 7816-4 bytes), its response back (data, then SW1 SW2).
public protocol CardChannel: Sendable {
    /// Sends `command` and returns the card's whole response, status words last.
    func transmit(_ command: [UInt8]) async throws -> [UInt8]
}
